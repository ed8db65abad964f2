import { mapKey, type FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import type { RuleCode } from '../ruleCatalog';
import { goList, goString, goStringMap, goStruct, isPlainObject } from './goValues';
import { isQualifiedName, isValidLabelValue, LABEL_VALUE_MAX_LENGTH } from './k8sNames';
import { closest, invalidValue, quote } from './messages';

/** The codes a label map reports with: `metadata.labels` and a selector's `matchLabels` have their own. */
export interface LabelCodes {
  readonly key: RuleCode;
  readonly value: RuleCode;
}

export const SELECTOR_LABEL_CODES: LabelCodes = { key: 'selector.label-key-invalid', value: 'selector.label-value-invalid' };

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/**
 * apimachinery's `ValidateLabels` (meta/v1/validation): each key a qualified name, each value a valid label value.
 * The API server reports both on the map's path (`metadata.labels`, `spec.podSelector.matchLabels`: upstream's
 * `ValidateLabels` never adds the key), and so do we; the range is the bad key or the bad value itself.
 */
export function validateLabels(labels: unknown, path: FieldPath, codes: LabelCodes): Issue[] {
  const issues: Issue[] = [];
  if (!isPlainObject(labels)) return issues;
  for (const key of Object.keys(labels)) {
    const keyErrors = isQualifiedName(key);
    if (keyErrors.length > 0) {
      issues.push({ code: codes.key, message: invalidValue(key, keyErrors, labelKeyFix(key)), path, at: [...path, mapKey(key)], onKey: true });
    }
  }
  for (const [key, value] of goStringMap(labels)) {
    const valueErrors = isValidLabelValue(value);
    if (valueErrors.length > 0) {
      issues.push({ code: codes.value, message: invalidValue(value, valueErrors, labelValueFix(value)), path, at: [...path, mapKey(key)] });
    }
  }
  return issues;
}

/**
 * apimachinery's `ValidateLabelSelector` with `AllowInvalidLabelValueInSelector: false` (what a create gets):
 * `matchLabels` as labels; each `matchExpressions` requirement with an operator of exactly `In`, `NotIn`, `Exists` or
 * `DoesNotExist`, values required by the first two and forbidden by the others, a qualified-name key, and valid
 * label values.
 */
export function validateLabelSelector(selector: unknown, path: FieldPath): Issue[] {
  const fields = goStruct(selector);
  if (!fields) return [];
  const issues = validateLabels(fields.matchLabels, [...path, 'matchLabels'], SELECTOR_LABEL_CODES);
  const expressions = goList(fields.matchExpressions) ?? [];
  expressions.forEach((expression, index) => {
    issues.push(...validateRequirement(expression, [...path, 'matchExpressions', index]));
  });
  return issues;
}

function validateRequirement(expression: unknown, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  const requirement = goStruct(expression);
  if (!requirement) return issues;
  const operator = goString(requirement.operator);
  const values = goList(requirement.values);
  if (operator !== undefined && values !== undefined) {
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) {
        issues.push({
          code: 'selector.values-required',
          message: `Required value: \`values\` must be specified when \`operator\` is 'In' or 'NotIn'. List at least one value, or use \`operator: ${operator === 'In' ? 'Exists' : 'DoesNotExist'}\` to match on the key alone.`,
          path: [...path, 'values'],
          at: requirement.values === undefined ? [...path, 'operator'] : undefined,
        });
      }
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) {
        issues.push({
          code: 'selector.values-forbidden',
          message: `Forbidden: \`values\` may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'. Remove \`values\`, or use \`operator: ${operator === 'Exists' ? 'In' : 'NotIn'}\` to match these values.`,
          path: [...path, 'values'],
        });
      }
    } else {
      issues.push({ code: 'selector.operator-invalid', message: operatorMessage(operator), path: [...path, 'operator'] });
    }
  }
  const key = goString(requirement.key);
  if (key !== undefined) {
    const keyErrors = isQualifiedName(key);
    if (keyErrors.length > 0) {
      issues.push({
        code: SELECTOR_LABEL_CODES.key,
        message: invalidValue(key, keyErrors, key === '' ? 'Set `key` to the label key to match, e.g. `key: app`' : labelKeyFix(key)),
        path: [...path, 'key'],
        at: requirement.key === undefined ? path : undefined,
      });
    }
  }
  if (values !== undefined) {
    values.forEach((value, index) => {
      const text = goString(value);
      if (text === undefined) return;
      const valueErrors = isValidLabelValue(text);
      if (valueErrors.length > 0) {
        issues.push({ code: SELECTOR_LABEL_CODES.value, message: invalidValue(text, valueErrors, labelValueFix(text)), path: [...path, 'values', index] });
      }
    });
  }
  return issues;
}

function operatorMessage(operator: string): string {
  const aliases: Record<string, string> = {
    '=': 'In',
    '==': 'In',
    '!=': 'NotIn',
    equals: 'In',
    notequals: 'NotIn',
    exist: 'Exists',
    notexists: 'DoesNotExist',
    doesnotexists: 'DoesNotExist',
  };
  const suggestion = closest(operator, OPERATORS) ?? aliases[operator.toLowerCase()];
  const base = `Invalid value ${quote(operator)}: not a valid selector operator. The operator is one of "In", "NotIn", "Exists" or "DoesNotExist" (case-sensitive)`;
  return suggestion ? `${base}: did you mean "${suggestion}"?` : `${base}.`;
}

/** What a valid label key would look like. */
export function labelKeyFix(key: string): string {
  if (key.split('/').length > 2) return 'A label key has at most one "/", between an optional DNS-subdomain prefix and the name (e.g. "example.com/my-key")';
  const [prefix, name] = key.includes('/') ? key.split('/') : [undefined, key];
  const cleanName = name
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63);
  const cleanPrefix = prefix
    ?.toLowerCase()
    .replace(/[^-a-z0-9.]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  const suggestion = cleanPrefix ? `${cleanPrefix}/${cleanName}` : cleanName;
  if (suggestion && suggestion !== key && isQualifiedName(suggestion).length === 0) return `Use e.g. ${quote(suggestion)}`;
  return 'A label key is an optional DNS-subdomain prefix and "/", then a name of up to 63 letters, digits, "-", "_" or "." that starts and ends with a letter or digit';
}

/** What a valid label value would look like. */
export function labelValueFix(value: string): string {
  const cleaned = value
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .slice(0, LABEL_VALUE_MAX_LENGTH)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (cleaned !== value && cleaned !== '' && isValidLabelValue(cleaned).length === 0) return `Use e.g. ${quote(cleaned)}`;
  return 'A label value is empty or up to 63 letters, digits, "-", "_" or "." that starts and ends with a letter or digit';
}
