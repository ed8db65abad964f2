import { betaIsolationAnnotation } from './betaIsolationAnnotation';
import { clusterBaselinePass, clusterPriorityTie, clusterRuleShadowed } from './clusterPolicyOrder';
import { pluginClusterPolicyUnsupported, pluginEndPortUnsupported, pluginIpBlockPodIps, pluginNoEnforcement } from './networkPlugin';
import { duplicatePolicyName } from './duplicatePolicyName';
import { missingDns } from './missingDns';
import { namedPortUndeclared } from './namedPortUndeclared';
import { namespaceLabelUnknown } from './namespaceLabelUnknown';
import { namespaceNameLabel } from './namespaceNameLabel';
import { numericPortUndeclared } from './numericPortUndeclared';
import { selectorMatchesNoWorkload } from './selectorMatchesNoWorkload';
import { servicePortNotTargetPort } from './servicePortNotTargetPort';
import type { WorkspaceLint } from './workspaceLint';

/** Every workspace-aware lint. Their codes are in `WORKSPACE_LINT_RULES`. */
export const WORKSPACE_LINTS: readonly WorkspaceLint[] = [
  // Other policies: the pods a policy isolates, and other definitions of its name.
  missingDns,
  duplicatePolicyName,
  // Selectors against the workspace's workloads and namespaces.
  selectorMatchesNoWorkload,
  namespaceLabelUnknown,
  namespaceNameLabel,
  // Ports against the destinations' container ports and Services.
  namedPortUndeclared,
  servicePortNotTargetPort,
  numericPortUndeclared,
  // Namespaces.
  betaIsolationAnnotation,
  // Cluster policies: the order of tiers, priorities and rules.
  clusterRuleShadowed,
  clusterPriorityTie,
  clusterBaselinePass,
  // What the network plugin (netpol.networkPlugin) enforces differently.
  pluginNoEnforcement,
  pluginClusterPolicyUnsupported,
  pluginEndPortUnsupported,
  pluginIpBlockPodIps,
];
