import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { goStruct, isSet } from './goValues';
import { validateIPBlock } from './ipBlock';
import { validateLabelSelector } from './labelSelector';
import type { ValidationOptions } from './validationOptions';

const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'] as const;

/**
 * `ValidateNetworkPolicyPeer` (pkg/apis/networking/validation): each selector and the ipBlock that is set is
 * validated; a peer must set at least one of them, and an ipBlock stands alone. "Set" is Go's non-nil pointer: a
 * field written as null (`podSelector:` with nothing after it) counts as absent.
 */
export function validateNetworkPolicyPeer(value: unknown, path: FieldPath, direction: 'from' | 'to', options: ValidationOptions): Issue[] {
  const issues: Issue[] = [];
  const peer = goStruct(value);
  if (!peer) return issues;
  let count = 0;
  if (isSet(peer.podSelector)) {
    count++;
    issues.push(...validateLabelSelector(peer.podSelector, [...path, 'podSelector']));
  }
  if (isSet(peer.namespaceSelector)) {
    count++;
    issues.push(...validateLabelSelector(peer.namespaceSelector, [...path, 'namespaceSelector']));
  }
  if (isSet(peer.ipBlock)) {
    count++;
    issues.push(...validateIPBlock(peer.ipBlock, [...path, 'ipBlock'], options));
  }
  if (count === 0) {
    // A field written without a value is what went wrong: show it there.
    const nulled = PEER_FIELDS.find((field) => field in peer && peer[field] === null);
    issues.push({ code: 'peer.empty', message: emptyPeerMessage(peer, direction), path, ...(nulled ? { at: [...path, nulled], onKey: true } : {}) });
  } else if (count > 1 && isSet(peer.ipBlock)) {
    issues.push({
      code: 'peer.ipblock-with-selector',
      message: `Forbidden: may not specify both ipBlock and another peer. An ipBlock cannot be combined with a selector in one peer: make it a peer of its own (a separate \`- ipBlock:\` item of \`${direction}\`).`,
      path,
      at: [...path, 'ipBlock'],
      onKey: true,
    });
  }
  return issues;
}

function emptyPeerMessage(peer: Readonly<Record<string, unknown>>, direction: 'from' | 'to'): string {
  const nulls = PEER_FIELDS.filter((field) => field in peer && peer[field] === null);
  const base = 'Required value: must specify a peer (podSelector, namespaceSelector or ipBlock)';
  if (nulls.length > 0) {
    const field = nulls[0];
    const fix = field === 'ipBlock' ? 'give it a `cidr`' : `write \`${field}: {}\` to select all ${field === 'podSelector' ? 'pods' : 'namespaces'}`;
    return `${base}. \`${field}\` has no value, which the API server reads as absent: ${fix}.`;
  }
  const everything = direction === 'from' ? 'every source' : 'every destination';
  return `${base}. An empty peer selects nothing: to allow ${everything}, leave \`${direction}\` out; to allow all pods of this namespace, write \`- podSelector: {}\`.`;
}
