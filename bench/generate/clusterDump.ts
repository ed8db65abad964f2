/**
 * A seeded generator of cluster dumps, as `kubectl get pods,namespaces,networkpolicies -A -o yaml` (or `-o json`)
 * writes them: one `kind: List` of Namespaces, Pods as the API server returns them (labels, named container ports,
 * status.podIP, ownerReferences to a ReplicaSet, resources, tolerations, conditions and containerStatuses) and about
 * ten NetworkPolicies per namespace of the common shapes. Issue 18's figures are taken on these.
 *
 *   node --import tsx bench/generate/clusterDump.ts --pods 10000 --out /tmp/dump-10k.yaml
 *   node --import tsx bench/generate/clusterDump.ts --pods 100000 --format json --out /tmp/dump-100k.json
 *
 * 100 Pods and 10 policies per namespace: 10,000 Pods are 100 namespaces and 1,000 policies.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { SeededRandom } from './random';

export const DUMP_SEED = 18;
export const PODS_PER_NAMESPACE = 100;
export const POLICIES_PER_NAMESPACE = 10;

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'shipping', 'reviews', 'ads', 'media'];
const ENVS = ['prod', 'staging', 'dev'];
/** Ten Deployments of ten replicas per namespace. */
const APPS = [
  {
    name: 'frontend',
    tier: 'web',
    ports: [
      ['http', 8080],
      ['metrics', 9090],
    ],
  },
  {
    name: 'gateway',
    tier: 'web',
    ports: [
      ['http', 8080],
      ['admin', 8081],
    ],
  },
  {
    name: 'orders',
    tier: 'api',
    ports: [
      ['grpc', 9000],
      ['metrics', 9090],
    ],
  },
  {
    name: 'accounts',
    tier: 'api',
    ports: [
      ['http', 8080],
      ['metrics', 9090],
    ],
  },
  { name: 'pricing', tier: 'api', ports: [['http', 8080]] },
  { name: 'worker', tier: 'api', ports: [['metrics', 9090]] },
  { name: 'cache', tier: 'db', ports: [['redis', 6379]] },
  {
    name: 'postgres',
    tier: 'db',
    ports: [
      ['postgres', 5432],
      ['metrics', 9187],
    ],
  },
  {
    name: 'search',
    tier: 'api',
    ports: [
      ['http', 9200],
      ['transport', 9300],
    ],
  },
  { name: 'mailer', tier: 'api', ports: [['smtp', 2525]] },
] as const;

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

export interface DumpSize {
  readonly pods: number;
  readonly namespaces: number;
  readonly policies: number;
}

export function dumpSize(pods: number): DumpSize {
  const namespaces = Math.max(1, Math.ceil(pods / PODS_PER_NAMESPACE));
  return { pods, namespaces, policies: namespaces * POLICIES_PER_NAMESPACE };
}

/** The dump's items, one at a time (a 100,000-Pod dump is about 200 MB of text: never held as one value). */
export function* dumpItems(pods: number, seed = DUMP_SEED): Generator<Record<string, Value>> {
  const random = new SeededRandom(seed);
  const size = dumpSize(pods);
  const names: string[] = [];
  for (let n = 0; n < size.namespaces; n++) names.push(`${random.pick(TEAMS)}-${random.pick(ENVS)}-${n}`);
  // kubectl lists by resource: the Pods, then the Namespaces, then the policies (each sorted by namespace, name).
  let podIndex = 0;
  for (let n = 0; n < size.namespaces && podIndex < pods; n++) {
    for (let i = 0; i < PODS_PER_NAMESPACE && podIndex < pods; i++, podIndex++) yield pod(random, names[n], APPS[i % APPS.length], podIndex);
  }
  for (let n = 0; n < size.namespaces; n++) yield namespace(random, names[n]);
  for (let n = 0; n < size.namespaces; n++) for (let p = 0; p < POLICIES_PER_NAMESPACE; p++) yield policy(random, names[n], p);
}

