import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * A minimal Language Server Protocol client over stdio, written for timing: it frames JSON-RPC messages itself
 * and stamps every message from the server with `performance.now()` the moment its last byte is read, so a
 * latency is "request written" to "answer read", with nothing of a client library in between.
 */

type Handler = (params: unknown) => unknown;

interface Pending {
  resolve(value: unknown, at: number): void;
  reject(error: Error): void;
}

interface Waiter {
  method: string;
  accept(params: unknown): boolean;
  resolve(received: Received): void;
}

/** A notification from the server and when it was read. */
export interface Received {
  readonly params: unknown;
  readonly at: number;
}

export interface LspServerProcess {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** The server's stderr goes here. */
  readonly logFile: string;
}

export class LspClient {
  private readonly child: ChildProcess;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly requestHandlers = new Map<string, Handler>();
  private readonly notificationHandlers = new Map<string, (received: Received) => void>();
  private waiters: Waiter[] = [];
  private exited = false;
  readonly exitedPromise: Promise<number | string | null>;

  constructor(server: LspServerProcess) {
    this.child = spawn(server.command, [...server.args], { cwd: server.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const log = createWriteStream(server.logFile);
    this.child.stderr?.pipe(log);
    this.child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
    this.exitedPromise = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        for (const pending of this.pending.values()) pending.reject(new Error(`the server exited (${code ?? signal})`));
        this.pending.clear();
        resolve(code ?? signal);
      }),
    );
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the server did not start');
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** Answers requests the server sends (e.g. `workspace/configuration`); unknown ones get `null`. */
  onRequest(method: string, handler: Handler): void {
    this.requestHandlers.set(method, handler);
  }

  onNotification(method: string, handler: (received: Received) => void): void {
    this.notificationHandlers.set(method, handler);
  }

  async request<T>(method: string, params: unknown): Promise<T> {
    return (await this.timedRequest<T>(method, params)).result;
  }

  /** A request and its latency: from just before it is written to when its answer has been read. */
  timedRequest<T>(method: string, params: unknown): Promise<{ result: T; ms: number }> {
    const id = this.nextId++;
    const sent = performance.now();
    const answer = new Promise<{ result: T; ms: number }>((resolve, reject) =>
      this.pending.set(id, { resolve: (result, at) => resolve({ result: result as T, ms: at - sent }), reject }),
    );
    this.write({ jsonrpc: '2.0', id, method, params });
    return answer;
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /**
   * The next notification `method` whose params `accept`. Call it before sending what causes the notification,
   * so that a fast answer cannot slip past.
   */
  next(method: string, accept: (params: unknown) => boolean, timeoutMs: number): Promise<Received> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        method,
        accept,
        resolve: (received) => {
          clearTimeout(timer);
          resolve(received);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** `shutdown` then `exit`; kills the process if it has not gone within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      await Promise.race([this.request('shutdown', null), this.exitedPromise]);
      if (!this.exited) this.notify('exit', null);
    } catch {
      this.child.kill('SIGKILL');
    }
    await this.exitedPromise;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private write(message: object): void {
    if (this.exited) throw new Error('the server has exited');
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin?.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!length) throw new Error('a message without Content-Length');
      const start = headerEnd + 4;
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      const at = performance.now();
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as Record<string, unknown>;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message, at);
    }
  }

  private dispatch(message: Record<string, unknown>, at: number): void {
    const { id, method } = message;
    if (typeof method === 'string' && id !== undefined) {
      const handler = this.requestHandlers.get(method);
      const respond = (result: unknown) => this.write({ jsonrpc: '2.0', id, result: result ?? null });
      Promise.resolve(handler ? handler(message.params) : null).then(respond, () => respond(null));
    } else if (typeof method === 'string') {
      const received = { params: message.params, at };
      this.notificationHandlers.get(method)?.(received);
      const waiter = this.waiters.find((w) => w.method === method && w.accept(message.params));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(received);
      }
    } else if (typeof id === 'number') {
      const pending = this.pending.get(id);
      this.pending.delete(id);
      if (!pending) return;
      if (message.error) pending.reject(new Error(`${(message.error as { message?: string }).message ?? 'error'}`));
      else pending.resolve(message.result, at);
    }
  }
}

/**
 * CPU time a process has used so far, all its threads, in ms, from the scheduler's own accounting
 * (`/proc/PID/task/TID/schedstat`, nanoseconds). Unlike wall time, it does not grow while the process waits for a
 * core that other work holds.
 */
export async function readCpuMs(pid: number): Promise<number> {
  const { readdir, readFile } = await import('node:fs/promises');
  let ns = 0;
  for (const task of await readdir(`/proc/${pid}/task`)) {
    try {
      ns += Number((await readFile(`/proc/${pid}/task/${task}/schedstat`, 'utf8')).split(' ')[0]);
    } catch {
      // the thread ended in between
    }
  }
  return ns / 1e6;
}

/** Resident and peak resident memory of a process, in MB, from /proc (Linux). */
export async function readMemory(pid: number): Promise<{ rssMb: number; peakRssMb: number }> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}
