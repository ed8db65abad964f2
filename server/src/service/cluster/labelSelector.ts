import type { FieldPath } from '../fieldPath';
import { DecodeError, optionalList, optionalRecord, optionalString, stringList, stringMap } from './decode';

/** A `metav1.LabelSelector` as plain data. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  readonly key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist`; anything else makes the selector invalid. */
  readonly operator: string;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>>;

/** The empty selector `{}`: it matches everything. */
export const EMPTY_SELECTOR: LabelSelector = { matchLabels: {}, matchExpressions: [] };

/** Reads a label selector; throws a DecodeError on wrong types. `null` or absent reads as `{}`. */
export function readLabelSelector(value: unknown, path: FieldPath): LabelSelector {
  const record = optionalRecord(value, path);
  if (!record) return EMPTY_SELECTOR;
  const matchLabels = stringMap(record.matchLabels, [...path, 'matchLabels']);
  const expressions = optionalList(record.matchExpressions, [...path, 'matchExpressions']) ?? [];
  const matchExpressions = expressions.map((item, index): LabelSelectorRequirement => {
    const itemPath = [...path, 'matchExpressions', index];
    const requirement = optionalRecord(item, itemPath);
    if (!requirement) throw new DecodeError(itemPath, 'an object', item);
    return {
      key: optionalString(requirement.key, [...itemPath, 'key']) ?? '',
      operator: optionalString(requirement.operator, [...itemPath, 'operator']) ?? '',
      values: stringList(requirement.values, [...itemPath, 'values']),
    };
  });
  return { matchLabels, matchExpressions };
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/**
 * Why apimachinery's `LabelSelectorAsSelector` would refuse this selector, or undefined when it converts: an
 * unknown operator, `In`/`NotIn` without values, `Exists`/`DoesNotExist` with values. A selector that cannot be
 * converted selects nothing here (network plugins skip what they cannot convert).
 */
export function selectorProblem(selector: LabelSelector): string | undefined {
  for (const requirement of selector.matchExpressions) {
    switch (requirement.operator) {
      case 'In':
      case 'NotIn':
        if (requirement.values.length === 0) return `operator ${requirement.operator} needs at least one value (key ${JSON.stringify(requirement.key)})`;
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (requirement.values.length > 0) return `operator ${requirement.operator} takes no values (key ${JSON.stringify(requirement.key)})`;
        break;
      default:
        return `${JSON.stringify(requirement.operator)} is not a valid label selector operator`;
    }
  }
  return undefined;
}

/**
 * A selector prepared for repeated matching. Semantics of apimachinery's `labels.Selector`
 * (k8s.io/apimachinery/pkg/labels/selector.go, `Requirement.Matches`): every `matchLabels` entry and every
 * expression must hold; `In` needs the key present with one of the values; `NotIn` holds when the key is absent or
 * its value is not listed; `Exists`/`DoesNotExist` test presence only; `{}` matches everything.
 */
export interface CompiledSelector {
  readonly matches: (labels: Labels) => boolean;
  /** Canonical text: equal selectors have equal keys. */
  readonly key: string;
}

const compiledCache = new WeakMap<LabelSelector, CompiledSelector>();

export function compileSelector(selector: LabelSelector): CompiledSelector {
  let compiled = compiledCache.get(selector);
  if (!compiled) {
    compiled = { matches: buildMatcher(selector), key: selectorKey(selector) };
    compiledCache.set(selector, compiled);
  }
  return compiled;
}

export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  return compileSelector(selector).matches(labels);
}

function buildMatcher(selector: LabelSelector): (labels: Labels) => boolean {
  if (selectorProblem(selector) !== undefined) return () => false;
  const equals = Object.entries(selector.matchLabels);
  const tests = selector.matchExpressions.map((requirement): ((labels: Labels) => boolean) => {
    const key = requirement.key;
    const values = new Set(requirement.values);
    switch (requirement.operator) {
      case 'In':
        return (labels) => Object.prototype.hasOwnProperty.call(labels, key) && values.has(labels[key]);
      case 'NotIn':
        return (labels) => !Object.prototype.hasOwnProperty.call(labels, key) || !values.has(labels[key]);
      case 'Exists':
        return (labels) => Object.prototype.hasOwnProperty.call(labels, key);
      default:
        return (labels) => !Object.prototype.hasOwnProperty.call(labels, key);
    }
  });
  if (equals.length === 0 && tests.length === 0) return () => true;
  return (labels) => {
    for (const [key, value] of equals) {
      if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== value) return false;
    }
    for (const test of tests) if (!test(labels)) return false;
    return true;
  };
}

/** Canonical text of a selector, as kubectl prints selectors: `app=web,tier in (a,b),!legacy`. `{}` is ``. */
export function selectorKey(selector: LabelSelector): string {
  const parts: string[] = Object.keys(selector.matchLabels)
    .sort()
    .map((key) => `${key}=${selector.matchLabels[key]}`);
  const expressions = selector.matchExpressions.map((requirement) => {
    const values = [...new Set(requirement.values)].sort().join(',');
    switch (requirement.operator) {
      case 'In':
        return `${requirement.key} in (${values})`;
      case 'NotIn':
        return `${requirement.key} notin (${values})`;
      // Values make Exists/DoesNotExist invalid (matching nothing): keep them in the key so it differs.
      case 'Exists':
        return requirement.values.length === 0 ? requirement.key : `${requirement.key} exists? (${values})`;
      case 'DoesNotExist':
        return requirement.values.length === 0 ? `!${requirement.key}` : `!${requirement.key} exists? (${values})`;
      default:
        return `${requirement.key} ${requirement.operator}? (${values})`;
    }
  });
  parts.push(...expressions.sort());
  return parts.join(',');
}

/** Canonical text of a label set, `a=1,b=2`. */
export function labelsKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}
