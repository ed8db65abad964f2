/**
 * The OpenAPI schemas (and CEL rules) the API server checks cluster policies against, transcribed from
 * sig-network's network-policy-api: `config/crd/experimental/policy.networking.k8s.io_clusternetworkpolicies.yaml`
 * (ClusterNetworkPolicy, policy.networking.k8s.io/v1alpha2, v0.2.0) and the kubebuilder markers of
 * `apis/v1alpha1` (AdminNetworkPolicy, BaselineAdminNetworkPolicy). Shipped with the service: nothing is
 * downloaded. Only what the API server checks is here (types, required, enum, bounds, list limits, one-of, CEL).
 */

export type Schema = ObjectSchema | ArraySchema | StringSchema | IntegerSchema | BooleanSchema | AnySchema;

export interface ObjectSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  /** Exactly one of the properties (kubebuilder MinProperties=1 + MaxProperties=1), or at least one. */
  readonly minProperties?: number;
  readonly maxProperties?: number;
  /** CEL rules (x-kubernetes-validations), evaluated here in TypeScript. */
  readonly rules?: readonly CelRule[];
  /** Fields the schema keeps without checking (metadata, status). */
  readonly preserveUnknown?: boolean;
}

export interface CelRule {
  /** The rule as written in the CRD, for the docs and messages. */
  readonly rule: string;
  readonly message: string;
  readonly code: 'cnp.port-range' | 'cnp.named-port-with-networks' | 'cnp.cidr-invalid';
  readonly holds: (value: Readonly<Record<string, unknown>>) => boolean;
}

