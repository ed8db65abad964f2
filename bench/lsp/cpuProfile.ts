import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time per function, optionally only for the samples taken
 * in a window of time. Functions of a bundle are named by their original source through the bundle's source map.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  readonly functionName: string;
  /** Original source file and line, e.g. `node_modules/yaml/dist/parse/lexer.js:123`. */
  readonly location: string;
  readonly selfMs: number;
  /** Share of the busy (not idle) samples of the window. */
  readonly percent: number;
}

export interface ProfileSummary {
  /** Time with the thread busy in the window (samples that are not `(idle)`). */
  readonly busyMs: number;
  readonly windowMs: number;
  readonly top: readonly SelfTime[];
}

/**
 * The top functions by self time. `window` is in the profile's clock: microseconds of the monotonic clock, the
 * clock of `process.hrtime()` in any process of the machine.
 */
export async function summarizeProfile(file: string, window: [number, number] | undefined, top = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await fs.readFile(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (window && (time < window[0] || time > window[1])) continue;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + duration);
  }
  const sourceMaps = new SourceMaps();
  const byFunction = new Map<string, { functionName: string; location: string; us: number }>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = (nodes.get(id) as ProfileNode).callFrame;
    if (frame.functionName === '(idle)') continue;
    busyUs += us;
    const location = await sourceMaps.originalLocation(frame.url, frame.lineNumber, frame.columnNumber);
    const functionName = frame.functionName || '(anonymous)';
    const key = `${functionName} ${location}`;
    const entry = byFunction.get(key) ?? { functionName, location, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const sorted = [...byFunction.values()].sort((a, b) => b.us - a.us).slice(0, top);
  return {
    busyMs: busyUs / 1000,
    windowMs: window ? (window[1] - window[0]) / 1000 : 0,
    top: sorted.map((entry) => ({
      functionName: entry.functionName,
      location: entry.location,
      selfMs: entry.us / 1000,
      percent: busyUs === 0 ? 0 : (100 * entry.us) / busyUs,
    })),
  };
}

/** The single `.cpuprofile` a process wrote into `dir`. */
export async function findProfile(dir: string): Promise<string> {
  const files = (await fs.readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`expected one .cpuprofile in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]);
}

class SourceMaps {
  private readonly maps = new Map<string, SourceMap | undefined>();

  async originalLocation(url: string, line: number, column: number): Promise<string> {
    if (!url) return '(native)';
    if (!url.startsWith('file:')) return url;
    const file = fileURLToPath(url);
    const map = await this.load(file);
    const entry = map?.findEntry(line, column);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      return `${shorten(entry.originalSource)}:${entry.originalLine + 1}`;
    }
    return `${shorten(file)}:${line + 1}`;
  }

  private async load(file: string): Promise<SourceMap | undefined> {
    if (!this.maps.has(file)) {
      try {
        this.maps.set(file, new SourceMap(JSON.parse(await fs.readFile(`${file}.map`, 'utf8'))));
      } catch {
        this.maps.set(file, undefined);
      }
    }
    return this.maps.get(file);
  }
}

/** `.../node_modules/yaml/dist/x.js` -> `yaml/dist/x.js`; `.../server/src/x.ts` -> `server/src/x.ts`. */
function shorten(source: string): string {
  const text = source.startsWith('file:') ? fileURLToPath(source) : source;
  const modules = text.lastIndexOf('node_modules/');
  if (modules !== -1) return text.slice(modules + 'node_modules/'.length);
  const server = text.lastIndexOf('server/src/');
  if (server !== -1) return text.slice(server);
  return path.basename(text);
}
