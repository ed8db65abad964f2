import { FLOW_RULES } from './flows/flowRules';
import type { RuleInfo } from './findings';
import { LINT_RULES } from './lints/lintRules';
import { WORKSPACE_LINT_RULES } from './lints/workspaceLintRules';
import { VALIDATION_RULES } from './validation/validationRules';

/**
 * Every code the service reports. Codes are stable: they are what users put in `netpol.rules` and what CI
 * configurations filter on. Adding a code means adding its doc and fixtures.
 */
export const RULES = {
  // YAML itself.
  'yaml.syntax': { severity: 'error', title: 'The YAML cannot be parsed' },
  'yaml.duplicate-key': { severity: 'error', title: 'A mapping has the same key twice' },
  'yaml.alias-limit': { severity: 'error', title: 'Too many aliases (an alias bomb?)' },
  'yaml.too-deep': { severity: 'error', title: 'The document nests too deeply (or infinitely, through an alias) to be read' },
  'yaml.collection-key': { severity: 'error', title: 'A mapping key is a list or a mapping (Kubernetes keys are strings)' },
  'yaml.warning': { severity: 'warning', title: 'The YAML parser warns' },
  'file.too-large': { severity: 'information', title: 'The file is larger than `netpol.maxFileSize` and was skipped' },
  'file.not-utf8': { severity: 'warning', title: 'The file is not UTF-8 text and was skipped' },
  'policy.too-many-rules': { severity: 'warning', title: 'The policy has more rules than this extension analyses (10,000)' },
  // Which documents are NetworkPolicies.
  'apiversion.removed': { severity: 'error', title: 'NetworkPolicy in an API version that is no longer served' },
  'apiversion.unknown': { severity: 'error', title: 'NetworkPolicy in an API version that does not exist' },
  // The API server's validation (ValidateNetworkPolicy) and strict decoding.
  ...VALIDATION_RULES,
  // Lints: accepted by the API server, but wrong or risky.
  ...LINT_RULES,
  // Workspace lints: need the workspace's workloads, namespaces, Services or other policies.
  ...WORKSPACE_LINT_RULES,
  // Flows files: intended connections checked against the workspace (docs/flows.md).
  ...FLOW_RULES,
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

/** Whether a string read from outside (settings, a CLI configuration, a SARIF log) is a code of the catalog. */
export function isRuleCode(code: string): code is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULES, code);
}

/** The catalog's entry for a code; undefined for a string that is not a code. */
export function ruleInfo(code: string): RuleInfo | undefined {
  return isRuleCode(code) ? RULES[code] : undefined;
}
