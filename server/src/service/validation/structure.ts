import Ajv, { type ErrorObject } from 'ajv';
import schemaJson from '../../../schema/networkpolicy.schema.json';
import { formatFieldPath, mapKey, type FieldPath, type PathSegment } from '../fieldPath';
import type { Issue } from '../findings';
import { isPlainObject } from './goValues';
import { goRfc3339Error } from './goTime';
import { closest, listOf, quote } from './messages';

/**
 * Strict decoding, as kubectl's default field validation (`--validate=strict`) asks of the API server: a field
 * NetworkPolicy does not have (`strict decoding error: unknown field "spec.podselector"`) and a value Go cannot
 * decode into its field (`json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.egress.ports.endPort
 * of type int32`) are errors. Checked with ajv against the schema shipped in `server/schema/`.
 */
export function checkStructure(object: Readonly<Record<string, unknown>>): Issue[] {
  const issues: Issue[] = [];
  if (!validateSchema(toJsonValue(object))) {
    for (const error of validateSchema.errors ?? []) {
      const issue = toIssue(error, object);
      if (issue) issues.push(issue);
    }
  }
  issues.push(...checkTimes(object));
  return issues;
}

/**
 * The `metav1.Time` fields of ObjectMeta decode with `time.Parse(time.RFC3339, ...)`: a string that does not parse
 * fails the request's decoding (`NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: parsing time
 * ...`), before any validation. A YAML timestamp (read as a date) reaches the API server as RFC 3339, and null
 * is the zero time.
 */
function checkTimes(object: Readonly<Record<string, unknown>>): Issue[] {
  const metadata = object.metadata;
  if (!isPlainObject(metadata)) return [];
  const times: { path: FieldPath; value: unknown }[] = [
    { path: ['metadata', 'creationTimestamp'], value: metadata.creationTimestamp },
    { path: ['metadata', 'deletionTimestamp'], value: metadata.deletionTimestamp },
  ];
  if (Array.isArray(metadata.managedFields)) {
    metadata.managedFields.forEach((entry, index) => {
      if (isPlainObject(entry)) times.push({ path: ['metadata', 'managedFields', index, 'time'], value: entry.time });
    });
  }
  const issues: Issue[] = [];
  for (const { path, value } of times) {
    if (typeof value !== 'string') continue;
    const error = goRfc3339Error(value);
    if (error === undefined) continue;
    issues.push({
      code: 'structure.wrong-type',
      message: `NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: ${error}. The API server sets \`${path[path.length - 1]}\`: remove it, or write an RFC 3339 time such as "2024-05-01T12:00:00Z".`,
      path,
    });
  }
  return issues;
}

interface SchemaNode {
  readonly title?: string;
  readonly goType?: string;
  readonly type?: string | readonly string[];
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

const schema = schemaJson as unknown as SchemaNode;

// Compiled once: the schema never changes. `goType` annotates Go types for the messages.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addVocabulary(['goType']);
const validateSchema = ajv.compile(schemaJson);

function resolve(node: SchemaNode): SchemaNode {
  let current = node;
  for (let depth = 0; current.$ref && depth < 10; depth++) {
    const name = current.$ref.replace('#/definitions/', '');
    current = schema.definitions?.[name] ?? {};
  }
  return current;
}

/** One step of an instance path, read against the schema: a struct field, a list index or a map key. */
type Step =
  | { readonly kind: 'field'; readonly name: string; readonly owner: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'key'; readonly key: string };

interface Walk {
  readonly steps: readonly Step[];
  readonly node: SchemaNode;
}

/** Follows a JSON pointer (ajv's `instancePath`) through the schema. */
function walk(pointer: string): Walk | undefined {
  const segments =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = resolve(schema);
  const steps: Step[] = [];
  for (const segment of segments) {
    if (node.properties && Object.prototype.hasOwnProperty.call(node.properties, segment)) {
      steps.push({ kind: 'field', name: segment, owner: node.title ?? '' });
      node = resolve(node.properties[segment]);
    } else if (node.items && /^\d+$/.test(segment)) {
      steps.push({ kind: 'index', index: Number(segment) });
      node = resolve(node.items);
    } else if (typeof node.additionalProperties === 'object') {
      steps.push({ kind: 'key', key: segment });
      node = resolve(node.additionalProperties);
    } else {
      return undefined;
    }
  }
  return { steps, node };
}

function toFieldPath(steps: readonly Step[]): FieldPath {
  return steps.map((step): PathSegment => (step.kind === 'field' ? step.name : step.kind === 'index' ? step.index : mapKey(step.key)));
}

/** Go's name for a field in decoding errors: the struct that has it, then the JSON names down to it. */
function goFieldName(steps: readonly Step[]): string {
  const fields = steps.filter((step): step is Extract<Step, { kind: 'field' }> => step.kind === 'field');
  const last = fields[fields.length - 1];
  return last ? `${last.owner}.${fields.map((field) => field.name).join('.')}` : 'NetworkPolicy';
}

function valueAt(object: unknown, steps: readonly Step[]): unknown {
  let current = object;
  for (const step of steps) {
    if (step.kind === 'index') current = Array.isArray(current) ? current[step.index] : undefined;
    else current = isPlainObject(current) ? current[step.kind === 'field' ? step.name : step.key] : undefined;
  }
  return current;
}

function toIssue(error: ErrorObject, object: unknown): Issue | undefined {
  const location = walk(error.instancePath);
  if (!location) return undefined;
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    const path = [...toFieldPath(location.steps), key];
    return {
      code: 'structure.unknown-field',
      message: `unknown field ${quote(formatFieldPath(path))}: ${unknownFieldHint(location, key)}`,
      path,
      onKey: true,
    };
  }
  if (error.keyword === 'type' || error.keyword === 'minimum' || error.keyword === 'maximum') {
    const value = valueAt(object, location.steps);
    const node = location.node;
    return {
      code: 'structure.wrong-type',
      message: `json: cannot unmarshal ${jsonKind(value, node)} into Go struct field ${goFieldName(location.steps)} of type ${node.goType ?? 'unknown'}: ${wrongTypeHint(value, node, location.steps)}`,
      path: toFieldPath(location.steps),
      // A mapping or list where a scalar or another shape belongs can span many lines: show the key instead.
      ...(typeof value === 'object' && value !== null && !(value instanceof Date) ? { onKey: true } : {}),
    };
  }
  return undefined;
}

