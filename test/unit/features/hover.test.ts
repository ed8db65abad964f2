import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getHover } from '../../../server/src/service/features/hover';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              env: staging
          podSelector:
            matchLabels:
              role: admin
        - podSelector:
            matchLabels:
              app: api
      ports:
        - port: 5432
        - protocol: UDP
          port: metrics
  egress:
    - to:
        - ipBlock:
            cidr: 10.0.0.0/8
            except:
              - 10.1.0.0/16
`;

function hoverAt(marker: string, delta = 0, text = POLICY) {
  const offset = text.indexOf(marker) + delta;
  assert.ok(offset >= delta, `marker ${marker}`);
  return getHover(parseFile('file:///p.yaml', text), offset, { settings: DEFAULT_SETTINGS });
}

describe('getHover', () => {
  it('spells out AND inside a peer and OR between peers', () => {
    const hover = hoverAt('env: staging');
    assert.ok(hover);
    assert.match(
      hover.markdown,
      /^\*\*Peer 1 of 2\*\*: pods labelled role=admin \*\*in\*\* namespaces labelled env=staging \(\*\*AND\*\*: both must match, the podSelector on the pod and the namespaceSelector on its namespace\)\.$/m,
    );
    assert.match(
      hover.markdown,
      /Peers are ORed: this rule allows traffic from \*pods labelled role=admin \*\*in\*\* namespaces labelled env=staging\* \*\*or\*\* pods labelled app=api in this namespace \(shop\)\./,
    );
  });

  it('says AND only on a peer with both selectors', () => {
    const other = hoverAt('app: api');
    assert.ok(other);
    assert.match(other.markdown, /^\*\*Peer 2 of 2\*\*: pods labelled app=api in this namespace \(shop\)\.$/m);
    assert.doesNotMatch(other.markdown.split('\n\n')[0], /AND/);
  });

  it('says what a rule allows', () => {
    const hover = hoverAt('ports:');
    assert.ok(hover);
    assert.match(hover.markdown, /\*\*Ingress rule 1\*\* allows TCP 5432 \*\*or\*\* UDP port named "metrics" from /);
    assert.match(hover.markdown, /Ports that are made accessible/);
  });

  it('gives the range and size of a CIDR and what except removes', () => {
    const hover = hoverAt('10.0.0.0/8', 2);
    assert.ok(hover);
    assert.match(
      hover.markdown,
      /`10\.0\.0\.0\/8`: 10\.0\.0\.0 – 10\.255\.255\.255: 16,777,216 addresses; except removes 65,536 addresses, leaving 16,711,680 addresses\./,
    );
  });

  it('gives the effective policy types when policyTypes is absent', () => {
    const hover = hoverAt('  egress:', 3);
    assert.ok(hover);
    assert.match(hover.markdown, /isolates the selected pods for \*\*ingress and egress\*\* \(`policyTypes` not given/);
  });

  it('explains a named port', () => {
    const hover = hoverAt('port: metrics', 7);
    assert.ok(hover);
    assert.match(hover.markdown, /UDP port named "metrics"/);
    assert.match(hover.markdown, /\*\*destination\*\* pod/);
  });

  it('documents keys from the API reference', () => {
    const hover = hoverAt('namespaceSelector');
    assert.ok(hover);
    assert.match(hover.markdown, /kubernetes\.io\/metadata\.name/);
  });

  it('marks a rule ignored when its direction is not in policyTypes', () => {
    const text = POLICY.replace('spec:\n', 'spec:\n  policyTypes: [Egress]\n');
    const hover = hoverAt('ports:', 0, text);
    assert.ok(hover);
    assert.match(hover.markdown, /Ignored: `policyTypes` does not include Ingress/);
  });

  it('answers nothing outside NetworkPolicies', () => {
    assert.equal(getHover(parseFile('file:///c.yaml', 'kind: ConfigMap\napiVersion: v1\ndata: {}\n'), 3, { settings: DEFAULT_SETTINGS }), undefined);
  });
});
