/**
 * Where the server's files come from, other than the editor: the disk in Node (server/src/node/nodeFileSource.ts),
 * the client in a web worker (clientFileSource.ts). The rest of the server (diskFiles.ts, reachabilityRequest.ts)
 * sees only this interface and URIs, so that it runs in both without Node's `fs`, `path` or `url`.
 */
export interface FileSource {
  /** The folder as the files' URIs spell it (no trailing slash), or undefined when this source cannot read it. */
  folder(uri: string): string | undefined;
  /** The YAML files in `folder` (below it too when `recursive`), in name order, at most `maxFiles`. */
  findYamlFiles(folder: string, options: FindOptions): Promise<FoundFiles>;
  /** The file's size, and its bytes unless it is larger than `maxFileSize`; undefined when it is not a file. */
  readFile(uri: string, maxFileSize: number): Promise<FileRead | undefined>;
  /** How a message names the file or folder: a local path for `file:` URIs. */
  describe(uri: string): string;
}

export interface FindOptions {
  readonly recursive: boolean;
  readonly exclude: readonly string[];
  readonly maxFiles: number;
  /** A folder or file that could not be read (the search goes on). */
  readonly onError: (what: string) => void;
}

export interface FoundFiles {
  readonly uris: readonly string[];
  /** True when there were more than `maxFiles`. */
  readonly limited: boolean;
}

export interface FileRead {
  readonly size: number;
  readonly bytes?: Uint8Array;
}

/** What the server needs from where it runs (server.ts for Node, browserServer.ts for a web worker). */
export interface ServerEnvironment {
  readonly files: FileSource;
  /** The `docs/rules/` folder's URI, for the diagnostics' links; else the client may send it (`ruleDocsBase`). */
  readonly ruleDocsBase?: string;
}
