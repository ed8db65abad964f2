import type { CancellationToken, Connection } from 'vscode-languageserver';
import { getNotUtf8FileFindings, RequestCancelled, type Finding, type NetpolService } from '../service';
import { decodeText } from '../yamlText';
import type { FileSource } from './fileSource';
import type { ServerSettings } from './serverSettings';

/** How many files the workspace scan reads at once: one at a time, it waited on the disk a third of the time. */
const SCAN_CONCURRENCY = 16;

/** What the disk reader needs from the server around it. */
export interface DiskFilesHost {
  readonly connection: Connection;
  readonly service: NetpolService;
  /** Where files are read from: the disk in Node, the client in a web worker. */
  readonly files: FileSource;
  /** True when the editor owns the file's text (an open document): the disk's copy does not count. */
  isOpen(uri: string): boolean;
  /** The file's analysis (or its notice) changed: publish it. */
  changed(uri: string): void;
  /** The file is gone: clear what was published for it. */
  removed(uri: string): void;
}

/**
 * The files the server reads besides the editor's, through its {@link FileSource} (the disk in Node, the client in
 * a web worker): the workspace folders (recursively, within `netpol.maxFiles` files of at most
 * `netpol.maxFileSize` bytes each), single files when the watcher says they changed, and the folder of a lone file
 * that the reachability panel is shown for (that folder alone, not below it, within the same limits). A file
 * skipped for its size or because it is not UTF-8 text gets one notice instead of silence.
 */
export class DiskFiles {
  /** Files not analysed: uri -> the notice shown on them instead (none when its code is turned off). */
  readonly notices = new Map<string, readonly Finding[]>();
  /** Files read from folders outside the workspace folders: they feed a panel, never the Problems view. */
  private readonly outside = new Set<string>();
  private readonly scannedOutside = new Set<string>();

  constructor(private readonly host: DiskFilesHost) {}

  /** The folder's URI as this server's files spell it, or undefined when it cannot be read (see {@link FileSource.folder}). */
  folder(uri: string): string | undefined {
    return this.host.files.folder(uri);
  }

  /** How messages name a file: its path when it has one. */
  describe(uri: string): string {
    return this.host.files.describe(uri);
  }

  /** True for a file read only for a panel's scope outside the workspace folders. */
  isOutside(uri: string): boolean {
    return this.outside.has(uri);
  }

  /** Reads every YAML file of the workspace folders (folder URIs from {@link FileSource.folder}). */
  async scanRoots(roots: readonly string[], settings: ServerSettings): Promise<void> {
    let budget = settings.maxFiles;
    for (const root of roots) {
      const found = await this.host.files.findYamlFiles(root, {
        recursive: true,
        exclude: settings.exclude,
        maxFiles: budget,
        onError: (what) => this.host.connection.console.warn(`Skipped ${what}`),
      });
      if (found.limited) {
        this.host.connection.console.warn(
          `The workspace scan stopped at netpol.maxFiles (${settings.maxFiles}) YAML files; the rest of ${this.host.files.describe(root)} is not analysed. Raise netpol.maxFiles or add netpol.exclude patterns.`,
        );
      }
      budget -= found.uris.length;
      await this.readAll(found.uris, settings);
      if (budget <= 0) break;
    }
  }

  /**
   * Reads the YAML files directly in `folder` (not below it) once, for a panel on a lone file outside the
   * workspace folders. Bounded like the workspace scan, and cancellable between files.
   */
  async scanOutsideFolder(folder: string, settings: ServerSettings, token?: CancellationToken): Promise<void> {
    if (this.scannedOutside.has(folder)) return;
    const found = await this.host.files.findYamlFiles(folder, {
      recursive: false,
      exclude: [],
      maxFiles: settings.maxFiles,
      onError: (what) => this.host.connection.console.warn(`Could not read ${what}`),
    });
    for (const uri of found.uris) {
      if (token?.isCancellationRequested) throw new RequestCancelled();
      if (this.host.isOpen(uri) || this.host.service.getFile(uri)) continue;
      this.outside.add(uri);
      await this.load(uri, settings);
    }
    this.scannedOutside.add(folder);
  }

  /** Reads one file into the workspace, or records why it cannot be analysed. */
  async load(uri: string, settings: ServerSettings): Promise<void> {
    const read = await this.host.files.readFile(uri, settings.maxFileSize).catch(() => undefined);
    if (!read) return this.forget(uri);
    const name = this.host.files.describe(uri);
    if (read.bytes === undefined || read.size > settings.maxFileSize) {
      this.host.connection.console.info(`Skipped ${name}: ${read.size} bytes is more than netpol.maxFileSize (${settings.maxFileSize}).`);
      return this.skip(uri, [tooLargeFinding(read.size, settings.maxFileSize, 'bytes')]);
    }
    if (this.host.isOpen(uri)) return; // opened while we were reading: the editor's text wins
    const bytes = read.bytes;
    const text = decodeText(bytes);
    if (text === undefined) {
      this.host.connection.console.info(`Skipped ${name}: not UTF-8 text.`);
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
        const uri = files[next++];
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
