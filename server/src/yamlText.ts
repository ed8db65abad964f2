/** Which files hold manifests, and how their bytes become text: shared by the disk readers and the web worker. */

/** True for the file names the service reads. */
export function isYamlFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Decodes a file as UTF-8, or returns undefined when it is not text (invalid UTF-8 or NUL bytes). */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
