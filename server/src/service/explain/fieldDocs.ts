import type { FieldPath } from '../fieldPath';

/**
 * What each NetworkPolicy field means, from the Kubernetes API reference (networking.k8s.io/v1 NetworkPolicy,
 * LabelSelector, ObjectMeta), shortened. Keys are field paths with list indexes written `[]`.
 */
const POLICY_FIELDS: Record<string, string> = {
  apiVersion: 'The versioned schema of this object. NetworkPolicy is served as `networking.k8s.io/v1`.',
  kind: 'The kind of object: `NetworkPolicy`.',
  metadata: "Standard object metadata: the policy's name, namespace, labels and annotations.",
  'metadata.name':
    'The name of the policy, unique within its namespace. A DNS-1123 subdomain: lower case letters, digits, `-` and `.`, at most 253 characters.',
  'metadata.namespace':
    "The namespace the policy lives in. It only ever selects pods in this namespace. When absent, `kubectl` uses the current context's namespace.",
  'metadata.labels': 'Labels of the policy object itself. They do not select anything: `spec.podSelector` does.',
  'metadata.annotations': 'Annotations of the policy object. They do not affect traffic.',
  spec: 'The desired behavior of this NetworkPolicy.',
  'spec.podSelector':
    "Selects the pods to which this policy applies, in the policy's namespace. Multiple policies can select the same pods: their rules are combined additively. An empty podSelector (`{}`) selects every pod in the namespace.",
  'spec.policyTypes':
    'The rule types the policy relates to: `["Ingress"]`, `["Egress"]` or `["Ingress", "Egress"]`. If not specified, it defaults to Ingress, plus Egress when the policy has an `egress` section: a policy with only egress rules and no `policyTypes` also isolates ingress. A direction listed here with no rules denies all traffic in that direction.',
  'spec.ingress':
    'Ingress rules for the selected pods. Traffic to a pod is allowed if no policy selects it for ingress, or if the traffic matches at least one ingress rule of any policy that selects it. An empty list allows no traffic: the policy only isolates the pods.',
  'spec.ingress[]':
    'One ingress rule: it allows traffic that matches at least one of its `from` peers (all sources if `from` is empty or missing) AND at least one of its `ports` (all ports if empty or missing).',
  'spec.ingress[].from': 'Sources that may access the selected pods. Items are combined with a logical OR. If empty or missing, this rule matches all sources.',
  'spec.ingress[].ports':
    'Ports that are made accessible on the selected pods. Items are combined with a logical OR. If empty or missing, this rule matches all ports.',
  'spec.egress':
    'Egress rules for the selected pods. Traffic from a pod is allowed if no policy selects it for egress, or if the traffic matches at least one egress rule of any policy that selects it. An empty list allows no traffic: the policy only isolates the pods.',
  'spec.egress[]':
    'One egress rule: it allows traffic that matches at least one of its `to` peers (all destinations if `to` is empty or missing) AND at least one of its `ports` (all ports if empty or missing).',
  'spec.egress[].to':
    'Destinations the selected pods may reach. Items are combined with a logical OR. If empty or missing, this rule matches all destinations.',
  'spec.egress[].ports': 'Destination ports of outgoing traffic. Items are combined with a logical OR. If empty or missing, this rule matches all ports.',
};

const PEER_FIELDS: Record<string, string> = {
  '': 'One peer. It must name a `podSelector`, a `namespaceSelector` (both together: pods matching podSelector *in* namespaces matching namespaceSelector), or an `ipBlock` alone.',
  podSelector:
    "Selects pods by label; if present but empty, all pods. With `namespaceSelector` in the same peer, the pods matching podSelector in the namespaces matching namespaceSelector (AND); otherwise the pods matching podSelector in the policy's own namespace.",
  namespaceSelector:
    "Selects namespaces by label (`kubernetes.io/metadata.name` holds every namespace's name); if present but empty, all namespaces. With `podSelector` in the same peer, only the pods matching podSelector in those namespaces (AND); otherwise all pods in those namespaces.",
  ipBlock:
    'Selects IP address ranges. A peer with ipBlock may not also have a selector. Meant for traffic to or from outside the cluster: pod IPs are ephemeral.',
  'ipBlock.cidr': 'The IP range, e.g. `192.168.1.0/24` or `2001:db8::/64`.',
  'ipBlock.except': 'Ranges to leave out of `cidr`. Each must lie strictly inside `cidr`, or the API server rejects the policy.',
};

const PORT_FIELDS: Record<string, string> = {
  '': 'One port entry: traffic must match its protocol AND port (or port range).',
  protocol: 'The protocol, `TCP`, `UDP` or `SCTP` (exactly, upper case). Defaults to `TCP`.',
  port: 'A port number (1-65535) or a named port (a container port `name` on the destination pod). If absent, all ports of the protocol match. A quoted number such as `"80"` is a name, and an invalid one.',
  endPort:
    'With a numeric `port`, the last port of an inclusive range `port`..`endPort`. Not allowed with a named port or without `port`; must be at least `port`.',
};

const SELECTOR_FIELDS: Record<string, string> = {
  matchLabels:
    'A map of label `key: value` pairs; each is equivalent to a matchExpressions entry with operator `In` and that one value. All requirements are ANDed.',
  matchExpressions: 'A list of label requirements, ANDed with each other and with matchLabels.',
  'matchExpressions[]': 'A label requirement: a `key`, an `operator` and, for In and NotIn, `values`.',
  'matchExpressions[].key': 'The label key the requirement applies to.',
  'matchExpressions[].operator':
    "`In`, `NotIn`, `Exists` or `DoesNotExist` (case-sensitive). `NotIn` and `DoesNotExist` also match objects that don't have the label at all.",
  'matchExpressions[].values': 'The values for `In` and `NotIn` (required, non-empty); must be empty for `Exists` and `DoesNotExist`.',
};

/** The API reference's description of the field at `path` (a path inside a NetworkPolicy), if it has one. */
export function fieldDocumentation(path: FieldPath): string | undefined {
  const segments = path.map((s) => (typeof s === 'number' ? '[]' : typeof s === 'string' ? s : '[]'));
  const text = join(segments);
  if (own(POLICY_FIELDS, text)) return own(POLICY_FIELDS, text);
  // Inside a label selector (spec.podSelector or a peer's selectors).
  const selectorAt = lastIndexOfAny(segments, ['podSelector', 'namespaceSelector']);
  if (selectorAt !== -1 && selectorAt < segments.length - 1) return own(SELECTOR_FIELDS, join(segments.slice(selectorAt + 1)));
  // Inside a peer: spec.<direction>[].<from|to>[]...
  const peerAt = segments.findIndex((s, i) => (s === 'from' || s === 'to') && segments[i + 1] === '[]');
  if (peerAt !== -1) return own(PEER_FIELDS, join(segments.slice(peerAt + 2)));
  const portAt = segments.findIndex((s, i) => s === 'ports' && segments[i + 1] === '[]');
  if (portAt !== -1) return own(PORT_FIELDS, join(segments.slice(portAt + 2)));
  return undefined;
}

/** A table entry by own key: the YAML's keys (`constructor`, `toString`) must not find Object.prototype's functions. */
function own(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function join(segments: readonly string[]): string {
  return segments.reduce((out, s) => (s === '[]' ? `${out}[]` : out === '' ? s : `${out}.${s}`), '');
}

function lastIndexOfAny(segments: readonly string[], names: readonly string[]): number {
  for (let i = segments.length - 1; i >= 0; i--) if (names.includes(segments[i])) return i;
  return -1;
}
