import type { RuleInfo } from '../findings';

/**
 * The codes of the workspace-aware lints: findings that need the rest of the workspace (its workloads, namespaces,
 * Services or other policies). None is an error: the API server accepts every one of these objects.
 */
export const WORKSPACE_LINT_RULES = {
  'dns.missing-egress': { severity: 'warning', title: 'Pods whose egress is isolated are allowed no DNS' },
  'dns.udp-only': { severity: 'warning', title: 'Pods whose egress is isolated are allowed DNS over UDP only' },
  'dns.tcp-only': { severity: 'warning', title: 'Pods whose egress is isolated are allowed DNS over TCP only (a port without protocol is TCP)' },
  'selector.matches-no-workload': { severity: 'warning', title: 'A pod selector matches no workload of the workspace' },
  'selector.namespace-label-unknown': { severity: 'warning', title: 'A namespaceSelector requires a label that no Namespace of the workspace has' },
  'selector.namespace-name-label': {
    severity: 'information',
    title: 'A namespaceSelector on `name: <namespace>`, a label Kubernetes does not set (it sets kubernetes.io/metadata.name)',
  },
  'ports.named-port-undeclared': { severity: 'warning', title: 'No destination of the rule declares the named port' },
  'ports.service-port-not-target-port': { severity: 'warning', title: "A rule names a Service's port, but policies see the pod's targetPort" },
  'ports.numeric-port-undeclared': { severity: 'information', title: 'No destination of the rule declares the port' },
  'namespace.beta-isolation-annotation': { severity: 'information', title: 'The pre-v1 `net.beta.kubernetes.io/network-policy` annotation is ignored' },
  'metadata.duplicate-policy-name': { severity: 'warning', title: 'Two NetworkPolicies with the same name in one namespace: one replaces the other' },
  'cnp.rule-shadowed': { severity: 'warning', title: 'A cluster policy rule that an earlier rule of the same tier always decides first' },
  'cnp.priority-tie': { severity: 'warning', title: 'Two cluster policies of one tier with the same priority whose rules overlap with different actions' },
  'cnp.baseline-pass': { severity: 'warning', title: 'Pass in the Baseline tier: there is no tier to pass to' },
  'cni.no-enforcement': { severity: 'warning', title: 'The network plugin is none: no policy is enforced' },
  'cni.cluster-policy-unsupported': { severity: 'warning', title: 'The network plugin does not implement this cluster policy kind' },
  'cni.endport-unsupported': { severity: 'warning', title: 'The network plugin ignores endPort: only the first port of the range is allowed' },
  'cni.ipblock-pod-ips': { severity: 'warning', title: 'The network plugin does not match pods by ipBlock, and this ipBlock contains pod addresses' },
} as const satisfies Record<string, RuleInfo>;
