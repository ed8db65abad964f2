import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { getNotUtf8FileFindings, RequestCancelled, type Finding, type NetpolService } from '../service';
import { decodeText, findYamlFiles, isYamlFileName } from '../node/yamlFiles';
import type { ServerSettings } from './serverSettings';

/** How many files the workspace scan reads at once: one at a time, it waited on the disk a third of the time. */
const SCAN_CONCURRENCY = 16;

/** What the disk reader needs from the server around it. */
export interface DiskFilesHost {
  readonly connection: Connection;
  readonly service: NetpolService;
  /** True when the editor owns the file's text (an open document): the disk's copy does not count. */
  isOpen(uri: string): boolean;
  /** The file's analysis (or its notice) changed: publish it. */
  changed(uri: string): void;
  /** The file is gone: clear what was published for it. */
  removed(uri: string): void;
}

/**
 * The files the server reads from disk: the workspace folders (recursively, within `netpol.maxFiles` files of at
 * most `netpol.maxFileSize` bytes each), single files when the watcher says they changed, and the folder of a
 * lone file that the reachability panel is shown for (that folder alone, not below it, within the same limits).
 * A file skipped for its size or because it is not UTF-8 text gets one notice instead of silence.
 */
export class DiskFiles {
  /** Files not analysed: uri -> the notice shown on them instead (none when its code is turned off). */
  readonly notices = new Map<string, readonly Finding[]>();
  /** Files read from folders outside the workspace folders: they feed a panel, never the Problems view. */
  private readonly outside = new Set<string>();
  private readonly scannedOutside = new Set<string>();

  constructor(private readonly host: DiskFilesHost) {}

  /** True for a file read only for a panel's scope outside the workspace folders. */
  isOutside(uri: string): boolean {
    return this.outside.has(uri);
  }

  /** Reads every YAML file of the workspace folders. */
  async scanRoots(roots: readonly string[], settings: ServerSettings): Promise<void> {
    let budget = settings.maxFiles;
    for (const root of roots) {
      const files = await findYamlFiles(root, {
        exclude: settings.exclude,
        maxFiles: budget,
        onError: (file, error) => this.host.connection.console.warn(`Skipped ${file}: ${error.code ?? error.message}`),
        onLimit: () =>
          this.host.connection.console.warn(`The workspace scan stopped at netpol.maxFiles (${settings.maxFiles}) YAML files; the rest of ${root} is not analysed. Raise netpol.maxFiles or add netpol.exclude patterns.`),
      });
      budget -= files.length;
      await this.readAll(files, settings);
      if (budget <= 0) break;
    }
  }

  /**
   * Reads the YAML files directly in `folder` (not below it) once, for a panel on a lone file outside the
   * workspace folders. Bounded like the workspace scan, and cancellable between files.
   */
  async scanOutsideFolder(folder: string, settings: ServerSettings, token?: CancellationToken): Promise<void> {
    if (this.scannedOutside.has(folder)) return;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      this.host.connection.console.warn(`Could not read ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    const files = entries
      .filter((entry) => entry.isFile() && isYamlFileName(entry.name))
      .map((entry) => path.join(folder, entry.name))
      .sort()
      .slice(0, settings.maxFiles);
    for (const file of files) {
      if (token?.isCancellationRequested) throw new RequestCancelled();
      const uri = pathToFileURL(file).toString();
      if (this.host.isOpen(uri) || this.host.service.getFile(uri)) continue;
      this.outside.add(uri);
      await this.load(uri, settings);
    }
    this.scannedOutside.add(folder);
  }

  /** Reads one file into the workspace, or records why it cannot be analysed. */
  async load(uri: string, settings: ServerSettings): Promise<void> {
    let filePath: string;
    try {
      filePath = fileURLToPath(uri);
    } catch {
      return this.forget(uri);
    }
    let bytes: Buffer;
    try {
      const stat = await fs.stat(filePath);
      if (!stat.isFile()) return this.forget(uri);
      if (stat.size > settings.maxFileSize) {
        this.host.connection.console.info(`Skipped ${filePath}: ${stat.size} bytes is more than netpol.maxFileSize (${settings.maxFileSize}).`);
        return this.skip(uri, [tooLargeFinding(stat.size, settings.maxFileSize, 'bytes')]);
      }
      bytes = await fs.readFile(filePath);
    } catch {
      return this.forget(uri);
    }
    if (this.host.isOpen(uri)) return; // opened while we were reading: the editor's text wins
    const text = decodeText(bytes);
    if (text === undefined) {
      this.host.connection.console.info(`Skipped ${filePath}: not UTF-8 text.`);
      return this.skip(uri, getNotUtf8FileFindings(bytes, settings));
    }
    this.notices.delete(uri);
    this.host.service.setFile(uri, text);
    this.host.changed(uri);
  }

  /** The file is not analysed; it shows `notice` instead. */
  skip(uri: string, notice: readonly Finding[]): void {
    this.notices.set(uri, notice);
    this.host.service.deleteFile(uri);
    this.host.changed(uri);
  }

  forget(uri: string): void {
    this.notices.delete(uri);
    this.outside.delete(uri);
    this.host.service.deleteFile(uri);
    this.host.removed(uri);
  }

  private async readAll(files: readonly string[], settings: ServerSettings): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const uri = pathToFileURL(files[next++]).toString();
        if (!this.host.isOpen(uri)) await this.load(uri, settings);
      }
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
  }
}

/** The notice on a file skipped for its size (`bytes` on disk, `characters` in the editor). */
export function tooLargeFinding(size: number, maxFileSize: number, unit: 'bytes' | 'characters'): Finding {
  return {
    code: 'file.too-large',
    severity: 'information',
    message: `This file has ${size} ${unit}, more than netpol.maxFileSize (${maxFileSize}): it was skipped. Raise netpol.maxFileSize to analyse it.`,
    start: 0,
    end: 0,
  };
}
