import type { SeededRandom } from './random';

/**
 * Builders of the Kubernetes objects a benchmark workspace holds: namespaces with labels, Deployments whose pod
 * templates carry labels and named ports, Services, and NetworkPolicies drawn from the patterns real clusters use.
 * Every object is valid (the API server would accept it), so that the benchmarks time a clean pipeline and not
 * error reporting.
 */

/** A workload of a namespace: a Deployment and the Service in front of it. */
export interface App {
  readonly name: string;
  readonly tier: 'web' | 'api' | 'db';
  /** Named container ports, as NetworkPolicies may refer to them by name. */
  readonly ports: readonly { readonly name: string; readonly containerPort: number }[];
}

export interface NamespacePlan {
  readonly name: string;
  readonly team: string;
  readonly env: 'prod' | 'staging' | 'dev';
  readonly frontend: App;
  readonly backend: App;
  readonly database: App;
}

export interface NamedManifest {
  /** Used for file names in a many-file workspace. */
  readonly name: string;
  readonly yaml: string;
}

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'shipping', 'reviews', 'ads', 'media'];
const BACKENDS = ['orders', 'accounts', 'inventory', 'pricing', 'ledger', 'profiles', 'sessions', 'quotes'];
const DATABASES = [
  { name: 'postgres', port: 5432 },
  { name: 'mysql', port: 3306 },
  { name: 'redis', port: 6379 },
  { name: 'mongodb', port: 27017 },
] as const;
const ENVS = ['prod', 'staging', 'dev'] as const;

/** The namespace `index` of a generated cluster: a team, an environment and three tiers of workloads. */
export function planNamespace(random: SeededRandom, index: number): NamespacePlan {
  const team = random.pick(TEAMS);
  const env = random.pick(ENVS);
  const database = random.pick(DATABASES);
  return {
    name: `${team}-${env}-${index}`,
    team,
    env,
    frontend: {
      name: 'frontend',
      tier: 'web',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'metrics', containerPort: 9090 },
      ],
    },
    backend: {
      name: random.pick(BACKENDS),
      tier: 'api',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'grpc', containerPort: 9000 + random.int(0, 99) },
        { name: 'metrics', containerPort: 9090 },
      ],
    },
    database: { name: database.name, tier: 'db', ports: [{ name: database.name, containerPort: database.port }] },
  };
}

export function namespaceYaml(ns: NamespacePlan): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns.name}
  labels:
    kubernetes.io/metadata.name: ${ns.name}
    team: ${ns.team}
    env: ${ns.env}
`;
}

export function deploymentYaml(ns: NamespacePlan, app: App, random: SeededRandom): string {
  const ports = app.ports
    .map((port) => `            - name: ${port.name}\n              containerPort: ${port.containerPort}\n              protocol: TCP\n`)
    .join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app.name}
  namespace: ${ns.name}
  labels:
    app: ${app.name}
    team: ${ns.team}
spec:
  replicas: ${random.int(1, 5)}
  selector:
    matchLabels:
      app: ${app.name}
  template:
    metadata:
      labels:
        app: ${app.name}
        tier: ${app.tier}
        team: ${ns.team}
        version: v${random.int(1, 9)}.${random.int(0, 30)}.${random.int(0, 9)}
    spec:
      containers:
        - name: ${app.name}
          image: registry.example.com/${ns.team}/${app.name}:${random.int(1, 4)}.${random.int(0, 20)}.${random.int(0, 9)}
          resources:
            requests:
              cpu: ${random.pick(['50m', '100m', '250m', '500m'])}
              memory: ${random.pick(['64Mi', '128Mi', '256Mi', '512Mi'])}
            limits:
              memory: ${random.pick(['256Mi', '512Mi', '1Gi'])}
          ports:
${ports}`;
}

export function serviceYaml(ns: NamespacePlan, app: App): string {
  const port = app.ports[0];
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
  namespace: ${ns.name}
spec:
  selector:
    app: ${app.name}
  ports:
    - name: ${port.name}
      port: ${app.tier === 'db' ? port.containerPort : 80}
      targetPort: ${port.name}
`;
}

function policyYaml(ns: NamespacePlan, name: string, pattern: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns.name}
  labels:
    team: ${ns.team}
    policy-pattern: ${pattern}
  annotations:
    owner: ${ns.team}@example.com
spec:
${spec}`;
}

type PolicyPattern = (ns: NamespacePlan, random: SeededRandom) => NamedManifest;

/** Every pod of the namespace is isolated in both directions; the other policies open what is needed. */
const defaultDeny: PolicyPattern = (ns) => ({
  name: 'default-deny',
  yaml: policyYaml(
    ns,
    'default-deny',
    'default-deny',
    `  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`,
  ),
});

/** Name resolution: UDP and TCP 53 to CoreDNS in kube-system. */
const dnsEgress: PolicyPattern = (ns) => ({
  name: 'allow-dns',
  yaml: policyYaml(
    ns,
    'allow-dns',
    'dns-egress',
    `  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`,
  ),
});

/** Pods of the namespace may talk to each other, and nothing else may reach them. */
const namespaceIsolation: PolicyPattern = (ns) => ({
  name: 'allow-same-namespace',
  yaml: policyYaml(
    ns,
    'allow-same-namespace',
    'namespace-isolation',
    `  podSelector: {}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector: {}
`,
  ),
});

