/**
 * How a language server without a disk reads the workspace: the web extension runs the server in a web worker,
 * which cannot open files, so the server asks the client, which reads them through `vscode.workspace.fs` and
 * `workspace.findFiles`. The Node server reads the disk itself and never sends these (client/src/fileServer.ts
 * answers them; server/src/lsp/clientFileSource.ts sends them).
 */
import { RequestType } from 'vscode-languageserver-protocol';

export interface FindYamlFilesParams {
  /** The folder to look in (a URI as the client spells it, e.g. `file:` or `vscode-remote:`). */
  readonly folder: string;
  /** Below the folder too (the workspace scan), or only directly in it (a lone file's folder for the panel). */
  readonly recursive: boolean;
  /** `netpol.exclude`: globs relative to the folder. */
  readonly exclude: readonly string[];
  /** At most this many files; `limited` says when there were more. */
  readonly maxFiles: number;
}

export interface FindYamlFilesResult {
  /** The `*.yaml`/`*.yml` files, sorted. */
  readonly uris: string[];
  readonly limited: boolean;
  /** Folders or files that could not be read, with why. */
  readonly errors?: string[];
}

export interface ReadFileParams {
  readonly uri: string;
  /** `netpol.maxFileSize`: a larger file is not read, only its size is answered. */
  readonly maxFileSize: number;
}

export interface ReadFileResult {
  /** Its size in bytes. */
  readonly size: number;
  /** Its bytes, base64 (absent when it is larger than `maxFileSize`). */
  readonly base64?: string;
}

export const FindYamlFilesRequest = new RequestType<FindYamlFilesParams, FindYamlFilesResult, void>('netpol/findYamlFiles');
/** null: not a file (gone, a folder, unreadable). */
export const ReadFileRequest = new RequestType<ReadFileParams, ReadFileResult | null, void>('netpol/readFile');
