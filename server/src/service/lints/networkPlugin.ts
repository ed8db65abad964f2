import { isClusterPolicyKind, clusterPolicyApiVersion } from '../cluster/clusterPolicy';
import { netContains } from '../cluster/ipAddress';
import type { Issue } from '../findings';
import type { Manifest } from '../model/manifest';
import type { NetworkPlugin, ServiceSettings } from '../settings';
import { policySpecOf } from './lintHelpers';
import type { WorkspaceLint } from './workspaceLint';

/**
 * What the chosen network plugin (`netpol.networkPlugin`, `--network-plugin`) enforces differently from the API's
 * semantics. One code per capability, reported only for the plugins where a source says so (each code's doc cites
 * it); with `generic` (the default) none is reported. Capabilities that depend on the plugin's version, or that
 * could not be sourced, are left out (docs/rules/cni.*.md say which).
 */

function pluginOf(settings: ServiceSettings): NetworkPlugin {
  return settings.networkPlugin ?? 'generic';
}

/** The plugins that do not implement the cluster policy kinds (network-policy-api's implementations list). */
const NO_CLUSTER_POLICIES: ReadonlySet<NetworkPlugin> = new Set(['cilium', 'azure-cilium']);
/** The plugins whose ipBlock never matches pod addresses (Cilium's CIDR rules apply to traffic leaving the cluster). */
const IPBLOCK_NOT_PODS: ReadonlySet<NetworkPlugin> = new Set(['cilium', 'azure-cilium']);
/** The plugins that ignore `endPort` (Azure NPM: the rule is programmed for `port` alone). */
const NO_END_PORT: ReadonlySet<NetworkPlugin> = new Set(['azure-npm']);

const PLUGIN_NAMES: Record<NetworkPlugin, string> = {
  generic: 'the network plugin',
  cilium: 'Cilium',
  calico: 'Calico',
  'aws-vpc-cni': 'the AWS VPC CNI',
  'azure-npm': 'Azure Network Policy Manager',
  'azure-cilium': 'Azure CNI powered by Cilium',
  antrea: 'Antrea',
  'ovn-kubernetes': 'OVN-Kubernetes',
  'kube-router': 'kube-router',
  none: 'no network plugin',
};

function isClusterPolicy(manifest: Manifest): boolean {
  return isClusterPolicyKind(manifest.kind) && manifest.apiVersion === clusterPolicyApiVersion(manifest.kind);
}

/** `cni.no-enforcement`: with `none`, every policy is a no-op; one finding per policy, on its name. */
export const pluginNoEnforcement: WorkspaceLint = {
  codes: ['cni.no-enforcement'],
  scope: 'cluster',
  check(manifest, { settings }) {
    if (pluginOf(settings) !== 'none') return [];
    if (!(manifest.kind === 'NetworkPolicy' && manifest.apiVersion === 'networking.k8s.io/v1') && !isClusterPolicy(manifest)) return [];
    return [
      {
        code: 'cni.no-enforcement',
        message: `netpol.networkPlugin is none: nothing enforces this ${manifest.kind}, so every connection it would deny is allowed. Install a network plugin that enforces policies, or set netpol.networkPlugin to the one the cluster runs.`,
        path: ['metadata', 'name'],
      },
    ];
  },
};

/** `cni.cluster-policy-unsupported`: a cluster policy kind the chosen plugin does not implement. */
export const pluginClusterPolicyUnsupported: WorkspaceLint = {
  codes: ['cni.cluster-policy-unsupported'],
  scope: 'cluster',
  check(manifest, { settings }) {
    const plugin = pluginOf(settings);
    if (!NO_CLUSTER_POLICIES.has(plugin) || !isClusterPolicy(manifest)) return [];
    return [
      {
        code: 'cni.cluster-policy-unsupported',
        message: `${PLUGIN_NAMES[plugin]} does not implement ${manifest.kind}: the API server stores it (with the CRD installed), but nothing enforces it. Its rules are shown as the API defines them; in the cluster, NetworkPolicies alone decide.`,
        path: ['kind'],
      },
    ];
  },
};

/** `cni.endport-unsupported`: an `endPort` the chosen plugin ignores (only `port` is matched). */
export const pluginEndPortUnsupported: WorkspaceLint = {
  codes: ['cni.endport-unsupported'],
  scope: 'cluster',
  check(manifest, { settings }) {
    const plugin = pluginOf(settings);
    if (!NO_END_PORT.has(plugin)) return [];
    const spec = policySpecOf(manifest, settings.defaultNamespace);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const rule of [...spec.ingress, ...spec.egress]) {
      for (const port of rule.ports ?? []) {
        if (port.endPort === undefined || typeof port.port !== 'number' || port.endPort <= port.port) continue;
        issues.push({
          code: 'cni.endport-unsupported',
          message: `${PLUGIN_NAMES[plugin]} ignores endPort: this entry allows ${port.protocol} ${port.port} only, not ${port.port}-${port.endPort}. List the ports one by one, or leave out ports if the whole range is meant.`,
          path: ['spec', rule.direction, rule.index, 'ports', port.index, 'endPort'],
        });
      }
    }
    return issues;
  },
};

/** `cni.ipblock-pod-ips`: an ipBlock that contains known pod addresses, with a plugin whose ipBlock never matches pods. */
export const pluginIpBlockPodIps: WorkspaceLint = {
  codes: ['cni.ipblock-pod-ips'],
  scope: 'cluster',
  check(manifest, { settings, model }) {
    const plugin = pluginOf(settings);
    if (!IPBLOCK_NOT_PODS.has(plugin)) return [];
    const spec = policySpecOf(manifest, settings.defaultNamespace);
    if (!spec) return [];
    const pods = model.endpoints.filter(
      (endpoint) => endpoint.range === undefined && endpoint.namespace !== undefined && !endpoint.hostNetwork && endpoint.addresses.length > 0,
    );
    if (pods.length === 0) return [];
    const issues: Issue[] = [];
    for (const rule of [...spec.ingress, ...spec.egress]) {
      const reported = new Set<number>();
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'ipBlock' || reported.has(peer.index)) continue;
        const inside = pods.filter((pod) =>
          pod.addresses.some((address) => netContains(peer.cidr, address) && !peer.except.some((except) => netContains(except, address))),
        );
        if (inside.length === 0) continue;
        reported.add(peer.index);
        const names = inside.slice(0, 3).map((pod) => `${pod.namespace}/${pod.name}`);
        const more = inside.length > 3 ? ` and ${inside.length - 3} more` : '';
        const field = rule.direction === 'ingress' ? 'from' : 'to';
        issues.push({
          code: 'cni.ipblock-pod-ips',
          message: `${PLUGIN_NAMES[plugin]} does not match pods by ipBlock: ${peer.cidr.text} contains the address of ${names.join(', ')}${more}, but this peer does not match ${inside.length === 1 ? 'it' : 'them'} there. Select pods with podSelector and namespaceSelector instead.`,
          path: ['spec', rule.direction, rule.index, field, peer.index, 'ipBlock', 'cidr'],
        });
      }
    }
    return issues;
  },
};