/** The ingress controller reaches the frontend, by port number or by the container port's name. */
const ingressController: PolicyPattern = (ns, random) => ({
  name: `${ns.frontend.name}-from-ingress`,
  yaml: policyYaml(
    ns,
    `${ns.frontend.name}-from-ingress`,
    'ingress-controller',
    `  podSelector:
    matchLabels:
      app: ${ns.frontend.name}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
          podSelector:
            matchLabels:
              app.kubernetes.io/name: ingress-nginx
      ports:
        - protocol: TCP
          port: 8080
${random.chance(0.5) ? '        - port: http\n' : ''}`,
  ),
});

/** The frontend may call the backend's HTTP and gRPC ports. */
const frontendToBackend: PolicyPattern = (ns) => ({
  name: `${ns.backend.name}-from-${ns.frontend.name}`,
  yaml: policyYaml(
    ns,
    `${ns.backend.name}-from-${ns.frontend.name}`,
    'frontend-to-backend',
    `  podSelector:
    matchLabels:
      app: ${ns.backend.name}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: ${ns.frontend.name}
              tier: web
      ports:
        - protocol: TCP
          port: ${ns.backend.ports[0].containerPort}
        - protocol: TCP
          port: ${ns.backend.ports[1].containerPort}
`,
  ),
});

/** The backend may reach its database, and only the backend may. */
const backendToDatabase: PolicyPattern = (ns) => ({
  name: `${ns.database.name}-from-${ns.backend.name}`,
  yaml: policyYaml(
    ns,
    `${ns.database.name}-from-${ns.backend.name}`,
    'backend-to-database',
    `  podSelector:
    matchLabels:
      app: ${ns.database.name}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: ${ns.backend.name}
      ports:
        - protocol: TCP
          port: ${ns.database.ports[0].containerPort}
`,
  ),
});

/** Egress to a private range except the cluster's own, and HTTPS anywhere but the cloud metadata endpoint. */
const egressCidrExcept: PolicyPattern = (ns, random) => {
  const second = random.int(0, 250);
  return {
    name: `${ns.backend.name}-egress-external`,
    yaml: policyYaml(
      ns,
      `${ns.backend.name}-egress-external`,
      'egress-cidr-except',
      `  podSelector:
    matchLabels:
      app: ${ns.backend.name}
  policyTypes:
    - Egress
  egress:
    - to:
        - ipBlock:
            cidr: 10.${second}.0.0/16
            except:
              - 10.${second}.${random.int(0, 127)}.0/24
              - 10.${second}.${random.int(128, 255)}.${random.int(0, 15) * 16}/28
      ports:
        - protocol: TCP
          port: ${random.pick([443, 8443, 5671])}
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except:
              - 169.254.169.254/32
      ports:
        - protocol: TCP
          port: 443
`,
    ),
  };
};

/** A range of ports (`endPort`), e.g. NodePorts of another cluster or a passive FTP range. */
const portRange: PolicyPattern = (ns, random) => {
  const start = random.pick([30000, 31000, 40000, 50000]);
  return {
    name: `${ns.backend.name}-egress-port-range`,
    yaml: policyYaml(
      ns,
      `${ns.backend.name}-egress-port-range`,
      'port-range',
      `  podSelector:
    matchLabels:
      app: ${ns.backend.name}
  policyTypes:
    - Egress
  egress:
    - to:
        - ipBlock:
            cidr: 172.${random.int(16, 31)}.0.0/16
      ports:
        - protocol: TCP
          port: ${start}
          endPort: ${start + random.int(100, 2767)}
`,
    ),
  };
};

/** Prometheus scrapes the web and API tiers, selected with set-based requirements. */
const monitoringScrape: PolicyPattern = (ns) => ({
  name: 'allow-prometheus-scrape',
  yaml: policyYaml(
    ns,
    'allow-prometheus-scrape',
    'match-expressions',
    `  podSelector:
    matchExpressions:
      - key: tier
        operator: In
        values:
          - web
          - api
      - key: canary
        operator: DoesNotExist
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions:
              - key: kubernetes.io/metadata.name
                operator: In
                values:
                  - monitoring
          podSelector:
            matchLabels:
              app.kubernetes.io/name: prometheus
      ports:
        - protocol: TCP
          port: 9090
        - port: metrics
`,
  ),
});

/** Other namespaces of the same team, but not its dev environments, may call the backend. */
const teamNamespaces: PolicyPattern = (ns) => ({
  name: `${ns.backend.name}-from-team`,
  yaml: policyYaml(
    ns,
    `${ns.backend.name}-from-team`,
    'team-namespaces',
    `  podSelector:
    matchLabels:
      app: ${ns.backend.name}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: ${ns.team}
            matchExpressions:
              - key: env
                operator: NotIn
                values:
                  - dev
              - key: team
                operator: Exists
      ports:
        - protocol: TCP
          port: ${ns.backend.ports[0].containerPort}
`,
  ),
});

/** The patterns, in the order each namespace receives them. */
export const POLICY_PATTERNS: readonly PolicyPattern[] = [
  defaultDeny,
  dnsEgress,
  namespaceIsolation,
  ingressController,
  frontendToBackend,
  backendToDatabase,
  egressCidrExcept,
  portRange,
  monitoringScrape,
  teamNamespaces,
];

/** The workloads of a namespace: a Deployment and a Service per app. */
export function workloadManifests(ns: NamespacePlan, random: SeededRandom): NamedManifest[] {
  return [ns.frontend, ns.backend, ns.database].map((app) => ({
    name: app.name,
    yaml: `${deploymentYaml(ns, app, random)}---\n${serviceYaml(ns, app)}`,
  }));
}

/** The first `count` policies of a namespace (at most one per pattern). */
export function policyManifests(ns: NamespacePlan, random: SeededRandom, count: number): NamedManifest[] {
  return POLICY_PATTERNS.slice(0, count).map((pattern) => pattern(ns, random));
}
