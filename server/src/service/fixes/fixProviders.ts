import { addDnsEgressRule } from './addDnsEgressRule';
import { canonicalCidr } from './canonicalCidr';
import { endPortFixes } from './endPortFixes';
import { enumValueCase } from './enumValueCase';
import { mergeOrPeers } from './mergeOrPeers';
import { migrateClusterPolicy } from './migrateClusterPolicy';
import { missingPolicyTypes } from './missingPolicyTypes';
import { namespaceNameLabelKey } from './namespaceNameLabelKey';
import type { FixProvider, RefactoringProvider } from './quickFix';
import { removeEmptyPeerList } from './removeEmptyPeerList';
import { removeExceptEntry } from './removeExceptEntry';
import { serviceTargetPort } from './serviceTargetPort';
import { splitAndPeer } from './splitAndPeer';
import { unquotePort } from './unquotePort';

/**
 * Every quick fix, by the codes it fixes. The fixes of workspace lints (a DNS egress rule, a Service port
 * replaced by the pod's targetPort) go here too: they read the workspace from `FixContext.workspace`.
 */
export const FIX_PROVIDERS: readonly FixProvider[] = [
  canonicalCidr,
  enumValueCase,
  unquotePort,
  endPortFixes,
  removeExceptEntry,
  removeEmptyPeerList,
  missingPolicyTypes,
  mergeOrPeers,
  addDnsEgressRule,
  serviceTargetPort,
  namespaceNameLabelKey,
];

/** Every refactoring offered at the cursor. */
export const REFACTORING_PROVIDERS: readonly RefactoringProvider[] = [splitAndPeer, migrateClusterPolicy];
