/**
 * The client's side of server/src/protocol/fileProtocol.ts: a language server in a web worker has no disk, so it
 * asks for the workspace's YAML files here, read through `workspace.findFiles` and `workspace.fs` (any file system
 * VS Code has: `file:`, `vscode-remote:`, a virtual workspace). Same exclude globs and limits as the Node server's
 * own scan (server/src/node/yamlFiles.ts): `node_modules` and `.git` always skipped, at most `maxFiles` files in
 * name order, files over `maxFileSize` bytes not read.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  FindYamlFilesRequest,
  ReadFileRequest,
  type FindYamlFilesParams,
  type FindYamlFilesResult,
  type ReadFileResult,
} from '../../server/src/protocol/fileProtocol';

const YAML_NAME = /\.ya?ml$/i;
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

/** Answers the server's file requests; call before the client starts. */
export function registerFileServer(client: BaseLanguageClient): vscode.Disposable {
  const disposables = [
    client.onRequest(FindYamlFilesRequest, findYamlFiles),
    client.onRequest(ReadFileRequest, (params) => readFile(params.uri, params.maxFileSize)),
  ];
  return new vscode.Disposable(() => disposables.forEach((disposable) => disposable.dispose()));
}

async function findYamlFiles(params: FindYamlFilesParams): Promise<FindYamlFilesResult> {
  const folder = vscode.Uri.parse(params.folder, true);
  const maxFiles = Math.max(0, Math.floor(params.maxFiles));
  let uris: vscode.Uri[];
  try {
    if (params.recursive) {
      const excluded = [...ALWAYS_EXCLUDED, ...params.exclude.filter((glob) => typeof glob === 'string')];
      // One more than the limit tells whether there were more. findFiles' order is not the disk's: sorted here.
      uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{yaml,yml,YAML,YML,Yaml,Yml}'), `{${excluded.join(',')}}`, maxFiles + 1);
    } else {
      const entries = await vscode.workspace.fs.readDirectory(folder);
      uris = entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => vscode.Uri.joinPath(folder, name));
    }
  } catch (error) {
    return { uris: [], limited: false, errors: [`${folder.toString()}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const names = uris
    .filter((uri) => YAML_NAME.test(uri.path))
    .map((uri) => uri.toString())
    .sort();
  return { uris: names.slice(0, maxFiles), limited: names.length > maxFiles };
}

async function readFile(uriString: string, maxFileSize: number): Promise<ReadFileResult | null> {
  try {
    const uri = vscode.Uri.parse(uriString, true);
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0) return null;
    if (stat.size > maxFileSize) return { size: stat.size };
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { size: bytes.length, base64: toBase64(bytes) };
  } catch {
    return null; // gone, or not readable: the server forgets it
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
