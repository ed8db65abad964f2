import { isRecord } from '../model/manifest';

/**
 * A label selector in words, as the API reference defines it: `matchLabels` and `matchExpressions` are ANDed; an
 * empty selector matches everything. Returns e.g. `labelled app=web and tier in (api, db)`, or '' for "all".
 */
export function describeSelectorConditions(selector: unknown): string {
  if (!isRecord(selector)) return '';
  const conditions: string[] = [];
  if (isRecord(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) conditions.push(`${key}=${String(value)}`);
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) {
      if (!isRecord(expression)) continue;
      const key = String(expression.key ?? '?');
      const values = Array.isArray(expression.values) ? expression.values.map(String).join(', ') : '';
      switch (expression.operator) {
        case 'In':
          conditions.push(`${key} in (${values})`);
          break;
        case 'NotIn':
          conditions.push(`${key} not in (${values})`);
          break;
        case 'Exists':
          conditions.push(`with label ${key}`);
          break;
        case 'DoesNotExist':
          conditions.push(`without label ${key}`);
          break;
        default:
          conditions.push(`${key} ${String(expression.operator)} (${values})`);
      }
    }
  }
  if (conditions.length === 0) return '';
  const joined = conditions.join(' and ');
  // `with label x` reads on its own; `app=web` needs `labelled` in front.
  return conditions[0].startsWith('with') ? joined : `labelled ${joined}`;
}

/** `pods labelled app=web` / `all pods`; `namespaces labelled team=x` / `all namespaces`. */
export function describeSelector(selector: unknown, noun: 'pods' | 'namespaces'): string {
  const conditions = describeSelectorConditions(selector);
  return conditions === '' ? `all ${noun}` : `${noun} ${conditions}`;
}
