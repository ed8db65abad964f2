/** A small shop: a frontend, a postgres and a default deny; policies added per test. */
export const SHOP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers:
      - name: web
        ports: [{containerPort: 8080, name: http}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: postgres, namespace: shop}
spec:
  selector: {matchLabels: {app: postgres}}
  template:
    metadata: {labels: {app: postgres}}
    spec:
      containers:
      - name: db
        ports: [{containerPort: 5432, name: pg}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

export function allowFrontendDb(ports = '    - port: 5432\n'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-frontend-db, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress:
  - to:
    - podSelector: {matchLabels: {app: postgres}}
    ports:
${ports}  ingress:
  - from:
    - podSelector: {matchLabels: {app: frontend}}
    ports:
${ports}`;
}

export const ADMIN = `apiVersion: apps/v1
kind: Deployment
metadata: {name: admin, namespace: shop}
spec:
  selector: {matchLabels: {app: frontend, role: admin}}
  template:
    metadata: {labels: {app: frontend, role: admin}}
    spec:
      containers:
      - name: web
        ports: [{containerPort: 8080}]
`;

export const EGRESS_INTERNET = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-internet, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
    ports:
    - port: 443
`;
