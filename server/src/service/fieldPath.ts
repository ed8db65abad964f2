/**
 * Field paths, written the way the Kubernetes API server writes them in its validation errors:
 * `spec.ingress[0].from[1].ipBlock.except[0]`, with map keys in brackets (`metadata.labels[app]`).
 */

/** One step of a path: a field name, a list index, or a key of a map (labels, annotations). */
export type PathSegment = string | number | { readonly key: string };

export type FieldPath = readonly PathSegment[];

/** Formats a path as the API server does (`field.Path.String()`). */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string') out += out === '' ? segment : `.${segment}`;
    else out += `[${segment.key}]`;
  }
  return out;
}

/** The segment a map key stands at, e.g. `mapKey('app')` in `matchLabels[app]`. */
export function mapKey(key: string): PathSegment {
  return { key };
}
