import type { Connection } from 'vscode-languageserver';
import { FindYamlFilesRequest, ReadFileRequest } from '../protocol/fileProtocol';
import type { FileSource } from './fileSource';
import { uriPath } from './uris';

/**
 * The files of a server without a disk (the web worker): the client reads them (`vscode.workspace.fs`,
 * `workspace.findFiles`, client/src/fileServer.ts) and sends them over the connection. Any scheme the client can
 * read is a folder here; the client applies the same exclude globs and limits as the Node server's own scan.
 */
export function clientFileSource(connection: Connection): FileSource {
  return {
    folder(uri) {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) || uri.startsWith('untitled:')) return undefined;
      return uri.length > 1 ? uri.replace(/\/+$/, '') : uri;
    },

    async findYamlFiles(folder, options) {
      const found = await connection.sendRequest(FindYamlFilesRequest, {
        folder,
        recursive: options.recursive,
        exclude: options.exclude,
        maxFiles: options.maxFiles,
      });
      for (const error of found.errors ?? []) options.onError(error);
      return { uris: found.uris.slice(0, options.maxFiles), limited: found.limited };
    },

    async readFile(uri, maxFileSize) {
      const read = await connection.sendRequest(ReadFileRequest, { uri, maxFileSize });
      if (!read) return undefined;
      return read.base64 === undefined ? { size: read.size } : { size: read.size, bytes: fromBase64(read.base64) };
    },

    describe(uri) {
      return uri.startsWith('file:') ? uriPath(uri) : uri;
    },
  };
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
