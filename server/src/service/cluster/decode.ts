import { formatFieldPath, type FieldPath } from '../fieldPath';

/**
 * Typed reads of plain manifest data, as the API server decodes JSON into Go structs (sigs.k8s.io/json): a value of
 * the wrong type makes the whole object undecodable, `null` reads as "absent", and a `null` inside a string map
 * reads as the empty string. A failed read throws a {@link DecodeError}, which the caller turns into a left-out
 * document: it never escapes the cluster model.
 */
export class DecodeError extends Error {
  constructor(
    readonly path: FieldPath,
    readonly expected: string,
    readonly actual: unknown,
  ) {
    super(`${formatFieldPath(path) || 'the object'}: expected ${expected}, found ${describeValue(actual)}`);
  }
}

export type PlainRecord = Readonly<Record<string, unknown>>;

export function optionalRecord(value: unknown, path: FieldPath): PlainRecord | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as PlainRecord;
  throw new DecodeError(path, 'an object', value);
}

export function optionalList(value: unknown, path: FieldPath): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  throw new DecodeError(path, 'a list', value);
}

export function optionalString(value: unknown, path: FieldPath): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw new DecodeError(path, 'a string', value);
}

export function optionalBoolean(value: unknown, path: FieldPath): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  throw new DecodeError(path, 'a boolean', value);
}

/** An int32 field: a JSON number without a fraction. */
export function optionalInteger(value: unknown, path: FieldPath): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new DecodeError(path, 'an integer', value);
}

/** An `IntOrString` (ports): a number is a port number, a string a port name (`"80"` stays a name, as in Go). */
export function optionalIntOrString(value: unknown, path: FieldPath): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new DecodeError(path, 'an integer or a string', value);
}

/** A `map[string]string` (labels, selectors): `null` values decode as `""`. */
export function stringMap(value: unknown, path: FieldPath): Readonly<Record<string, string>> {
  const record = optionalRecord(value, path);
  const out: Record<string, string> = {};
  if (!record) return out;
  for (const [key, item] of Object.entries(record)) {
    if (item === null || item === undefined) out[key] = '';
    else if (typeof item === 'string') out[key] = item;
    else throw new DecodeError([...path, { key }], 'a string', item);
  }
  return out;
}

/** A list of strings (`except`, `values`). */
export function stringList(value: unknown, path: FieldPath): readonly string[] {
  const list = optionalList(value, path) ?? [];
  return list.map((item, index) => {
    if (item === null) return '';
    if (typeof item === 'string') return item;
    throw new DecodeError([...path, index], 'a string', item);
  });
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
