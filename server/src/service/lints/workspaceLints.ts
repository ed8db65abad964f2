import type { WorkspaceLint } from './workspaceLint';

/** Every workspace-aware lint. */
export const WORKSPACE_LINTS: readonly WorkspaceLint[] = [];
