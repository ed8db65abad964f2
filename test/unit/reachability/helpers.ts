import { buildClusterModel } from '../../../server/src/service/cluster/buildClusterModel';
import type { ClusterModel } from '../../../server/src/service/cluster/clusterModel';
import { ManifestWorkspace } from '../../../server/src/service/workspace';

/** A model from YAML files given as `uri -> text` (or one text), with the default namespace `default`. */
export function modelOf(files: string | Readonly<Record<string, string>>, defaultNamespace = 'default'): ClusterModel {
  const workspace = new ManifestWorkspace();
  const entries = typeof files === 'string' ? { 'file:///test.yaml': files } : files;
  for (const [uri, text] of Object.entries(entries)) workspace.setFile(uri, text);
  return buildClusterModel(workspace.manifests(), { defaultNamespace }, workspace.allFiles());
}

/** The cyclonus / e2e netpol layout: namespaces x, y, z with pods a, b, c, serving 80 and 81 on TCP, UDP and SCTP. */
export function conformanceCluster(options: { ips?: boolean } = {}): string {
  const docs: string[] = [];
  let ip = 1;
  for (const namespace of ['x', 'y', 'z']) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "${namespace}"\n  labels:\n    ns: "${namespace}"\n`);
    for (const pod of ['a', 'b', 'c']) {
      const ports: string[] = [];
      for (const port of [80, 81]) {
        for (const protocol of ['TCP', 'UDP', 'SCTP']) {
          ports.push(`    - {name: serve-${port}-${protocol.toLowerCase()}, containerPort: ${port}, protocol: ${protocol}}`);
        }
      }
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: "${namespace}"\n  labels:\n    pod: ${pod}\nspec:\n  containers:\n  - name: cont\n    ports:\n${ports.join('\n')}\n` +
          (options.ips === false ? '' : `status:\n  podIP: 192.168.0.${ip++}\n`),
      );
    }
  }
  return docs.join('---\n');
}

export const CONFORMANCE_PODS = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'];
