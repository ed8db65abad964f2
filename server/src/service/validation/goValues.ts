/**
 * How the API server's JSON decoding (Go's encoding/json, strict) turns a plain value into a Go field, for the
 * semantic checks: JSON null decodes to the zero value (`""`, an empty list, an empty struct) or to an absent
 * pointer. A value of the wrong type yields `undefined` here: the structural check reports it, the semantic
 * checks skip it.
 */

/** A `string` field: the string; `""` for null or absent; undefined for any other type. */
export function goString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value === null || value === undefined ? '' : undefined;
}

/** A slice field: the items; empty for null or absent; undefined for any other type. */
export function goList(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  return value === null || value === undefined ? [] : undefined;
}

/** A struct (or a list item that is a struct): its fields; empty for null or absent; undefined otherwise. */
export function goStruct(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (isPlainObject(value)) return value;
  return value === null || value === undefined ? {} : undefined;
}

/** A `map[string]string`: its entries, null values read as `""`; entries of the wrong type left out. */
export function goStringMap(value: unknown): Array<readonly [string, string]> {
  if (!isPlainObject(value)) return [];
  const entries: Array<readonly [string, string]> = [];
  for (const [key, entry] of Object.entries(value)) {
    const text = goString(entry);
    if (text !== undefined) entries.push([key, text]);
  }
  return entries;
}

/** The keys of a map field (whatever the types of its values), or none. */
export function goMapKeys(value: unknown): string[] {
  return isPlainObject(value) ? Object.keys(value) : [];
}

/** A pointer field is set: present and not null (`podSelector: {}` is set, `podSelector:` is not). */
export function isSet(value: unknown): boolean {
  return value !== null && value !== undefined;
}

/** A value Go can decode into an `int32`. */
export function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
