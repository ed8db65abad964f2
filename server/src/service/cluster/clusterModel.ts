import type { Endpoint } from './endpoint';
import type { IpRangeIndex } from './ipRangeIndex';
import type { Labels } from './labelSelector';
import type { ClusterPolicyModel } from './clusterPolicy';
import type { PolicyModel } from './networkPolicy';
import type { SourceRef } from './sourceRef';
import type { Manifest } from '../model/manifest';

/**
 * The cluster the workspace describes: namespaces, endpoints, NetworkPolicies and Services, read from its
 * manifests. Pure data (plus references to the manifests for source locations); built by `buildClusterModel`.
 */
export interface ClusterModel {
  /** The namespace of objects without `metadata.namespace`. */
  readonly defaultNamespace: string;
  /** Declared (`kind: Namespace`) and referenced namespaces, by name. */
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  /** Pods and workloads sorted by key, then external ranges. Keys are unique. */
  readonly endpoints: readonly Endpoint[];
  readonly policies: readonly PolicyModel[];
  /**
   * ClusterNetworkPolicies, AdminNetworkPolicies and BaselineAdminNetworkPolicies, in evaluation order (Admin tier
   * by priority, then Baseline). Absent or empty: NetworkPolicies alone decide.
   */
  readonly clusterPolicies?: readonly ClusterPolicyModel[];
  readonly services: readonly ServiceModel[];
  /** The CIDRs the policies name, for grouping addresses. */
  readonly ipRanges: IpRangeIndex;
  /** Objects that could not be interpreted (or that we do not evaluate), and why. */
  readonly leftOut: readonly LeftOutDocument[];
  /** Interpreted objects with parts the API server would reject, read as literally as possible. */
  readonly notes: readonly ModelNote[];
}

export interface NamespaceModel {
  readonly name: string;
  /** Its labels, always with `kubernetes.io/metadata.name: <name>`, which the API server sets and keeps. */
  readonly labels: Labels;
  /** True for a `kind: Namespace` in the workspace; false when only referenced. */
  readonly declared: boolean;
  readonly manifest?: Manifest;
}

export interface ServiceModel {
  readonly namespace: string;
  readonly name: string;
  /** `spec.selector`; undefined for a Service without a selector. */
  readonly selector: Labels | undefined;
  readonly ports: readonly ServicePort[];
  readonly manifest: Manifest;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  /** A number or a container port name; undefined means the same as `port`. */
  readonly targetPort?: number | string;
  readonly protocol: string;
}

export interface LeftOutDocument {
  readonly uri: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly reason: string;
  readonly ref: SourceRef;
  /** For an object replaced by a later one with the same identity: where that one is. */
  readonly replacedBy?: SourceRef;
}

export interface ModelNote {
  readonly message: string;
  readonly ref: SourceRef;
}

/** The label the API server puts on every namespace (NamespaceDefaultLabelName, GA in 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
