import type { ClusterPolicyKind } from '../cluster/clusterPolicy';
import type { FieldPath } from '../fieldPath';
import {
  ADMIN_NETWORK_POLICY_SCHEMA,
  BASELINE_ADMIN_NETWORK_POLICY_SCHEMA,
  CLUSTER_NETWORK_POLICY_SCHEMA,
  type Schema,
} from '../validation/clusterPolicySchema';
import { keysAt, valueShapeAt } from './schemaWalk';

/**
 * The schema walk of completion for the cluster policy kinds, over the schemas validation checks them against
 * (`validation/clusterPolicySchema.ts`): one source for what is valid and what is proposed. `metadata` is
 * ObjectMeta, walked in the NetworkPolicy schema.
 */
const SCHEMAS: Record<ClusterPolicyKind, Schema> = {
  ClusterNetworkPolicy: CLUSTER_NETWORK_POLICY_SCHEMA,
  AdminNetworkPolicy: ADMIN_NETWORK_POLICY_SCHEMA,
  BaselineAdminNetworkPolicy: BASELINE_ADMIN_NETWORK_POLICY_SCHEMA,
};

export function clusterSchemaAt(kind: ClusterPolicyKind, path: FieldPath): Schema | undefined {
  let node: Schema | undefined = SCHEMAS[kind];
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.type === 'array' ? node.items : undefined;
    else {
      const name = typeof segment === 'string' ? segment : segment.key;
      node = node.type === 'object' && Object.hasOwn(node.properties, name) ? node.properties[name] : undefined;
    }
  }
  return node;
}

/** The keys allowed in the object at `path` of a cluster policy. */
export function clusterKeysAt(kind: ClusterPolicyKind, path: FieldPath): string[] {
  if (path[0] === 'metadata') return keysAt(path);
  const node = clusterSchemaAt(kind, path);
  return node?.type === 'object' ? Object.keys(node.properties).filter((key) => !(path.length === 0 && key === 'status')) : [];
}

export function clusterValueShapeAt(kind: ClusterPolicyKind, path: FieldPath): 'object' | 'array' | 'scalar' | 'map' {
  if (path[0] === 'metadata') return valueShapeAt(path);
  const node = clusterSchemaAt(kind, path);
  if (node?.type === 'array') return 'array';
  if (node?.type === 'object') return Object.keys(node.properties).length > 0 ? 'object' : 'map';
  if (node?.type === 'any' && path.length === 1 && path[0] === 'metadata') return 'object';
  return 'scalar';
}

/** The enum values of the string at `path` (tier, action), as the API spells them. */
export function clusterEnumAt(kind: ClusterPolicyKind, path: FieldPath): readonly string[] | undefined {
  const node = clusterSchemaAt(kind, path);
  return node?.type === 'string' ? node.enum : undefined;
}
