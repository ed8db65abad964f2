import { clusterQueries } from '../cluster/clusterQueries';
import { policySpecOf } from '../lints/lintHelpers';
import { servicePortMismatches } from '../lints/servicePortNotTargetPort';
import { findingPath } from './findingPath';
import { offered, PolicyEditor, setDataAt } from './policyEditor';
import type { FixContext, FixProvider, QuickFix } from './quickFix';
import { asEdits, replaceScalarValue } from './yamlEdits';
import { asScalar } from './yamlNodes';

/**
 * `ports.service-port-not-target-port`: replaces the Service's port by the port the pods listen on, which is what
 * policies see. A numeric targetPort is written as it is; a named one as the container port it names on the
 * pods (one number for all of them), or as the name when the rule's other ports are names (or the pods use
 * different numbers for it). Needs the lint context (the cluster model) from the caller's workspace.
 */
export const serviceTargetPort: FixProvider = {
  codes: ['ports.service-port-not-target-port'],
  provide(context: FixContext): QuickFix[] {
    const lintContext = context.workspace?.lintContext;
    const path = findingPath(context.finding);
    if (!lintContext || !path || path.length !== 6 || path[0] !== 'spec' || path[3] !== 'ports' || path[5] !== 'port') return [];
    const [, direction, ruleIndex, , entryIndex] = path;
    if ((direction !== 'ingress' && direction !== 'egress') || typeof ruleIndex !== 'number' || typeof entryIndex !== 'number') return [];
    const { model } = lintContext;
    const spec = policySpecOf(context.policy, model.defaultNamespace);
    const rule = spec?.[direction].find((candidate) => candidate.index === ruleIndex);
    const entry = rule?.ports?.find((candidate) => candidate.index === entryIndex);
    if (!spec || !rule || !entry) return [];
    const view = clusterQueries(model);
    const destinations = view.describedRuleDestinations(spec, rule, context.policy.uri);
    if (!destinations || destinations.length === 0) return [];
    const toAddresses = rule.direction === 'egress' && (rule.peers ?? []).some((peer) => peer.kind === 'ipBlock');
    const mismatches = servicePortMismatches({ rule, entry, path, destinations, toAddresses }, view);
    if (mismatches.length === 0) return [];

    const numbers = [...new Set(mismatches.map((m) => m.targetPort))];
    const names = [...new Set(mismatches.map((m) => m.targetName))];
    const name = names.length === 1 ? names[0] : undefined;
    const ruleUsesNames = (rule.ports ?? []).some((other) => other !== entry && typeof other.port === 'string');
    const value: number | string | undefined =
      name !== undefined && (ruleUsesNames || numbers.length > 1) ? name : numbers.length === 1 ? numbers[0] : undefined;
    if (value === undefined) return [];

    const editor = new PolicyEditor(context.policy, context.settings);
    const scalar = asScalar(editor.find(path)?.node);
    if (!scalar || typeof scalar.value !== 'number') return [];
    const services = [...new Set(mismatches.map((m) => `${m.service.namespace}/${m.service.name}`))].join(', ');
    const title =
      typeof value === 'number'
        ? `Use the pods' port ${value}${name ? ` (${name})` : ''}, the targetPort of Service ${services}`
        : `Use the pods' port name ${value}, the targetPort of Service ${services}`;
    return offered(
      editor.propose({
        title,
        fixes: context.finding,
        isPreferred: true,
        edits: asEdits(replaceScalarValue(editor, scalar, String(value))),
        expect: (policy) => setDataAt(policy, path, value),
      }),
    );
  },
};
