import { WorkspaceFindings } from '../../../server/src/service/diagnostics/workspaceFindings';
import type { Finding } from '../../../server/src/service/findings';
import { DEFAULT_SETTINGS, type ServiceSettings } from '../../../server/src/service/settings';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { WorkspaceAnalysis } from '../../../server/src/service/workspaceAnalysis';

/** A finding with the file it is in and the text it covers. */
export interface PlacedFinding extends Finding {
  readonly uri: string;
  readonly text: string;
}

/** An in-memory workspace: file names (relative, e.g. `apps/shop.yaml`) to their text. */
export type Files = Readonly<Record<string, string>>;

export const ROOT = 'file:///ws/';

/** A workspace holding `files` under `file:///ws/`. */
export function workspaceOf(files: Files): ManifestWorkspace {
  const workspace = new ManifestWorkspace();
  for (const [name, text] of Object.entries(files)) workspace.setFile(ROOT + name, text);
  return workspace;
}

/** The workspace findings of every file, in file order then offset order, optionally of one code only. */
export function workspaceFindings(files: Files, code?: string, settings: ServiceSettings = DEFAULT_SETTINGS): PlacedFinding[] {
  const workspace = workspaceOf(files);
  const findings = new WorkspaceFindings(new WorkspaceAnalysis(workspace));
  const out: PlacedFinding[] = [];
  for (const file of workspace.allFiles()) {
    for (const finding of findings.forFile(file, settings)) {
      if (code !== undefined && finding.code !== code) continue;
      out.push({ ...finding, uri: file.uri.slice(ROOT.length), text: file.text.slice(finding.start, finding.end) });
    }
  }
  return out.sort((a, b) => (a.uri === b.uri ? a.start - b.start : a.uri < b.uri ? -1 : 1));
}

/** Joins YAML documents with `---`. */
export function docs(...documents: string[]): string {
  return documents.map((d) => d.replace(/^\n/, '')).join('---\n');
}

/** A Deployment with pod labels and container ports (`name:port/PROTO`, `port`, or `name:port`). */
export function deployment(namespace: string, name: string, labels: Record<string, string>, ports: string[] = []): string {
  const labelLines = Object.entries(labels)
    .map(([k, v]) => `        ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const portLines = ports.map((p) => {
    const [, portName, number, protocol] = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(\w+))?$/.exec(p)!;
    return `            - {${portName ? `name: ${portName}, ` : ''}containerPort: ${number}${protocol ? `, protocol: ${protocol}` : ''}}`;
  });
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  template:
    metadata:
      labels:
${labelLines}
    spec:
      containers:
        - name: main
          image: example/${name}
${ports.length > 0 ? `          ports:\n${portLines.join('\n')}\n` : ''}`;
}

/** A Namespace with labels and annotations. */
export function namespace(name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): string {
  const block = (key: string, map: Record<string, string>): string =>
    Object.keys(map).length === 0
      ? ''
      : `  ${key}:\n${Object.entries(map)
          .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
          .join('\n')}\n`;
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${block('labels', labels)}${block('annotations', annotations)}`;
}

/** A Service with a selector and `port->targetPort[/PROTO]` entries. */
export function service(namespace: string, name: string, selector: Record<string, string>, ports: string[]): string {
  const portLines = ports.map((p) => {
    const [, port, target, protocol] = /^(\d+)(?:->([\w-]+))?(?:\/(\w+))?$/.exec(p)!;
    const targetText = target === undefined ? '' : /^\d+$/.test(target) ? `, targetPort: ${target}` : `, targetPort: ${target}`;
    return `    - {port: ${port}${targetText}${protocol ? `, protocol: ${protocol}` : ''}}`;
  });
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
${Object.entries(selector)
  .map(([k, v]) => `    ${k}: ${v}`)
  .join('\n')}
  ports:
${portLines.join('\n')}
`;
}

/** A NetworkPolicy around a spec written as YAML (indented by two spaces under `spec:`). */
export function policy(namespace: string, name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec.replace(/^\n/, '')}`;
}

/** The egress rule that allows DNS to CoreDNS, as the quick fix writes it (items at four spaces). */
export const DNS_RULE = `    - to:
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
`;
