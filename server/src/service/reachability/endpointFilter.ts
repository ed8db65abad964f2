/**
 * Endpoint filters: globs over endpoint keys (`namespace/name`), where `*` matches any text (slashes included, so
 * `shop/*` also matches `shop/Deployment/cart`) and `?` one character. No globs means every endpoint.
 */
export function matchesAnyGlob(key: string, globs: readonly string[] | undefined): boolean {
  if (!globs || globs.length === 0) return true;
  return globs.some((glob) => globToRegExp(glob).test(key));
}

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let regExp = cache.get(glob);
  if (!regExp) {
    const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    regExp = new RegExp(`^${source}$`, 's');
    cache.set(glob, regExp);
  }
  return regExp;
}
