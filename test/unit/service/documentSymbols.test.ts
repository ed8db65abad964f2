import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getDocumentSymbols } from '../../../server/src/service/features/documentSymbols';
import { parseFile } from '../../../server/src/service/parse/parsedFile';

const TEXT = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector: {}
    - ports:
        - port: 80
  egress: []
`;

describe('getDocumentSymbols', () => {
  it('outlines each policy with its rules, and other objects by kind', () => {
    const symbols = getDocumentSymbols(parseFile('file:///a.yaml', TEXT));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.kind]),
      [
        ['shop', 'Namespace', 'object'],
        ['shop/web', 'NetworkPolicy', 'policy'],
      ],
    );
    const policy = symbols[1];
    assert.equal(TEXT.slice(policy.selectionStart, policy.selectionEnd), 'web');
    assert.ok(TEXT.slice(policy.start, policy.end).startsWith('apiVersion: networking.k8s.io/v1'));
    assert.deepEqual(
      policy.children.map((c) => [c.name, c.detail, c.children.map((r) => r.detail)]),
      [
        ['ingress', '2 rules', ['1 peer, all ports', 'all peers, 1 port entry']],
        ['egress', '0 rules', []],
      ],
    );
    assert.equal(TEXT.slice(policy.children[0].selectionStart, policy.children[0].selectionEnd), 'ingress');
  });
});
