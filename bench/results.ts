import type { ExtensionFigures } from './extension/activation';
import type { ProfileSummary } from './lsp/cpuProfile';
import type { InProcessResult } from './lsp/inProcessPipeline';
import type { EditResults, ScenarioOutcome, WorkspaceResults } from './lsp/scenarios';
import type { YamlParseBaseline } from './lsp/yamlParseBaseline';

/** Everything one `npm run bench` measured: written as JSON beside the run and as Markdown to docs/benchmarks.md. */
export interface BenchResults {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: Machine;
  readonly versions: Readonly<Record<string, string>>;
  readonly debounceMs: { readonly ours: number; readonly yamlLanguageServer: number };
  readonly yamlLanguageServerSchema: string;
  readonly files: readonly FileSizeResults[];
  readonly workspace?: WorkspaceSizeResults;
  readonly profile?: {
    readonly policies: number;
    readonly open: ProfileSummary;
    readonly edits: ProfileSummary;
    readonly edit: EditResults['edits'];
    /** The workspace scan, profiled in its own run. */
    readonly scan?: { readonly files: number; readonly summary: ProfileSummary };
  };
  readonly extension?: ExtensionFigures | { readonly skipped: string };
  readonly durationS: number;
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memory: string;
  readonly os: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews every figure. */
  readonly loadAtStart: number;
  readonly loadAtEnd: number;
}

export interface Budgets {
  readonly ours: { readonly edits: number; readonly probes: number };
  readonly yamlLanguageServer: { readonly edits: number; readonly probes: number };
}

export interface FileSizeResults {
  readonly policies: number;
  readonly lines: number;
  readonly bytes: number;
  readonly yamlParse: YamlParseBaseline;
  readonly inProcess: InProcessResult;
  /** Our server as configured by default: it waits `debounceMs.ours` after a change. */
  readonly ours: ScenarioOutcome<EditResults>;
  /** Our server with `diagnosticsDelayMs: 0`: the keystroke figures are its work over the protocol. */
  readonly oursNoWait?: ScenarioOutcome<EditResults>;
  readonly yamlLanguageServer: ScenarioOutcome<EditResults>;
}

export interface WorkspaceSizeResults {
  readonly files: number;
  readonly policies: number;
  readonly ours: ScenarioOutcome<WorkspaceResults>;
  readonly yamlLanguageServer: ScenarioOutcome<WorkspaceResults>;
}