function uid(random: SeededRandom): string {
  const hex = (digits: number) => Array.from({ length: digits }, () => random.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

function hash(random: SeededRandom, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from({ length }, () => alphabet[random.int(0, alphabet.length - 1)]).join('');
}

const TIME = '2026-11-02T09:14:27Z';

function pod(random: SeededRandom, namespace: string, app: (typeof APPS)[number], index: number): Record<string, Value> {
  const templateHash = hash(random, 10);
  const replicaSet = `${app.name}-${templateHash}`;
  const name = `${replicaSet}-${hash(random, 5)}`;
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const hostIp = `192.168.${(index >> 8) & 15}.${index & 255}`;
  const node = `node-${index % 97}`;
  const condition = (type: string) => ({ lastProbeTime: null, lastTransitionTime: TIME, status: 'True', type });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: TIME,
      generateName: `${replicaSet}-`,
      labels: { app: app.name, 'app.kubernetes.io/part-of': namespace.split('-')[0], 'pod-template-hash': templateHash, tier: app.tier },
      name,
      namespace,
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: replicaSet, uid: uid(random) }],
      resourceVersion: String(random.int(100000, 99999999)),
      uid: uid(random),
    },
    spec: {
      containers: [
        {
          image: `registry.example.com/${app.name}:1.${random.int(0, 40)}.${random.int(0, 9)}`,
          imagePullPolicy: 'IfNotPresent',
          name: app.name,
          ports: app.ports.map(([portName, port]) => ({ containerPort: port, name: portName, protocol: 'TCP' })),
          resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: node,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 }],
    },
    status: {
      conditions: [condition('Ready'), condition('PodScheduled')],
      containerStatuses: [
        {
          containerID: `containerd://${hash(random, 24)}`,
          image: `registry.example.com/${app.name}:1.0.0`,
          imageID: `registry.example.com/${app.name}@sha256:${hash(random, 32)}`,
          lastState: {},
          name: app.name,
          ready: true,
          restartCount: random.int(0, 3),
          started: true,
          state: { running: { startedAt: TIME } },
        },
      ],
      hostIP: hostIp,
      hostIPs: [{ ip: hostIp }],
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      qosClass: 'Burstable',
      startTime: TIME,
    },
  };
}

function namespace(random: SeededRandom, name: string): Record<string, Value> {
  const [team, env] = name.split('-');
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      creationTimestamp: TIME,
      labels: { env, 'kubernetes.io/metadata.name': name, team },
      name,
      resourceVersion: String(random.int(100, 99999)),
      uid: uid(random),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

const POLICY_NAMES = [
  'default-deny',
  'allow-dns',
  'allow-same-namespace',
  'frontend-ingress',
  'api-from-web',
  'db-from-api',
  'metrics-scrape',
  'egress-external',
  'search-ports',
  'team-access',
];

function policy(random: SeededRandom, namespace: string, index: number): Record<string, Value> {
  const team = namespace.split('-')[0];
  const app = (name: string) => ({ matchLabels: { app: name } });
  const tcp = (port: number | string) => ({ port, protocol: 'TCP' });
  const specs: Record<string, Value>[] = [
    { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    {
      egress: [
        {
          ports: [{ port: 53, protocol: 'UDP' }, tcp(53)],
          to: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
          ],
        },
      ],
      podSelector: {},
      policyTypes: ['Egress'],
    },
    { ingress: [{ from: [{ podSelector: {} }] }], podSelector: {}, policyTypes: ['Ingress'] },
    {
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [tcp('http')] }],
      podSelector: app('frontend'),
      policyTypes: ['Ingress'],
    },
    {
      ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }], ports: [tcp(8080), tcp('grpc')] }],
      podSelector: { matchLabels: { tier: 'api' } },
      policyTypes: ['Ingress'],
    },
    {
      ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [tcp(5432), tcp(6379)] }],
      podSelector: { matchLabels: { tier: 'db' } },
      policyTypes: ['Ingress'],
    },
    {
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
          ports: [tcp('metrics')],
        },
      ],
      podSelector: {},
      policyTypes: ['Ingress'],
    },
    {
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [tcp(443)] }],
      podSelector: app('gateway'),
      policyTypes: ['Egress'],
    },
    {
      ingress: [
        {
          from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'web'] }] } }],
          ports: [{ endPort: 9300, port: 9200, protocol: 'TCP' }],
        },
      ],
      podSelector: app('search'),
      policyTypes: ['Ingress'],
    },
    {
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team } } }] }],
      podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['postgres', 'cache'] }] },
      policyTypes: ['Ingress'],
    },
  ];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      creationTimestamp: TIME,
      generation: 1,
      name: POLICY_NAMES[index],
      namespace,
      resourceVersion: String(random.int(100, 99999999)),
      uid: uid(random),
    },
    spec: specs[index % specs.length],
  };
}

