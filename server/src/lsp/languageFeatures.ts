import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CodeActionParams,
  type Connection,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { NetpolService, ParsedFile } from '../service';
import { SHOW_REACHABILITY_COMMAND } from '../protocol/commands';
import { onGuardedRequest, type Lifecycle } from './lifecycle';
import { offsetsOf, positionsForUri, positionsOf } from './positions';
import type { SettingsStore } from './settingsStore';
import { toCodeAction } from './toCodeAction';
import { toCodeLens } from './toCodeLens';
import { toCompletionItem } from './toCompletionItem';
import { toDocumentSymbol } from './toDocumentSymbol';
import { toHover } from './toHover';

export interface FeaturesHost {
  readonly connection: Connection;
  readonly lifecycle: Lifecycle;
  readonly service: NetpolService;
  readonly documents: TextDocuments<TextDocument>;
  readonly settings: SettingsStore;
  /** The parsed file for a request: an edit waiting for the debounce is applied first. */
  fileFor(uri: unknown): ParsedFile | undefined;
  /** Client commands the server may put in CodeLenses (VS Code's client registers them; other editors do not). */
  clientCommands(): ReadonlySet<string>;
  /** Hovers and completions push the workspace pass back, so that they do not wait behind it. */
  interactiveRequest(): void;
}

/**
 * The editor features: each handler gets the file, converts positions to offsets, asks the service, and converts
 * the answer through one `to*.ts`. Nothing else happens here.
 */
export function registerLanguageFeatures(host: FeaturesHost): void {
  const { connection, lifecycle, service, documents, settings } = host;

  onGuardedRequest(connection, lifecycle, HoverRequest.type, 'hover', null, (params) => {
    host.interactiveRequest();
    const file = host.fileFor(params.textDocument?.uri);
    if (!file) return null;
    const open = documents.get(file.uri);
    const hover = service.getHover(file.uri, offsetsOf(file, open)(params.position), settings.forUri(file.uri));
    return hover ? toHover(hover, positionsOf(file, open)) : null;
  });

  onGuardedRequest(connection, lifecycle, CompletionRequest.type, 'completion', [], (params) => {
    host.interactiveRequest();
    const file = host.fileFor(params.textDocument?.uri);
    if (!file) return [];
    const open = documents.get(file.uri);
    const positionAt = positionsOf(file, open);
    return service
      .getCompletions(file.uri, offsetsOf(file, open)(params.position), settings.forUri(file.uri))
      .map((proposal) => toCompletionItem(proposal, positionAt));
  });

  onGuardedRequest(connection, lifecycle, CodeActionRequest.type, 'code actions', [], (params: CodeActionParams) => {
    const file = host.fileFor(params.textDocument?.uri);
    if (!file) return [];
    const open = documents.get(file.uri);
    const offsetAt = offsetsOf(file, open);
    const positionAt = positionsOf(file, open);
    const only = params.context?.only;
    return service
      .getCodeActions(file.uri, offsetAt(params.range.start), offsetAt(params.range.end), settings.forUri(file.uri))
      .filter((fix) => !only || only.some((kind) => fix.kind === kind || fix.kind.startsWith(`${kind}.`)))
      .map((fix) => toCodeAction(fix, file.uri, positionAt));
  });

  onGuardedRequest(connection, lifecycle, CodeLensRequest.type, 'code lenses', [], (params) => {
    const file = host.fileFor(params.textDocument?.uri);
    if (!file) return [];
    const positionAt = positionsOf(file, documents.get(file.uri));
    const lenses = service.getCodeLenses(file.uri, settings.forUri(file.uri), { canShowReachability: host.clientCommands().has(SHOW_REACHABILITY_COMMAND) });
    return lenses.map((lens) => toCodeLens(lens, file.uri, positionAt, (uri) => positionsForUri(service, documents, uri)));
  });

  onGuardedRequest(connection, lifecycle, DocumentSymbolRequest.type, 'document symbols', [], (params) => {
    const file = host.fileFor(params.textDocument?.uri);
    if (!file) return [];
    const positionAt = positionsOf(file, documents.get(file.uri));
    return service.getDocumentSymbols(file.uri).map((symbol) => toDocumentSymbol(symbol, positionAt));
  });
}
