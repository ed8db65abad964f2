import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findProbeSites, type GeneratedFile, type ProbeSite } from '../generate/workspaceGenerator';
import { EditorSession, type Answered, type DiagnosticCounts } from './editorSession';
import type { ServerUnderTest } from './servers';
import { spread, summarize, type Summary } from './stats';

/**
 * The editor scenarios: open a generated file and type in it, or let the server take in a whole workspace;
 * each against a fresh server process.
 */

export interface Budget {
  /** Measured one-character edits, each in another policy. */
  readonly edits: number;
  /** Edits made first and not counted: the server's code is not compiled yet. */
  readonly warmupEdits: number;
  /** Hover and completion requests, each. */
  readonly probes: number;
  readonly timeoutMs: number;
}

export type FeatureResult = { readonly summary: Summary; readonly cpu?: Summary; readonly emptyAnswers: number } | 'not implemented yet';

export interface Memory {
  readonly afterOpenMb: number;
  readonly finalMb: number;
  readonly peakMb: number;
}

export interface EditResults {
  readonly openMs: number;
  /** CPU time the server used from `didOpen` to the diagnostics. */
  readonly openCpuMs: number;
  readonly openDiagnostics: DiagnosticCounts;
  readonly edits: Summary;
  /** CPU time the server used per edit, from `didChange` to the diagnostics: its work, whatever the load. */
  readonly editsCpu: Summary;
  /** The most errors any edit's diagnostics had: 0 when every edit kept the file valid. */
  readonly editErrorsMax: number;
  readonly hover: FeatureResult;
  readonly completion: FeatureResult;
  readonly memory: Memory;
}

export interface ScenarioOutcome<T> {
  readonly server: string;
  readonly result?: T;
  /** Why the scenario stopped: a time-out, or the server crashed. */
  readonly failure?: string;
}

