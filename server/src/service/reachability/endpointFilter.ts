import { boundedMemo } from '../boundedMemo';

/**
 * Endpoint filters: globs over endpoint keys (`namespace/name`), where `*` matches any text (slashes included, so
 * `shop/*` also matches `shop/Deployment/cart`) and `?` one character. No globs means every endpoint.
 */
export function matchesAnyGlob(key: string, globs: readonly string[] | undefined): boolean {
  if (!globs || globs.length === 0) return true;
  return globs.some((glob) => globToRegExp(glob).test(key));
}

/**
 * A glob's regular expression, remembered (globs come from the reachability panel and the CLI's `--from`/`--to`;
 * the memo is bounded, as they are user input). The expression has no `g` or `y` flag, so sharing it is safe.
 */
export const globToRegExp = boundedMemo((glob: string): RegExp => {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's');
});
