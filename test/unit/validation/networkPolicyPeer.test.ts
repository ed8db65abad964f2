import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { validateNetworkPolicyPeer } from '../../../server/src/service/validation/networkPolicyPeer';
import { optionsFor, summarize } from './helpers';

const at = ['spec', 'egress', 1, 'to', 0];
const check = (peer: unknown) => validateNetworkPolicyPeer(peer, at, 'to', optionsFor('1.37'));

describe('validateNetworkPolicyPeer', () => {
  it('accepts a selector, both selectors, or an ipBlock alone', () => {
    for (const peer of [
      { podSelector: {} },
      { namespaceSelector: {} },
      { podSelector: {}, namespaceSelector: { matchLabels: { team: 'a' } } },
      { ipBlock: { cidr: '10.0.0.0/8' } },
    ]) {
      assert.deepEqual(check(peer), [], JSON.stringify(peer));
    }
  });

  it('an empty peer, or one whose fields are all null, selects nothing: peer.empty on the peer', () => {
    const empty = check({});
    assert.deepEqual(summarize(empty), ['peer.empty spec.egress[1].to[0]']);
    assert.match(empty[0].message, /^Required value: must specify a peer .*to allow every destination, leave `to` out/);
    const nulled = check({ podSelector: null });
    assert.deepEqual(summarize(nulled), ['peer.empty spec.egress[1].to[0]']);
    assert.match(nulled[0].message, /`podSelector` has no value, which the API server reads as absent: write `podSelector: \{\}` to select all pods\.$/);
    assert.deepEqual(summarize(check(null)), ['peer.empty spec.egress[1].to[0]']);
  });

  it('an ipBlock with a selector is forbidden, shown on the ipBlock key', () => {
    const issues = check({ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } });
    assert.deepEqual(summarize(issues), ['peer.ipblock-with-selector spec.egress[1].to[0]']);
    assert.deepEqual(issues[0].at, [...at, 'ipBlock']);
    assert.equal(issues[0].onKey, true);
  });

  it('validates what is set: selectors, then the ipBlock, then the count (upstream order)', () => {
    const issues = check({ podSelector: { matchLabels: { 'a b': 'x' } }, ipBlock: { cidr: 'nope' } });
    assert.deepEqual(summarize(issues), [
      'selector.label-key-invalid spec.egress[1].to[0].podSelector.matchLabels',
      'ipblock.cidr-invalid spec.egress[1].to[0].ipBlock.cidr',
      'peer.ipblock-with-selector spec.egress[1].to[0]',
    ]);
  });

  it('a field of the wrong type still counts as set (no spurious peer.empty)', () => {
    assert.deepEqual(check({ podSelector: 'app=web' }), []);
    assert.deepEqual(check(['x']), []);
  });
});