/** Timestamps (process.hrtime, µs) of the phases, to cut a CPU profile of the server into them. */
export interface PhaseWindows {
  open?: [number, number];
  edits?: [number, number];
  scan?: [number, number];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
/** A `performance.now()` time on the clock of {@link nowUs}. */
const toUs = (performanceTime: number) => nowUs() - Math.round((performance.now() - performanceTime) * 1000);

/** Opens one generated file, types in it, hovers and completes in it. */
export async function measureFile(
  server: ServerUnderTest,
  file: GeneratedFile,
  budget: Budget,
  options: { runDir: string; label: string; cpuProfileDir?: string; windows?: PhaseWindows },
): Promise<ScenarioOutcome<EditResults>> {
  const filePath = path.join(options.runDir, `${options.label}.yaml`);
  const uri = pathToFileURL(filePath).toString();
  const session = await EditorSession.start(server, {
    logFile: path.join(options.runDir, `${options.label}.${server.name}.log`),
    cpuProfileDir: options.cpuProfileDir,
  });
  try {
    const result = await typeInFile(session, uri, file.text, budget, options.windows);
    return { server: server.name, result };
  } catch (error) {
    return { server: server.name, failure: describeFailure(session, error) };
  } finally {
    if (session.hasExited) session.kill();
    else await session.stop();
  }
}

async function typeInFile(session: EditorSession, uri: string, text: string, budget: Budget, windows: PhaseWindows = {}): Promise<EditResults> {
  const sites = findProbeSites(text);
  const openStart = nowUs();
  const opened = await session.open(uri, text, budget.timeoutMs);
  windows.open = [openStart, nowUs()];
  const afterOpen = await session.memory();

  const editSites = sites.filter((site) => site.editOffset !== undefined);
  if (editSites.length === 0) throw new Error('the file has no policy with a numeric port to edit');
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let editErrorsMax = 0;
  const total = budget.warmupEdits + budget.edits;
  for (const [i, index] of spread(editSites.length, total).entries()) {
    if (i === budget.warmupEdits) windows.edits = [nowUs(), 0];
    const offset = editSites[index].editOffset as number;
    const edited = await session.replaceCharacter(uri, offset, otherDigit(session.characterAt(uri, offset)), budget.timeoutMs);
    editErrorsMax = Math.max(editErrorsMax, edited.diagnostics.errors);
    if (i < budget.warmupEdits) continue;
    samples.push(edited.ms);
    cpuSamples.push(edited.cpuMs);
  }
  if (windows.edits) windows.edits[1] = nowUs();

  const hover = await probe(session, 'hoverProvider', sites, budget.probes, (site) => session.hover(uri, site.hoverOffset));
  const completion = await probe(session, 'completionProvider', sites, budget.probes, (site) => session.completion(uri, site.completionOffset));
  const final = await session.memory();
  return {
    openMs: opened.ms,
    openCpuMs: opened.cpuMs,
    openDiagnostics: opened.diagnostics,
    edits: summarize(samples),
    editsCpu: summarize(cpuSamples),
    editErrorsMax,
    hover,
    completion,
    memory: { afterOpenMb: afterOpen.rssMb, finalMb: final.rssMb, peakMb: final.peakRssMb },
  };
}

/** The digit an edit puts in place of `digit`: still a valid port, and always a change. */
function otherDigit(digit: string): string {
  if (!/^\d$/.test(digit)) throw new Error(`the edit site holds ${JSON.stringify(digit)}, not a digit`);
  return digit === '9' ? '8' : String(Number(digit) + 1);
}

async function probe(
  session: EditorSession,
  capability: string,
  sites: readonly ProbeSite[],
  count: number,
  request: (site: ProbeSite) => Promise<Answered>,
): Promise<FeatureResult> {
  if (!session.provides(capability)) return 'not implemented yet';
  if (count === 0) return { summary: summarize([]), cpu: summarize([]), emptyAnswers: 0 };
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let emptyAnswers = 0;
  // One request first, not counted, as for the edits.
  for (const [i, index] of spread(sites.length, count + 1).entries()) {
    const answer = await request(sites[index]);
    if (i === 0) continue;
    samples.push(answer.ms);
    cpuSamples.push(answer.cpuMs);
    if (answer.empty) emptyAnswers++;
  }
  return { summary: summarize(samples), cpu: summarize(cpuSamples), emptyAnswers };
}

export interface WorkspaceResults {
  readonly files: number;
  /** Our server: `initialized` to diagnostics for every file. yaml-language-server scans nothing: every file opened. */
  readonly allDiagnosticsMs: number;
  readonly how: 'workspace scan' | 'every file opened';
  readonly filesWithErrors: number;
  readonly memoryAfterMb: number;
  /** Then one policy file opened and typed in, as in {@link measureFile}. */
  readonly typing: EditResults;
}

/**
 * A many-file workspace. Our server scans the workspace folder by itself; yaml-language-server validates only
 * open documents, so for it every file is opened (what getting the same diagnostics would take).
 */
export async function measureWorkspace(
  server: ServerUnderTest,
  workspace: { root: string; files: readonly { path: string; text: string }[] },
  scans: boolean,
  budget: Budget,
  options: { runDir: string; label: string; cpuProfileDir?: string; windows?: PhaseWindows },
): Promise<ScenarioOutcome<WorkspaceResults>> {
  const published = new Map<string, number>();
  let lastPublishedAt = 0;
  let allPublished: (() => void) | undefined;
  const everyFile = new Promise<void>((resolve) => (allPublished = resolve));
  const uris = workspace.files.map((file) => pathToFileURL(path.join(workspace.root, file.path)).toString());
  const wanted = new Set(uris);
  const session = await EditorSession.start(server, {
    logFile: path.join(options.runDir, `${options.label}.${server.name}.log`),
    workspaceRoot: scans ? workspace.root : undefined,
    cpuProfileDir: options.cpuProfileDir,
    onPublish: ({ params }) => {
      const { uri, diagnostics } = params as { uri: string; diagnostics: { severity?: number }[] };
      if (!wanted.has(uri) || published.has(uri)) return;
      published.set(uri, diagnostics.filter((d) => d.severity === 1 || d.severity === undefined).length);
      lastPublishedAt = performance.now();
      if (published.size === wanted.size) allPublished?.();
    },
  });
  try {
    let start = session.initializedAt;
    if (!scans) {
      start = performance.now();
      workspace.files.forEach((file, i) => session.openWithoutWaiting(uris[i], file.text));
    }
    await withTimeout(everyFile, budget.timeoutMs, `diagnostics for ${wanted.size} files`);
    const allDiagnosticsMs = lastPublishedAt - start;
    if (options.windows) options.windows.scan = [toUs(start), toUs(lastPublishedAt)];
    const memoryAfter = await session.memory();
    // Type in a policy file from the middle of the workspace (already open for yaml-language-server).
    const policyIndex = workspace.files.findIndex(
      (file, i) => i >= workspace.files.length / 2 && findProbeSites(file.text).some((site) => site.editOffset !== undefined),
    );
    if (policyIndex === -1) throw new Error('no policy with a numeric port in the second half of the workspace');
    const policyUri = uris[policyIndex];
    const typing = scans
      ? await typeInFile(session, policyUri, workspace.files[policyIndex].text, budget)
      : await typeInOpenFile(session, policyUri, workspace.files[policyIndex].text, budget);
    return {
      server: server.name,
      result: {
        files: wanted.size,
        allDiagnosticsMs,
        how: scans ? 'workspace scan' : 'every file opened',
        filesWithErrors: [...published.values()].filter((errors) => errors > 0).length,
        memoryAfterMb: memoryAfter.rssMb,
        typing,
      },
    };
  } catch (error) {
    return { server: server.name, failure: describeFailure(session, error) };
  } finally {
    if (session.hasExited) session.kill();
    else await session.stop();
  }
}

/** {@link typeInFile} for a document that is open already: re-opening would be a protocol error. */
async function typeInOpenFile(session: EditorSession, uri: string, text: string, budget: Budget): Promise<EditResults> {
  // Close it first (its diagnostics are cleared), then open it again and measure as usual.
  const cleared = session.nextDiagnostics(uri, budget.timeoutMs);
  session.close(uri);
  await cleared;
  return typeInFile(session, uri, text, budget);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeFailure(session: EditorSession, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return session.hasExited ? `the server exited (${message}); see its log in the run folder` : message;
}