// --- Writing, as kubectl does: YAML with sorted keys and items at the indentation of `items:`, JSON indented 4.

/** kubectl (sigs.k8s.io/yaml over go-yaml v2) sorts keys; the items above are already written in that order. */
const PLAIN = /^[A-Za-z/][A-Za-z0-9_./:@-]*$/;
const RESERVED = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (value === '' || !PLAIN.test(value) || RESERVED.test(value) || /^[0-9]/.test(value) || value.includes(': ')) return JSON.stringify(value);
  return value;
}

function isEmpty(value: Value): boolean {
  return typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);
}

/** `value` as block YAML lines at `indent`, go-yaml style (sequences of a mapping at the mapping's indentation). */
function yamlLines(value: Value, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null && !isEmpty(item)) {
        const inner: string[] = [];
        yamlLines(item, indent + '  ', inner);
        out.push(`${indent}- ${inner[0].slice(indent.length + 2)}`, ...inner.slice(1));
      } else out.push(`${indent}- ${typeof item === 'object' && item !== null ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
    }
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, Value>)) {
    const k = scalar(key);
    if (typeof item === 'object' && item !== null && !isEmpty(item)) {
      out.push(`${indent}${k}:`);
      yamlLines(item, Array.isArray(item) ? indent : indent + '  ', out);
    } else out.push(`${indent}${k}: ${typeof item === 'object' && item !== null ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
  }
}

/** The dump's text in chunks: write them to a file, or join them for a small one. */
export function* dumpChunks(pods: number, format: 'yaml' | 'json', seed = DUMP_SEED): Generator<string> {
  if (format === 'yaml') {
    yield 'apiVersion: v1\nitems:\n';
    for (const item of dumpItems(pods, seed)) {
      const lines: string[] = [];
      yamlLines([item], '', lines);
      yield lines.join('\n') + '\n';
    }
    yield 'kind: List\nmetadata:\n  resourceVersion: ""\n';
  } else {
    yield '{\n    "apiVersion": "v1",\n    "items": [\n';
    let first = true;
    for (const item of dumpItems(pods, seed)) {
      const text = JSON.stringify(item, null, 4).replace(/\n/g, '\n        ');
      yield `${first ? '' : ',\n'}        ${text}`;
      first = false;
    }
    yield '\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';
  }
}

/** The whole dump as one string (for tests and small sizes). */
export function generateClusterDump(pods: number, format: 'yaml' | 'json', seed = DUMP_SEED): string {
  return [...dumpChunks(pods, format, seed)].join('');
}

/** Writes a dump to `file` chunk by chunk; resolves to its size in bytes. */
export async function writeClusterDump(file: string, pods: number, format: 'yaml' | 'json', seed = DUMP_SEED): Promise<number> {
  const stream = createWriteStream(file);
  let bytes = 0;
  for (const chunk of dumpChunks(pods, format, seed)) {
    bytes += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return bytes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pods: { type: 'string' },
      format: { type: 'string', default: 'yaml' },
      seed: { type: 'string', default: String(DUMP_SEED) },
      out: { type: 'string' },
    },
  });
  if (!values.out || values.pods === undefined || (values.format !== 'yaml' && values.format !== 'json'))
    throw new Error('usage: clusterDump.ts --pods N [--format yaml|json] --out FILE [--seed N]');
  const bytes = await writeClusterDump(values.out, Number(values.pods), values.format, Number(values.seed));
  const size = dumpSize(Number(values.pods));
  console.log(`${values.out}: ${size.pods} Pods, ${size.namespaces} Namespaces, ${size.policies} NetworkPolicies, ${bytes} bytes`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