export interface ArraySchema {
  readonly type: 'array';
  readonly items: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface StringSchema {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** `isCIDR(self)` (the CIDR type). */
  readonly cidr?: boolean;
}

export interface IntegerSchema {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanSchema {
  readonly type: 'boolean';
}

/** Anything (x-kubernetes-preserve-unknown-fields, or what another check owns such as `metadata`). */
export interface AnySchema {
  readonly type: 'any';
}

const ANY: AnySchema = { type: 'any' };
const STRING: StringSchema = { type: 'string' };

const LABEL_SELECTOR: ObjectSchema = {
  type: 'object',
  properties: {
    matchExpressions: {
      type: 'array',
      items: { type: 'object', properties: { key: STRING, operator: STRING, values: { type: 'array', items: STRING } }, required: ['key', 'operator'] },
    },
    matchLabels: { type: 'object', properties: {}, preserveUnknown: true },
  },
};

/** v1alpha2 NamespacedPod: `namespaceSelector` is optional (empty: all namespaces), `podSelector` required. */
const NAMESPACED_POD: ObjectSchema = {
  type: 'object',
  properties: { namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR },
  required: ['podSelector'],
};
/** v1alpha1 NamespacedPod: both selectors required. */
const NAMESPACED_POD_V1ALPHA1: ObjectSchema = { ...NAMESPACED_POD, required: ['namespaceSelector', 'podSelector'] };

const SUBJECT: ObjectSchema = { type: 'object', properties: { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD }, minProperties: 1, maxProperties: 1 };
const SUBJECT_V1ALPHA1: ObjectSchema = { ...SUBJECT, properties: { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD_V1ALPHA1 } };

const PORT_NUMBER: IntegerSchema = { type: 'integer', minimum: 1, maximum: 65535 };

/** The `CIDR` type: `isCIDR(self)`, at most 43 characters. */
const CIDR: StringSchema = { type: 'string', maxLength: 43, cidr: true };

/** The `DomainName` type's pattern (as in the CRD, `a-zA-z` included). */
const DOMAIN_NAME: StringSchema = {
  type: 'string',
  pattern: /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/,
};

const has = (value: unknown, key: string): boolean =>
  typeof value === 'object' && value !== null && (value as Record<string, unknown>)[key] !== undefined && (value as Record<string, unknown>)[key] !== null;
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

const RANGE_RULE: CelRule = {
  rule: 'self.start < self.end',
  message: 'Start port must be less than End port',
  code: 'cnp.port-range',
  holds: (range) => !(typeof range.start === 'number' && typeof range.end === 'number') || range.start < range.end,
};

// ---- ClusterNetworkPolicy, v1alpha2 ----

const CNP_PORT: ObjectSchema = {
  type: 'object',
  properties: {
    number: PORT_NUMBER,
    range: { type: 'object', properties: { start: PORT_NUMBER, end: PORT_NUMBER }, required: ['end', 'start'], rules: [RANGE_RULE] },
  },
  minProperties: 1,
  maxProperties: 1,
};
const CNP_PROTOCOL_ATTRIBUTES: ObjectSchema = { type: 'object', properties: { destinationPort: CNP_PORT }, minProperties: 1 };
const CNP_PROTOCOLS: ArraySchema = {
  type: 'array',
  minItems: 1,
  maxItems: 25,
  items: {
    type: 'object',
    properties: { tcp: CNP_PROTOCOL_ATTRIBUTES, udp: CNP_PROTOCOL_ATTRIBUTES, sctp: CNP_PROTOCOL_ATTRIBUTES, destinationNamedPort: STRING },
    minProperties: 1,
    maxProperties: 1,
  },
};

const namedPortRule = (ports: 'protocols' | 'ports', named: 'destinationNamedPort' | 'namedPort', peers: readonly string[]): CelRule => ({
  rule: `!(self.to.exists(peer, ${peers.map((peer) => `has(peer.${peer})`).join(' || ')}) && has(self.${ports}) && self.${ports}.exists(${ports === 'protocols' ? 'protocol' : 'port'}, has(${ports === 'protocols' ? 'protocol' : 'port'}.${named})))`,
  message: `${peers.join('/')} peer cannot be set with namedPorts since there are no namedPorts for ${peers.join('/')}`,
  code: 'cnp.named-port-with-networks',
  holds: (rule) =>
    !(list(rule.to).some((peer) => peers.some((key) => has(peer, key))) && has(rule, ports) && list(rule[ports]).some((entry) => has(entry, named))),
});

const ruleName: StringSchema = { type: 'string', maxLength: 100 };

function cnpRules(direction: 'ingress' | 'egress'): ArraySchema {
  const peer: ObjectSchema =
    direction === 'ingress'
      ? { type: 'object', properties: { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD }, minProperties: 1, maxProperties: 1 }
      : {
          type: 'object',
          properties: {
            namespaces: LABEL_SELECTOR,
            pods: NAMESPACED_POD,
            nodes: LABEL_SELECTOR,
            networks: { type: 'array', items: CIDR, minItems: 1, maxItems: 25 },
            domainNames: { type: 'array', items: DOMAIN_NAME, minItems: 1, maxItems: 25 },
          },
          minProperties: 1,
          maxProperties: 1,
        };
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return {
    type: 'array',
    maxItems: 25,
    items: {
      type: 'object',
      properties: {
        name: ruleName,
        action: { type: 'string', enum: ['Accept', 'Deny', 'Pass'] },
        [peerField]: { type: 'array', items: peer, minItems: 1, maxItems: 25 },
        protocols: CNP_PROTOCOLS,
      },
      required: ['action', peerField],
      ...(direction === 'egress' ? { rules: [namedPortRule('protocols', 'destinationNamedPort', ['networks', 'nodes', 'domainNames'])] } : {}),
    },
  };
}

export const CLUSTER_NETWORK_POLICY_SCHEMA: ObjectSchema = {
  type: 'object',
  properties: {
    apiVersion: STRING,
    kind: STRING,
    metadata: ANY,
    spec: {
      type: 'object',
      properties: {
        tier: { type: 'string', enum: ['Admin', 'Baseline'] },
        priority: { type: 'integer', minimum: 0, maximum: 1000 },
        subject: SUBJECT,
        ingress: cnpRules('ingress'),
        egress: cnpRules('egress'),
      },
      required: ['priority', 'subject', 'tier'],
    },
    status: ANY,
  },
  required: ['metadata', 'spec'],
};

// ---- AdminNetworkPolicy and BaselineAdminNetworkPolicy, v1alpha1 ----

const ANP_PORTS: ArraySchema = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  items: {
    type: 'object',
    properties: {
      portNumber: { type: 'object', properties: { protocol: STRING, port: PORT_NUMBER }, required: ['port'] },
      namedPort: STRING,
      portRange: { type: 'object', properties: { protocol: STRING, start: PORT_NUMBER, end: PORT_NUMBER }, required: ['end', 'start'] },
    },
    minProperties: 1,
    maxProperties: 1,
  },
};

function anpRules(direction: 'ingress' | 'egress', baseline: boolean): ArraySchema {
  const egressPeers: Record<string, Schema> = {
    namespaces: LABEL_SELECTOR,
    pods: NAMESPACED_POD_V1ALPHA1,
    nodes: LABEL_SELECTOR,
    networks: { type: 'array', items: CIDR, minItems: 1, maxItems: 25 },
    ...(baseline ? {} : { domainNames: { type: 'array', items: DOMAIN_NAME, minItems: 1, maxItems: 25 } as Schema }),
  };
  const peer: ObjectSchema = {
    type: 'object',
    properties: direction === 'ingress' ? { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD_V1ALPHA1 } : egressPeers,
    minProperties: 1,
    maxProperties: 1,
  };
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const namedPortPeers = baseline ? ['networks', 'nodes'] : ['networks', 'nodes', 'domainNames'];
  return {
    type: 'array',
    maxItems: 100,
    items: {
      type: 'object',
      properties: {
        name: ruleName,
        action: { type: 'string', enum: baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'] },
        [peerField]: { type: 'array', items: peer, minItems: 1, maxItems: 100 },
        ports: ANP_PORTS,
      },
      required: ['action', peerField],
      ...(direction === 'egress' ? { rules: [namedPortRule('ports', 'namedPort', namedPortPeers)] } : {}),
    },
  };
}

export const ADMIN_NETWORK_POLICY_SCHEMA: ObjectSchema = {
  type: 'object',
  properties: {
    apiVersion: STRING,
    kind: STRING,
    metadata: ANY,
    spec: {
      type: 'object',
      properties: {
        priority: { type: 'integer', minimum: 0, maximum: 1000 },
        subject: SUBJECT_V1ALPHA1,
        ingress: anpRules('ingress', false),
        egress: anpRules('egress', false),
      },
      required: ['priority', 'subject'],
    },
    status: ANY,
  },
  required: ['metadata', 'spec'],
};

export const BASELINE_ADMIN_NETWORK_POLICY_SCHEMA: ObjectSchema = {
  type: 'object',
  properties: {
    apiVersion: STRING,
    kind: STRING,
    metadata: ANY,
    spec: {
      type: 'object',
      properties: { subject: SUBJECT_V1ALPHA1, ingress: anpRules('ingress', true), egress: anpRules('egress', true) },
      required: ['subject'],
    },
    status: ANY,
  },
  required: ['metadata', 'spec'],
};

/** The one BaselineAdminNetworkPolicy the API accepts (x-kubernetes-validations on the object). */
export const BASELINE_NAME_RULE = {
  rule: "self.metadata.name == 'default'",
  message: 'Only one baseline admin network policy with metadata.name="default" can be created in the cluster',
} as const;
