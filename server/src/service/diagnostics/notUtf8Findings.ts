import type { Finding } from '../findings';
import type { ServiceSettings } from '../settings';
import { applySeverityOverrides } from './documentFindings';

/**
 * The findings of a file that was not read because its bytes are not UTF-8 text (invalid UTF-8, or a NUL byte):
 * one `file.not-utf8` notice at its start, saying where the first bad byte is, with `netpol.rules` applied. The
 * language server's workspace scan and `netpol-lens check` both give it, so such a file is never silently
 * unchecked. Call it for bytes that `decodeText` (server/src/node/yamlFiles.ts) refused.
 */
export function getNotUtf8FileFindings(bytes: Uint8Array, settings: Pick<ServiceSettings, 'rules'>): Finding[] {
  return applySeverityOverrides([notUtf8Finding(bytes)], settings.rules);
}

function notUtf8Finding(bytes: Uint8Array): Finding {
  const finding = (message: string): Finding => ({ code: 'file.not-utf8', severity: 'warning', message, start: 0, end: 0 });
  const skipped = 'it was skipped, and the policies in it were not checked';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return finding(`This file starts with a UTF-16 byte order mark: it is not UTF-8 text, so ${skipped}. Save it as UTF-8.`);
  }
  const bad = firstBadByte(bytes);
  const where = bad === undefined ? '' : ` (${describeByte(bytes, bad)})`;
  if (bad !== undefined && bytes[bad] === 0) {
    return finding(`This file has a NUL byte${where}: it is binary, not YAML text, so ${skipped}.`);
  }
  return finding(`This file is not UTF-8 text${where}: ${skipped}. kubectl rejects it too ("invalid leading UTF-8 octet"). Save it as UTF-8.`);
}

/** "byte 0xE9 on line 3, column 12": line and column counted in bytes, from 1. */
function describeByte(bytes: Uint8Array, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')} on line ${line}, column ${at - lineStart + 1}`;
}

/** The index of the first byte that is NUL or not part of well-formed UTF-8 (as TextDecoder's fatal mode judges). */
function firstBadByte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0) return i;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) min = 0x90; // overlong
      if (b === 0xf4) max = 0x8f; // over U+10FFFF
    } else return i;
    // The second byte has the narrowed range, the others 0x80..0xBF.
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return undefined;
}
