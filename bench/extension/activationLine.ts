/** The prefix of the line the activation probe prints in the extension host and the bench reads back. */
export const ACTIVATION_LINE = 'netpol-bench-activation';

/** What the probe measures in one extension host. */
export interface ActivationSample {
  readonly wasActive: boolean;
  /** `await extension.activate()`, timed by the probe. */
  readonly ms: number;
  /** VS Code's own figures for the activation, when its Startup Performance document could be read. */
  readonly vscode?: { readonly loadCodeMs: number; readonly callActivateMs: number; readonly finishActivateMs: number };
}