function expectedTypes(node: SchemaNode): readonly string[] {
  return typeof node.type === 'string' ? [node.type] : (node.type ?? []);
}

/** Go's `UnmarshalTypeError.Value`: `string`, `number` (`number 1.5` into an integer), `bool`, `array`, `object`. */
function jsonKind(value: unknown, node: SchemaNode): string {
  if (typeof value === 'number') return expectedTypes(node).includes('integer') ? `number ${value}` : 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string' || value instanceof Date) return 'string';
  return 'object';
}

function wrongTypeHint(value: unknown, node: SchemaNode, steps: readonly Step[]): string {
  const expected = expectedTypes(node);
  const last = steps[steps.length - 1];
  const field = last?.kind === 'field' ? last.name : undefined;
  const isPort = field === 'port' || field === 'endPort';
  if (expected.includes('integer')) {
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (/^-?\d+$/.test(trimmed)) return `write ${trimmed} without quotes`;
      return isPort ? 'it is a port number (1 to 65535)' : 'it is a whole number';
    }
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) return 'it must be a whole number';
      if (isPort) return 'a port is 1 to 65535';
      return 'it must fit in a 32-bit integer';
    }
    if (expected.includes('string') && field === 'port') return 'write a port number (e.g. 443) or a container port name (e.g. "https")';
    return 'write a number';
  }
  if (expected.includes('string')) {
    if (typeof value === 'boolean') return 'YAML reads true/false, yes/no, on/off and y/n as booleans: quote the value to make it a string';
    if (typeof value === 'number') return 'YAML reads this as a number: quote the value as written to make it a string';
    if (Array.isArray(value)) return 'it is a single string, not a list';
    return 'it is a single string, not a mapping';
  }
  if (expected.includes('array')) {
    const item = node.items ? resolve(node.items) : undefined;
    if (isPlainObject(value)) {
      return item && expectedTypes(item).includes('object') ? 'it is a list: start the item with "- "' : 'it is a list of strings, not a mapping';
    }
    if (typeof value === 'string') return `it is a list, e.g. [${value}] or a "- ${value}" line below`;
    return 'write a list';
  }
  if (expected.includes('object')) {
    const selector = node.title === 'LabelSelector';
    if (Array.isArray(value))
      return selector ? 'a selector is a mapping, not a list: remove the "- " (write {} to select everything)' : 'it is a mapping, not a list: remove the "- "';
    if (selector) return 'a selector is a mapping such as `{matchLabels: {app: web}}`, or {} to select everything';
    return 'it is a mapping of fields';
  }
  return 'see the NetworkPolicy API reference for its type';
}

