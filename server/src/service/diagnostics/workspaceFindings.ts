import type { ClusterModel } from '../cluster/clusterModel';
import { labelsKey } from '../cluster/labelSelector';
import type { Finding } from '../findings';
import { WORKSPACE_LINTS } from '../lints/workspaceLints';
import type { WorkspaceLintContext } from '../lints/workspaceLint';
import type { ParsedDocument } from '../parse/parsedDocument';
import type { ParsedFile } from '../parse/parsedFile';
import type { ServiceSettings } from '../settings';
import { manifestsOfFile } from '../workspace';
import type { WorkspaceAnalysis } from '../workspaceAnalysis';
import { applySeverityOverrides, placeIssue } from './documentFindings';

interface CachedDocument {
  readonly clusterKey: number;
  readonly policiesKey: number;
  readonly cluster: readonly Finding[];
  readonly policies: readonly Finding[];
}

/**
 * The findings of workspace-aware lints, per file. Results are cached per document, and recomputed only when
 * what they depend on changed: the cluster's namespaces, workloads and services (for every workspace lint), or
 * the set of policies (for lints that compare policies). Editing one policy therefore re-runs the cluster lints
 * of that policy alone.
 */
export class WorkspaceFindings {
  private readonly cache = new WeakMap<ParsedDocument, CachedDocument>();
  private keys: { model: ClusterModel; plugin: string; clusterText: string; policiesText: string; cluster: number; policies: number } | undefined;
  private readonly specIds = new WeakMap<object, number>();
  private nextSpecId = 1;

  constructor(private readonly analysis: WorkspaceAnalysis) {}

  /** Workspace findings of one file, at file offsets, with `netpol.rules` applied. */
  forFile(file: ParsedFile, settings: ServiceSettings): Finding[] {
    if (WORKSPACE_LINTS.length === 0) return [];
    const model = this.analysis.clusterModel(settings);
    const keys = this.keysOf(model, settings);
    const context: WorkspaceLintContext = { model, settings };
    const findings: Finding[] = [];
    for (const { offset, document } of file.documents) {
      let cached = this.cache.get(document);
      const clusterStale = !cached || cached.clusterKey !== keys.cluster;
      const policiesStale = clusterStale || cached!.policiesKey !== keys.policies;
      if (!cached || clusterStale || policiesStale) {
        const manifests = manifestsOfFile({ uri: file.uri, text: file.text, documents: [{ offset: 0, document }] });
        const run = (scope: 'cluster' | 'policies'): Finding[] => {
          const out: Finding[] = [];
          for (const lint of WORKSPACE_LINTS) {
            if (lint.scope !== scope) continue;
            for (const manifest of manifests) {
              try {
                for (const issue of lint.check({ ...manifest, uri: file.uri, documentOffset: offset }, context))
                  out.push(placeIssue(document, manifest, issue));
              } catch {
                // A lint that fails on odd input reports nothing for it; validation still does.
              }
            }
          }
          return out;
        };
        cached = {
          clusterKey: keys.cluster,
          policiesKey: keys.policies,
          cluster: clusterStale ? run('cluster') : cached!.cluster,
          policies: run('policies'),
        };
        this.cache.set(document, cached);
      }
      for (const finding of [...cached.cluster, ...cached.policies]) {
        findings.push({ ...finding, start: finding.start + offset, end: finding.end + offset });
      }
    }
    return applySeverityOverrides(findings, settings.rules);
  }

  /**
   * The workspace findings last computed for the documents of a file that have not changed since, without
   * building the cluster model: what an edit can show at once, before the next full pass.
   */
  cachedForFile(file: ParsedFile, settings: ServiceSettings): Finding[] {
    const findings: Finding[] = [];
    for (const { offset, document } of file.documents) {
      const cached = this.cache.get(document);
      if (!cached) continue;
      for (const finding of [...cached.cluster, ...cached.policies]) findings.push({ ...finding, start: finding.start + offset, end: finding.end + offset });
    }
    return applySeverityOverrides(findings, settings.rules);
  }

  /**
   * Generation numbers that change when the cluster (namespaces, workloads, services) or the set of policies
   * changes: documents compare numbers, the long texts are compared once per model.
   */
  private keysOf(model: ClusterModel, settings: ServiceSettings): { cluster: number; policies: number } {
    // The network plugin is a setting, not part of the model: a change of it alone must recompute the keys.
    if (this.keys?.model === model && this.keys.plugin === (settings.networkPlugin ?? 'generic')) return this.keys;
    const cluster = [
      settings.kubernetesVersion,
      settings.defaultNamespace,
      settings.networkPlugin ?? 'generic',
      ...[...model.namespaces.values()].map((n) => `ns:${n.name}:${labelsKey(n.labels)}:${n.declared}`),
      ...model.endpoints.map(
        (e) =>
          `ep:${e.key}:${labelsKey(e.labels)}:${e.ports.map((p) => `${p.name ?? ''}/${p.containerPort}/${p.protocol}`).join(',')}:${e.addresses.length}:${e.hostNetwork}`,
      ),
      ...model.services.map((s) => `svc:${s.namespace}/${s.name}:${JSON.stringify(s.selector ?? null)}:${JSON.stringify(s.ports)}`),
    ].join('\n');
    // Replaced definitions count too: a lint of duplicate names must run again when one goes away.
    const replaced = model.leftOut
      .filter((l) => l.kind === 'NetworkPolicy' && l.replacedBy)
      .map((l) => `replaced:${l.uri}:${l.namespace ?? ''}/${l.name ?? ''}`);
    const policies = [
      ...model.policies.map((p) => `${p.id}#${this.specId(p.spec)}@${p.manifest.uri}`),
      ...(model.clusterPolicies ?? []).map((p) => `${p.id}#${this.specId(p.spec)}@${p.manifest.uri}:${p.manifest.documentOffset}`),
      ...replaced,
    ].join('\n');
    const previous = this.keys;
    this.keys = {
      model,
      plugin: settings.networkPlugin ?? 'generic',
      clusterText: cluster,
      policiesText: policies,
      cluster: previous && previous.clusterText === cluster ? previous.cluster : (previous?.cluster ?? 0) + 1,
      policies: previous && previous.policiesText === policies ? previous.policies : (previous?.policies ?? 0) + 1,
    };
    return this.keys;
  }

  private specId(spec: object): number {
    let id = this.specIds.get(spec);
    if (id === undefined) this.specIds.set(spec, (id = this.nextSpecId++));
    return id;
  }
}
