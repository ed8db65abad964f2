import type { FixProvider, RefactoringProvider } from './quickFix';

/** Every quick fix, by the codes it fixes. */
export const FIX_PROVIDERS: readonly FixProvider[] = [];

/** Every refactoring offered at the cursor. */
export const REFACTORING_PROVIDERS: readonly RefactoringProvider[] = [];
