import type { SeverityOverride } from './findings';

/** What the analyses depend on besides the text. Passed in by the caller; never kept in globals. */
export interface ServiceSettings {
  /** The Kubernetes minor version whose API server is mirrored, e.g. `1.37`. */
  readonly kubernetesVersion: string;
  /** Per-code severity overrides, or `off`. */
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  /** The namespace of objects with no `metadata.namespace` (what `kubectl apply` would use). */
  readonly defaultNamespace: string;
  /**
   * The network plugin that enforces the policies (`netpol.networkPlugin`): `generic` (the default) reads the API's
   * semantics; another plugin adds findings where it is known to enforce less (`cni.*`). Absent: `generic`.
   */
  readonly networkPlugin?: NetworkPlugin;
}

/** The network plugins `netpol.networkPlugin` and `--network-plugin` name. */
export const NETWORK_PLUGINS = [
  'generic',
  'cilium',
  'calico',
  'aws-vpc-cni',
  'azure-npm',
  'azure-cilium',
  'antrea',
  'ovn-kubernetes',
  'kube-router',
  'none',
] as const;
export type NetworkPlugin = (typeof NETWORK_PLUGINS)[number];

export function isNetworkPlugin(value: unknown): value is NetworkPlugin {
  return typeof value === 'string' && (NETWORK_PLUGINS as readonly string[]).includes(value);
}

/** The newest stable Kubernetes minor version at the time of this release. */
export const NEWEST_KUBERNETES_VERSION = '1.37';

export const DEFAULT_SETTINGS: ServiceSettings = {
  kubernetesVersion: NEWEST_KUBERNETES_VERSION,
  rules: {},
  defaultNamespace: 'default',
};

/** A Kubernetes `major.minor` version. */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
}

/** Parses `1.36`, `v1.36` or `1.36.2`; falls back to the newest version for anything else. */
export function parseKubernetesVersion(text: string): KubernetesVersion {
  const match = /^v?(\d+)\.(\d+)/.exec(text.trim());
  if (!match) return parseKubernetesVersion(NEWEST_KUBERNETES_VERSION);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True when `version` is `major.minor` or newer. */
export function isAtLeast(version: KubernetesVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** A key that changes whenever a setting that per-document results depend on changes. */
export function settingsKey(settings: ServiceSettings): string {
  return JSON.stringify([settings.kubernetesVersion, settings.defaultNamespace, settings.rules]);
}
