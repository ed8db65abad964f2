/**
 * The part of `node:assert/strict` the extension-host tests use, for the web worker extension host (no Node):
 * build-e2e.mjs --web aliases `node:assert/strict` to this file. Same semantics for what the tests compare:
 * primitives with Object.is, arrays, plain objects and Maps deeply.
 */
export class AssertionError extends Error {}

function fail(message: string | undefined, fallback: string): never {
  throw new AssertionError(message ?? fallback);
}

const show = (value: unknown): string => {
  try {
    return JSON.stringify(value instanceof Map ? [...value] : value) ?? String(value);
  } catch {
    return String(value);
  }
};

export function ok(value: unknown, message?: string): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

export function equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export const strictEqual = equal;

export function match(actual: string, pattern: RegExp, message?: string): void {
  if (typeof actual !== 'string' || !pattern.test(actual)) fail(message, `expected ${show(actual)} to match ${pattern}`);
}

export function deepEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!same(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export const deepStrictEqual = deepEqual;

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !same(value, b.get(key))) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, i) => same(value, b[i]));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

export default { ok, equal, strictEqual, match, deepEqual, deepStrictEqual, AssertionError };