/** Where an unknown field probably belongs, or what was probably meant. */
function unknownFieldHint(location: Walk, key: string): string {
  const owner = location.node.title ?? '';
  const allowed = Object.keys(location.node.properties ?? {});
  const direction = [...location.steps].reverse().find((step) => step.kind === 'field' && (step.name === 'ingress' || step.name === 'egress'));
  const peers = direction?.kind === 'field' && direction.name === 'egress' ? 'to' : 'from';
  const misplaced = misplacedHint(owner, key, peers);
  if (misplaced) return misplaced;
  const suggestion = closest(key, allowed);
  if (suggestion) {
    return suggestion.toLowerCase() === key.toLowerCase() ? `did you mean "${suggestion}"? Field names are case-sensitive.` : `did you mean "${suggestion}"?`;
  }
  if (allowed.length === 0) return `${owner} has no fields.`;
  return `${owner || 'NetworkPolicy'} has the fields ${listOf(allowed, 'and')}.`;
}

function misplacedHint(owner: string, key: string, peers: 'from' | 'to'): string | undefined {
  const peerField = ['podSelector', 'namespaceSelector', 'ipBlock'].includes(key);
  const portField = ['port', 'protocol', 'endPort'].includes(key);
  const selectorField = ['matchLabels', 'matchExpressions'].includes(key);
  const metadataField = ['name', 'namespace', 'labels', 'annotations', 'generateName'].includes(key);
  const specField = ['podSelector', 'ingress', 'egress', 'policyTypes'].includes(key);
  switch (owner) {
    case 'NetworkPolicy':
      if (specField) return `\`${key}\` belongs under \`spec:\`.`;
      if (metadataField) return `\`${key}\` belongs under \`metadata:\`.`;
      return undefined;
    case 'ObjectMeta':
      if (key === 'spec') return '`spec` is a top-level field, not part of `metadata`: unindent it.';
      if (specField) return `\`${key}\` belongs under \`spec:\`, not \`metadata:\`.`;
      return undefined;
    case 'NetworkPolicySpec':
      if (key === 'from' || key === 'to' || key === 'ports')
        return `\`${key}\` belongs inside a rule: \`${key === 'to' ? 'egress' : 'ingress'}:\` then \`- ${key}:\`.`;
      if (selectorField) return `\`${key}\` belongs under \`podSelector:\`.`;
      if (key === 'namespaceSelector' || key === 'ipBlock')
        return `a policy applies to pods of its own namespace; \`${key}\` belongs in a peer under \`from:\` or \`to:\`.`;
      if (metadataField) return `\`${key}\` belongs under \`metadata:\`.`;
      return undefined;
    case 'NetworkPolicyIngressRule':
    case 'NetworkPolicyEgressRule': {
      const ruleKind = owner === 'NetworkPolicyIngressRule' ? 'ingress' : 'egress';
      if (key === 'to' && ruleKind === 'ingress') return 'ingress rules list their sources under `from`.';
      if (key === 'from' && ruleKind === 'egress') return 'egress rules list their destinations under `to`.';
      if (peerField) return `a peer is an item of \`${peers}:\`: write \`- ${peers}:\` and then \`- ${key}: ...\` under it.`;
      if (portField) return `a port is an item of \`ports:\`: write \`ports:\` and then \`- ${key}: ...\` under it.`;
      return undefined;
    }
    case 'NetworkPolicyPeer':
      if (key === 'ports') return `\`ports\` belongs to the rule, not to a peer: unindent it to line up with \`${peers}:\`.`;
      if (portField) return `\`${key}\` belongs in an item of the rule's \`ports:\` list, next to \`${peers}:\`.`;
      if (key === 'cidr' || key === 'except') return `\`${key}\` belongs under \`ipBlock:\`.`;
      if (selectorField) return `\`${key}\` belongs under \`podSelector:\` or \`namespaceSelector:\`.`;
      return undefined;
    case 'LabelSelector':
      if (['key', 'operator', 'values'].includes(key)) return `\`${key}\` belongs in an item of \`matchExpressions:\`.`;
      if (closest(key, ['matchLabels', 'matchExpressions'])) return undefined;
      return `a selector has \`matchLabels\` and \`matchExpressions\`; a label goes under \`matchLabels:\`, e.g. \`matchLabels: {${key}: ...}\`.`;
    case 'NetworkPolicyPort':
      if (['name', 'targetPort', 'containerPort'].includes(key))
        return 'a NetworkPolicy port is `port` (a number or a container port name), with `protocol` and `endPort`.';
      if (key === 'from' || key === 'to') return `\`${key}\` belongs to the rule, not to a port.`;
      return undefined;
    case 'IPBlock':
      if (['exceptions', 'excepts', 'exclude', 'excludes', 'excluded'].includes(key)) return 'did you mean "except"?';
      return undefined;
    default:
      return undefined;
  }
}

/** The document as JSON would carry it: YAML timestamps (read as Date) are strings, as kubectl sends them. */
function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[key] = toJsonValue(entry);
    return out;
  }
  return value;
}
