import { pathToFileURL } from 'node:url';
import { LspClient, readCpuMs, readMemory, type Received } from './lspClient';
import type { ServerUnderTest } from './servers';

/**
 * One language server driven as an editor drives it: `initialize` with a client's usual capabilities, settings
 * answered through `workspace/configuration`, documents opened and edited with incremental changes. Each method
 * returns how long the server took, measured on the client side of the pipe.
 */

export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly others: number;
}

export interface Timed {
  readonly ms: number;
}

/** The answer to a request: its latency, the server's CPU time meanwhile, and whether it was empty. */
export interface Answered extends Timed {
  readonly cpuMs: number;
  readonly empty: boolean;
}

/** A change and what followed it: wall time to the diagnostics, and the CPU time the server used meanwhile. */
export interface Published extends Timed {
  readonly cpuMs: number;
  readonly diagnostics: DiagnosticCounts;
}

interface OpenDocument {
  text: string;
  version: number;
  /** Offsets of line starts; one-character edits that keep newlines never change them. */
  readonly lineStarts: number[];
}

const PUBLISH = 'textDocument/publishDiagnostics';
/** Time for a server to apply the settings it pulled before the first document arrives. */
const SETTLE_MS = 200;

export class EditorSession {
  private readonly documents = new Map<string, OpenDocument>();
  /** Set once `initialized` has been sent. */
  initializedAt = 0;

  private constructor(
    readonly server: ServerUnderTest,
    private readonly client: LspClient,
    readonly capabilities: Record<string, unknown>,
  ) {}

  static async start(
    server: ServerUnderTest,
    options: { logFile: string; workspaceRoot?: string; cpuProfileDir?: string; onPublish?: (received: Received) => void },
  ): Promise<EditorSession> {
    const client = new LspClient(server.process(options));
    let configurationRequests = 0;
    client.onRequest('workspace/configuration', (params) => {
      configurationRequests++;
      const items = (params as { items: { section?: string }[] }).items;
      return items.map((item) => server.configuration(item.section));
    });
    if (options.onPublish) client.onNotification(PUBLISH, options.onPublish);
    const rootUri = options.workspaceRoot ? pathToFileURL(options.workspaceRoot).toString() : null;
    const result = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'netpol-lens-bench' },
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: server.initializationOptions,
    });
    const session = new EditorSession(server, client, result.capabilities);
    client.notify('initialized', {});
    session.initializedAt = performance.now();
    // Both servers pull their settings right after `initialized`; documents opened before would be checked twice.
    await session.waitUntil(() => configurationRequests > 0, 10_000);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return session;
  }

  get pid(): number {
    return this.client.pid;
  }

  /** Whether the server advertises a capability, e.g. `hoverProvider`. */
  provides(capability: string): boolean {
    const value = this.capabilities[capability];
    return value !== undefined && value !== null && value !== false;
  }

  /** A promise for the next diagnostics published for `uri`: create it before causing them. */
  nextDiagnostics(uri: string, timeoutMs: number): Promise<Received> {
    return this.client.next(PUBLISH, (params) => (params as { uri: string }).uri === uri, timeoutMs);
  }

  /** `didOpen` to the first diagnostics for the document. */
  async open(uri: string, text: string, timeoutMs: number): Promise<Published> {
    this.documents.set(uri, { text, version: 1, lineStarts: lineStarts(text) });
    return this.sendAndWait(uri, timeoutMs, () => this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } }));
  }

  /** Opens a document without waiting (for opening many at once). */
  openWithoutWaiting(uri: string, text: string): void {
    this.documents.set(uri, { text, version: 1, lineStarts: lineStarts(text) });
    this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.client.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Replaces the character at `offset` (not a newline) and waits for the diagnostics that follow. */
  async replaceCharacter(uri: string, offset: number, character: string, timeoutMs: number): Promise<Published> {
    const document = this.mustGet(uri);
    if (document.text[offset] === '\n' || character.length !== 1 || character === '\n') throw new Error('only one character, never a newline');
    document.text = document.text.slice(0, offset) + character + document.text.slice(offset + 1);
    document.version++;
    const range = { start: this.position(document, offset), end: this.position(document, offset + 1) };
    return this.sendAndWait(uri, timeoutMs, () =>
      this.client.notify('textDocument/didChange', {
        textDocument: { uri, version: document.version },
        contentChanges: [{ range, rangeLength: 1, text: character }],
      }),
    );
  }

  private async sendAndWait(uri: string, timeoutMs: number, send: () => void): Promise<Published> {
    const published = this.nextDiagnostics(uri, timeoutMs);
    const cpuBefore = await readCpuMs(this.client.pid);
    const sent = performance.now();
    send();
    const received = await published;
    const cpuAfter = await readCpuMs(this.client.pid);
    return { ms: received.at - sent, cpuMs: cpuAfter - cpuBefore, diagnostics: countDiagnostics(received.params) };
  }

  characterAt(uri: string, offset: number): string {
    return this.mustGet(uri).text[offset];
  }

  async hover(uri: string, offset: number): Promise<Answered> {
    const position = this.position(this.mustGet(uri), offset);
    const { result, ms, cpuMs } = await this.timedRequest('textDocument/hover', { textDocument: { uri }, position });
    return { ms, cpuMs, empty: result === null };
  }

  async completion(uri: string, offset: number): Promise<Answered> {
    const position = this.position(this.mustGet(uri), offset);
    const { result, ms, cpuMs } = await this.timedRequest('textDocument/completion', {
      textDocument: { uri },
      position,
      context: { triggerKind: 1 },
    });
    const items = Array.isArray(result) ? result : (result as { items?: unknown[] } | null)?.items;
    return { ms, cpuMs, empty: !items || items.length === 0 };
  }

  /** A request, its latency, and the server's CPU time meanwhile (read outside the timed span). */
  private async timedRequest(method: string, params: unknown): Promise<{ result: unknown; ms: number; cpuMs: number }> {
    const cpuBefore = await readCpuMs(this.client.pid);
    const { result, ms } = await this.client.timedRequest<unknown>(method, params);
    return { result, ms, cpuMs: (await readCpuMs(this.client.pid)) - cpuBefore };
  }

  memory(): Promise<{ rssMb: number; peakRssMb: number }> {
    return readMemory(this.client.pid);
  }

  get hasExited(): boolean {
    return this.client.hasExited;
  }

  async stop(): Promise<void> {
    await this.client.stop();
  }

  kill(): void {
    this.client.kill();
  }

  private mustGet(uri: string): OpenDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  private position(document: OpenDocument, offset: number): { line: number; character: number } {
    const starts = document.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    // Generated text is ASCII: UTF-16 code units and characters coincide.
    return { line: low, character: offset - starts[low] };
  }

  private async waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`${this.server.name}: timed out waiting for its settings request`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function countDiagnostics(params: unknown): DiagnosticCounts {
  let errors = 0;
  let warnings = 0;
  let others = 0;
  for (const diagnostic of (params as { diagnostics: { severity?: number }[] }).diagnostics) {
    if (diagnostic.severity === 1 || diagnostic.severity === undefined) errors++;
    else if (diagnostic.severity === 2) warnings++;
    else others++;
  }
  return { errors, warnings, others };
}

/** What VS Code tells a language server it supports, cut to what these benchmarks exercise. */
const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    completion: {
      dynamicRegistration: true,
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
      contextSupport: true,
    },
  },
  window: { workDoneProgress: true },
};
