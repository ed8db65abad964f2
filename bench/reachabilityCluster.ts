/**
 * A synthetic cluster for the reachability benchmark, seeded and deterministic: namespaces of apps with several
 * replicas each (labels that differ per replica, as `kubectl get pods -o yaml` shows them), pod IPs, named ports,
 * and per namespace a default deny, a DNS allowance and app-to-app policies of the common shapes (named ports,
 * namespace selectors with expressions, ipBlocks with except). One YAML file per namespace.
 */
export interface ClusterShape {
  readonly namespaces: number;
  readonly appsPerNamespace: number;
  readonly replicas: number;
  readonly policiesPerNamespace: number;
  readonly seed?: number;
  /** `deployments`: each app is one Deployment (its pod template; `replicas` is its replica count) instead of Pods. */
  readonly workloads?: 'pods' | 'deployments';
}

/** 5,000 pods and 1,000 policies: 50 namespaces x 20 apps x 5 replicas; 20 policies per namespace. */
export const FULL_SIZE: ClusterShape = { namespaces: 50, appsPerNamespace: 20, replicas: 5, policiesPerNamespace: 20 };

export interface GeneratedCluster {
  /** uri -> YAML text. */
  readonly files: Map<string, string>;
  /** Pods, or Deployments (`workloads: 'deployments'`). */
  readonly pods: number;
  readonly policies: number;
}

const TIERS = ['frontend', 'backend', 'db'] as const;

export function generateCluster(shape: ClusterShape): GeneratedCluster {
  let state = shape.seed ?? 42;
  const random = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const files = new Map<string, string>();
  let pods = 0;
  let policies = 0;
  files.set('file:///bench/kube-system.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n');
  for (let n = 0; n < shape.namespaces; n++) {
    const namespace = `ns-${n}`;
    const team = `team-${n % 7}`;
    const docs: string[] = [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n  labels:\n    team: ${team}\n    env: ${n % 3 === 0 ? 'prod' : 'dev'}\n`,
    ];
    const apps: { name: string; tier: string }[] = [];
    for (let a = 0; a < shape.appsPerNamespace; a++) {
      const tier = TIERS[a % TIERS.length];
      const app = `app-${a}`;
      apps.push({ name: app, tier });
      if (shape.workloads === 'deployments') {
        pods++;
        docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${namespace}
spec:
  replicas: ${shape.replicas}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels:
        app: ${app}
        tier: ${tier}
        version: v${a % 2}
    spec:
      containers:
      - name: main
        image: registry.example/${app}:1
        ports:
        - {name: http, containerPort: ${tier === 'db' ? 5432 : 8080}}
        - {name: metrics, containerPort: 9090}
${tier === 'backend' ? '        - {name: grpc, containerPort: 50051}\n' : ''}`);
        continue;
      }
      for (let r = 0; r < shape.replicas; r++) {
        pods++;
        docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: ${app}-${r}
  namespace: ${namespace}
  labels:
    app: ${app}
    tier: ${tier}
    version: v${(a + r) % 2}
    pod-template-hash: h${n}x${a}
    statefulset.kubernetes.io/pod-name: ${app}-${r}
spec:
  containers:
  - name: main
    ports:
    - {name: http, containerPort: ${tier === 'db' ? 5432 : 8080}}
    - {name: metrics, containerPort: 9090}
${tier === 'backend' ? '    - {name: grpc, containerPort: 50051}\n' : ''}status:
  podIP: 10.${n}.${a}.${r + 1}
`);
      }
    }
    const policy = (name: string, spec: string) => {
      policies++;
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`);
    };
    policy('default-deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
    policy(
      'allow-dns',
      '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n    ports:\n    - {protocol: UDP, port: 53}\n    - {protocol: TCP, port: 53}\n',
    );
    for (let p = 2; p < shape.policiesPerNamespace; p++) {
      const target = apps[p % apps.length];
      const shapeOf = p % 6;
      if (shapeOf === 0) {
        policy(
          `${target.name}-from-frontends`,
          `  podSelector:\n    matchLabels:\n      app: ${target.name}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          tier: frontend\n    ports:\n    - port: http\n`,
        );
      } else if (shapeOf === 1) {
        policy(
          `${target.name}-from-team`,
          `  podSelector:\n    matchLabels:\n      app: ${target.name}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions:\n        - {key: team, operator: In, values: [${team}, team-${(n + 1) % 7}]}\n      podSelector:\n        matchExpressions:\n        - {key: tier, operator: NotIn, values: [db]}\n    ports:\n    - {port: 8000, endPort: 8100}\n`,
        );
      } else if (shapeOf === 2) {
        policy(
          `${target.name}-to-db`,
          `  podSelector:\n    matchLabels:\n      app: ${target.name}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - podSelector:\n        matchLabels:\n          tier: db\n    ports:\n    - port: 5432\n`,
        );
      } else if (shapeOf === 3) {
        policy(
          `${target.name}-internet`,
          `  podSelector:\n    matchLabels:\n      app: ${target.name}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 0.0.0.0/0\n        except: [10.0.0.0/8, 192.168.0.0/16]\n    ports:\n    - port: 443\n`,
        );
      } else if (shapeOf === 4) {
        policy(
          `${target.name}-metrics`,
          `  podSelector:\n    matchLabels:\n      tier: ${target.tier}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: ns-${Math.floor(random() * shape.namespaces)}\n    ports:\n    - port: metrics\n`,
        );
      } else {
        policy(
          `${target.name}-from-${pick(apps).name}`,
          `  podSelector:\n    matchLabels:\n      app: ${target.name}\n      version: v${p % 2}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: ${pick(apps).name}\n    - ipBlock:\n        cidr: 10.${n}.0.0/16\n        except: [10.${n}.${p % shape.appsPerNamespace}.0/24]\n`,
        );
      }
    }
    files.set(`file:///bench/${namespace}.yaml`, docs.join('---\n'));
  }
  return { files, pods, policies };
}
