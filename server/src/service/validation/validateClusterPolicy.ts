import type { FieldPath } from '../fieldPath';
import { formatFieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import {
  ADMIN_NETWORK_POLICY_SCHEMA,
  BASELINE_ADMIN_NETWORK_POLICY_SCHEMA,
  BASELINE_NAME_RULE,
  CLUSTER_NETWORK_POLICY_SCHEMA,
  type ObjectSchema,
  type Schema,
} from './clusterPolicySchema';
import { parseCidr } from './cidr';
import { closest, listOf, quote, withFix } from './messages';
import { validateObjectMeta } from './objectMeta';

export type ClusterPolicyKindName = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

const SCHEMAS: Record<ClusterPolicyKindName, ObjectSchema> = {
  ClusterNetworkPolicy: CLUSTER_NETWORK_POLICY_SCHEMA,
  AdminNetworkPolicy: ADMIN_NETWORK_POLICY_SCHEMA,
  BaselineAdminNetworkPolicy: BASELINE_ADMIN_NETWORK_POLICY_SCHEMA,
};

/** How many issues one object may get (a pasted list of thousands of bad peers stays readable). */
const MAX_ISSUES = 200;

/**
 * Checks a cluster policy as the API server checks it against its CRD: the OpenAPI schema (types, required
 * fields, enums, bounds, list and string limits, exactly one of), the CEL rules, and strict decoding (unknown
 * fields), after the ObjectMeta checks every object gets. Paths are the API server's
 * (`spec.egress[0].to[1].networks[0]`).
 */
export function validateClusterPolicy(kind: ClusterPolicyKindName, object: Readonly<Record<string, unknown>>): Issue[] {
  // Custom resources get the ObjectMeta checks of every object (ValidateObjectMetaAccessor, names as DNS subdomains).
  const issues: Issue[] = [...validateObjectMeta(object.metadata)];
  walk(SCHEMAS[kind], object, [], issues);
  if (kind === 'BaselineAdminNetworkPolicy') {
    const metadata = object.metadata;
    const name = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>).name : undefined;
    if (typeof name === 'string' && name !== 'default') {
      issues.push({
        code: 'cnp.baseline-name',
        message: withFix(`Invalid value: "object": ${BASELINE_NAME_RULE.message}`, 'Name it default'),
        path: [],
        at: ['metadata', 'name'],
      });
    }
  }
  return issues.slice(0, MAX_ISSUES);
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function walk(schema: Schema, value: unknown, path: FieldPath, issues: Issue[]): void {
  if (issues.length >= MAX_ISSUES || schema.type === 'any') return;
  // `null` is "absent" for an optional field of the Go types (the CRD's `nullable` is not set, but the API server
  // drops nulls of fields it prunes); a required one is then missing, which the parent reports.
  if (value === null || value === undefined) return;
  const actual = typeOf(value);
  const where = formatFieldPath(path);
  if (schema.type !== actual && !(schema.type === 'integer' && actual === 'integer')) {
    issues.push({
      code: 'cnp.wrong-type',
      message: `Invalid value: ${quote(actual === 'array' || actual === 'object' ? `"${actual}"` : value)}: ${where} in body must be of type ${schema.type}: ${quote(actual)}`,
      path,
    });
    return;
  }
  switch (schema.type) {
    case 'object': {
      const record = value as Record<string, unknown>;
      const present = Object.keys(record).filter((key) => record[key] !== null && record[key] !== undefined);
      if (!schema.preserveUnknown) {
        const known = Object.keys(schema.properties);
        for (const key of Object.keys(record)) {
          if (key in schema.properties) continue;
          const suggestion = closest(key, known);
          issues.push({
            code: 'cnp.unknown-field',
            message: withFix(
              `unknown field ${quote(formatFieldPath([...path, key]))}`,
              suggestion ? `Did you mean ${quote(suggestion)}?` : `${where || 'The object'} has ${listOf(known, 'and')}`,
            ),
            path: [...path, key],
            onKey: true,
          });
        }
      }
      for (const key of schema.required ?? []) {
        if (record[key] === undefined || record[key] === null)
          issues.push({
            code: 'cnp.required',
            message: `Required value: ${formatFieldPath([...path, key])} is required`,
            path: [...path, key],
            at: path,
            onKey: path.length > 0,
          });
      }
      const knownPresent = present.filter((key) => key in schema.properties);
      const choices = Object.keys(schema.properties);
      if (schema.maxProperties !== undefined && knownPresent.length > schema.maxProperties) {
        issues.push({
          code: 'cnp.one-of',
          message: withFix(
            `Too many: ${knownPresent.length}: must have at most ${schema.maxProperties} properties (${listOf(knownPresent, 'and')} are set)`,
            `Set exactly one of ${listOf(choices)}; for several, use several entries`,
          ),
          path,
        });
      }
      if (schema.minProperties !== undefined && present.length < schema.minProperties) {
        issues.push({
          code: 'cnp.one-of',
          message: withFix(
            `Invalid value: ${where} in body should have at least ${schema.minProperties} properties`,
            `Set ${schema.maxProperties === 1 ? 'exactly one' : 'at least one'} of ${listOf(choices)}`,
          ),
          path,
        });
      }
      for (const [key, child] of Object.entries(schema.properties)) walk(child, record[key], [...path, key], issues);
      for (const rule of schema.rules ?? []) {
        if (!rule.holds(record)) issues.push({ code: rule.code, message: `Invalid value: "object": ${rule.message}`, path });
      }
      return;
    }
    case 'array': {
      const items = value as unknown[];
      if (schema.maxItems !== undefined && items.length > schema.maxItems) {
        issues.push({ code: 'cnp.too-many', message: `Too many: ${items.length}: must have at most ${schema.maxItems} items`, path, onKey: true });
      }
      if (schema.minItems !== undefined && items.length < schema.minItems) {
        issues.push({
          code: 'cnp.too-few',
          message: withFix(
            `Invalid value: ${items.length}: ${where} in body should have at least ${schema.minItems} items`,
            'Remove the field, or list at least one entry',
          ),
          path,
        });
      }
      items.forEach((item, index) => walk(schema.items, item, [...path, index], issues));
      return;
    }
    case 'string': {
      const text = value as string;
      if (schema.enum && !schema.enum.includes(text)) {
        const suggestion = closest(text, schema.enum);
        issues.push({
          code: 'cnp.unsupported-value',
          message: withFix(
            `Unsupported value: ${quote(text)}: supported values: ${schema.enum.map((item) => quote(item)).join(', ')}`,
            suggestion ? `Did you mean ${quote(suggestion)}?` : undefined,
          ),
          path,
        });
      }
      if (schema.maxLength !== undefined && text.length > schema.maxLength) {
        issues.push({ code: 'cnp.too-long', message: `Too long: may not be more than ${schema.maxLength} bytes (${text.length})`, path });
      }
      if (schema.pattern && !schema.pattern.test(text)) {
        issues.push({
          code: 'cnp.domain-name-invalid',
          message: withFix(
            `Invalid value: ${quote(text)}: ${where} in body should match '${schema.pattern.source}'`,
            'Write a domain name such as example.com, or *.example.com for its subdomains',
          ),
          path,
        });
      }
      if (schema.cidr && !isCidr(text)) {
        issues.push({
          code: 'cnp.cidr-invalid',
          message: withFix(
            `Invalid value: "string": Invalid CIDR format provided (${quote(text)})`,
            'Write an address and a prefix length, such as 10.0.0.0/8 or fd00::/8',
          ),
          path,
        });
      }
      return;
    }
    case 'integer': {
      const number = value as number;
      if (schema.minimum !== undefined && number < schema.minimum) {
        issues.push({
          code: 'cnp.out-of-range',
          message: `Invalid value: ${number}: ${where} in body should be greater than or equal to ${schema.minimum}`,
          path,
        });
      }
      if (schema.maximum !== undefined && number > schema.maximum) {
        issues.push({
          code: 'cnp.out-of-range',
          message: `Invalid value: ${number}: ${where} in body should be less than or equal to ${schema.maximum}`,
          path,
        });
      }
      return;
    }
    case 'boolean':
      return;
  }
}

/**
 * CEL's `isCIDR` (k8s.io/apiserver/pkg/cel/library/cidr.go): `netip.ParsePrefix`, which accepts host bits
 * (`10.0.0.1/8`) but not leading zeros (`010.0.0.0/8`, `/08`).
 */
function isCidr(text: string): boolean {
  const parsed = parseCidr(text);
  return parsed !== undefined && !parsed.hasLeadingZeros;
}
