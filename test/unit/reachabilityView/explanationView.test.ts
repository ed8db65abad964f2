import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { explainCell } from '../../../server/src/service/reachabilityView/explanationView';
import { policyAt, policyFocus } from '../../../server/src/service/reachabilityView/policyFocus';
import type { ExplanationView, Segment } from '../../../server/src/service/reachabilityView/viewModel';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { examplesModel, filesOf, formatRef } from './fixtures';

const text = (segments: readonly Segment[]) => segments.map((s) => (typeof s === 'string' ? s : `[${s.text}](${s.ref.label})`)).join('');
const words = (view: ExplanationView) => [
  view.verdict,
  ...view.sides.flatMap((side) => [`${side.title}: ${text(side.summary)}`, ...side.lines.map((line) => `  ${text(line)}`)]),
];

describe('explainCell', () => {
  const model = examplesModel();

  it('says why a connection is allowed, each policy, rule and peer a link', () => {
    const [view] = explainCell(model, 'shop/Deployment/frontend', 'shop/Deployment/backend', { port: 8080, protocol: 'TCP' }, formatRef)!;
    assert.equal(view.allowed, true);
    assert.equal(view.query, 'on TCP port 8080');
    const lines = words(view);
    assert.equal(lines[0], 'Allowed.');
    assert.match(
      lines[1],
      /^Egress of shop\/Deployment\/frontend: isolated by .*\[shop\/frontend-to-backend\]\(examples\/policies\/shop-web-tiers\.yaml@\d+\)/,
    );
    assert.ok(
      lines.some((line) =>
        /^ {2}allowed by shop\/frontend-to-backend \[spec\.egress\[0\]\]\(examples\/policies\/shop-web-tiers\.yaml@\d+\): peer \[spec\.egress\[0\]\.to\[0\]\]\(.*\) matches shop\/Deployment\/backend; port \[spec\.egress\[0\]\.ports\[0\]\]\(.*\) matches$/.test(
          line,
        ),
      ),
      lines.join('\n'),
    );
    assert.ok(lines.some((line) => line.startsWith('Ingress of shop/Deployment/backend: isolated by')));
    for (const side of view.sides)
      for (const segment of [...side.summary, ...side.lines.flat()])
        if (typeof segment !== 'string') assert.ok(segment.ref.end > segment.ref.start && segment.ref.uri.startsWith('file:'));
  });

  it('says why a connection is denied, and what is not isolated', () => {
    const [view] = explainCell(model, 'monitoring/Deployment/prometheus', 'kube-system/Deployment/coredns', { port: 'any', protocol: 'any' }, formatRef)!;
    const lines = words(view);
    assert.match(lines[0], /^Allowed on /);
    assert.ok(
      lines.some((line) => /^Ingress of kube-system\/Deployment\/coredns: not isolated/.test(line)),
      lines.join('\n'),
    );
    const [denied] = explainCell(model, 'shop/Deployment/frontend', 'shop/StatefulSet/postgres', { port: 5432, protocol: 'TCP' }, formatRef)!;
    assert.equal(denied.allowed, false);
    assert.ok(words(denied).some((line) => line.includes('no rule allows it')));
  });

  it('explains each protocol for a port on any protocol, and knows no unknown endpoint', () => {
    const views = explainCell(model, 'shop/Deployment/frontend', 'kube-system/Deployment/coredns', { port: 53, protocol: 'any' }, formatRef)!;
    assert.deepEqual(
      views.map((view) => [view.query, view.allowed]),
      [
        ['on TCP port 53', true],
        ['on UDP port 53', true],
        ['on SCTP port 53', false],
      ],
    );
    assert.equal(explainCell(model, 'nope', 'shop/Deployment/frontend', { port: 'any', protocol: 'any' }, formatRef), undefined);
  });
});

describe('policy focus', () => {
  const files = filesOf('examples');
  const workspace = new ManifestWorkspace();
  for (const [uri, content] of Object.entries(files)) workspace.setFile(uri, content);
  const model = examplesModel();
  const tiersUri = Object.keys(files).find((uri) => uri.endsWith('shop-web-tiers.yaml'))!;
  const tiers = workspace.getFile(tiersUri)!;

  it('finds the policy under the cursor, document by document', () => {
    const offset = tiers.text.indexOf('name: backend-from-frontend') + 8;
    assert.equal(policyAt(model, tiers, offset)?.id, 'shop/backend-from-frontend');
    assert.equal(policyAt(model, tiers, tiers.text.indexOf('app: postgres'))?.id, 'shop/backend-from-frontend');
    const workloads = workspace.getFile(Object.keys(files).find((uri) => uri.endsWith('workloads.yaml'))!)!;
    assert.equal(policyAt(model, workloads, 10), undefined, 'a Deployment is no policy');
  });

  it('lists what the policy selects, admits and lets reach', () => {
    const policy = policyAt(model, tiers, tiers.text.indexOf('name: backend-from-frontend'))!;
    const focus = policyFocus(model, policy, formatRef);
    assert.deepEqual(focus.selected, ['shop/Deployment/backend']);
    assert.deepEqual(focus.ingressFrom, ['shop/Deployment/frontend']);
    assert.deepEqual(focus.egressTo, ['shop/StatefulSet/postgres']);
    assert.deepEqual([focus.ingress, focus.egress], [true, true]);
    assert.match(focus.ref.label, /shop-web-tiers\.yaml@/);
  });
});
