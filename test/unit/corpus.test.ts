import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../server/src/service/diagnostics/fileFindings';
import { parseFile } from '../../server/src/service/parse/parsedFile';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';

/**
 * Real-world manifests (shared/corpus/files, beside the repository; see its README and SOURCES.md): every
 * document the API server accepts must get no error-severity finding. The documents it rejects are listed here,
 * each with the reason the API server rejects it; the test fails both on an error not listed and on a listed
 * error that no longer appears, so the list stays exact.
 */
const CORPUS = resolve(__dirname, '../../../shared/corpus/files');

interface Rejected {
  readonly file: string;
  readonly code: string;
  /** How many findings of that code the file has. */
  readonly count: number;
  readonly reason: string;
}

const STATUS_REASON =
  '`status: {}` (from `kubectl get -o yaml` of Kubernetes 1.24-1.27, when NetworkPolicy had an alpha status): the field was removed in 1.28 (kubernetes#115843), so strict decoding rejects it as an unknown field';

const REJECTED: readonly Rejected[] = [
  {
    file: 'MicrosoftDocs__azure-aks-docs__articles__aks__operator-best-practices-cluster-security.md__block1.yaml',
    code: 'ipblock.cidr-invalid',
    count: 1,
    reason: '`cidr: 10.10.0.0/0#example`: a YAML comment needs a space before `#`, so the value is "10.10.0.0/0#example", which ParseCIDRSloppy rejects',
  },
  {
    file: 'argoproj__argo-cd__test__e2e__testdata__deprecated-extensions__network-policy.yaml',
    code: 'apiversion.removed',
    count: 1,
    reason: 'extensions/v1beta1 NetworkPolicy, not served since 1.16 (test data for deprecated APIs)',
  },
  {
    file: 'kubeflow__manifests__common__networkpolicies__base__spark-operator-webhook.at-f99781514828.yaml',
    code: 'yaml.syntax',
    count: 3,
    reason: 'an older version with broken YAML (`key: app.kubernetes.io/name:` and a mis-indented label line): kubectl cannot convert it to JSON',
  },
  {
    file: 'microservices-demo__microservices-demo__deploy__kubernetes__manifests-policy__netpol-cart-db-access.at-c0a1e5903623.yaml',
    code: 'apiversion.removed',
    count: 1,
    reason: 'extensions/v1beta1 NetworkPolicy (an old version of the file), not served since 1.16',
  },
  {
    file: 'microservices-demo__microservices-demo__deploy__kubernetes__manifests-policy__netpol-frontend-access.at-c0a1e5903623.yaml',
    code: 'apiversion.removed',
    count: 1,
    reason: 'extensions/v1beta1 NetworkPolicy (an old version of the file), not served since 1.16',
  },
  // np-guard/netpol-analyzer's deliberately invalid test inputs.
  { file: 'np-guard__netpol-analyzer__tests__bad_netpols__subdir1__netpols.yaml', code: 'ipblock.cidr-invalid', count: 1, reason: '`cidr: A` is not a CIDR' },
  {
    file: 'np-guard__netpol-analyzer__tests__bad_netpols__subdir2__netpols.yaml',
    code: 'selector.label-key-invalid',
    count: 1,
    reason: 'matchLabels key `app@b`: "@" is not allowed in a qualified name',
  },
  {
    file: 'np-guard__netpol-analyzer__tests__bad_netpols__subdir3__netpols.yaml',
    code: 'peer.ipblock-with-selector',
    count: 1,
    reason: 'a peer with both ipBlock and a selector (ValidateNetworkPolicyPeer forbids it)',
  },
  {
    file: 'np-guard__netpol-analyzer__tests__bad_netpols__subdir4__netpols.yaml',
    code: 'peer.empty',
    count: 1,
    reason: 'an empty peer `- {}` ("must specify a peer")',
  },
  {
    file: 'np-guard__netpol-analyzer__tests__bad_netpols__subdir7__resources.yaml',
    code: 'selector.label-value-invalid',
    count: 1,
    reason: 'matchLabels value `$backendservice`: "$" is not allowed in a label value',
  },
  { file: 'np-guard__netpol-analyzer__tests__bad_netpols__subdir7__resources.yaml', code: 'structure.unknown-field', count: 3, reason: STATUS_REASON },
  { file: 'np-guard__netpol-analyzer__tests__np_bad_path_test_1__netpols.yaml', code: 'structure.unknown-field', count: 2, reason: STATUS_REASON },
  { file: 'np-guard__netpol-analyzer__tests__np_bad_path_test_2__netpols.yaml', code: 'structure.unknown-field', count: 1, reason: STATUS_REASON },
  {
    file: 'np-guard__netpol-analyzer__tests__np_bad_path_test_2__netpols.yaml',
    code: 'ports.endport-with-named-port',
    count: 1,
    reason: '`endPort` with the named port `http` ("may not be specified when `port` is non-numeric")',
  },
  // OpenShift operator assets: templates whose metadata the operator fills in at run time ("name, namespace,
  // labels and annotations are set at runtime"); as written, the API server rejects them.
  ...[
    'openshift__cluster-dns-operator__pkg__manifests__assets__dns__networkpolicy-allow.yaml',
    'openshift__cluster-ingress-operator__pkg__manifests__assets__canary__networkpolicy-allow.at-6cf59c532a28.yaml',
    'openshift__cluster-ingress-operator__pkg__manifests__assets__canary__networkpolicy-allow.yaml',
    'openshift__cluster-ingress-operator__pkg__manifests__assets__gateway-api__gateway-networkpolicy-allow.yaml',
    'openshift__cluster-ingress-operator__pkg__manifests__assets__router__networkpolicy-allow.yaml',
  ].map((file) => ({
    file,
    code: 'metadata.name-required',
    count: 1,
    reason: 'operator asset without metadata.name (set at run time): "name or generateName is required"',
  })),
];

const key = (file: string, code: string): string => `${file} ${code}`;

describe('corpus: real-world manifests', () => {
  const present = existsSync(CORPUS);
  it(
    'every document the API server accepts gets no error; the rejected ones get exactly the listed errors',
    { skip: present ? false : `no corpus at ${CORPUS}` },
    () => {
      const errors = new Map<string, number>();
      for (const file of readdirSync(CORPUS).sort()) {
        const text = readFileSync(join(CORPUS, file), 'utf8');
        for (const finding of getFileFindings(parseFile(file, text), DEFAULT_SETTINGS)) {
          if (finding.severity !== 'error') continue;
          errors.set(key(file, finding.code), (errors.get(key(file, finding.code)) ?? 0) + 1);
        }
      }
      const expected = new Map(REJECTED.map((entry) => [key(entry.file, entry.code), entry.count]));
      assert.deepEqual(Object.fromEntries([...errors].sort()), Object.fromEntries([...expected].sort()));
    },
  );
});
