import type { ReachabilityView, ViewEndpoint } from './viewModel';

/**
 * The search box: whitespace-separated terms, every one of which must match. `key=value` matches a label exactly
 * (`app=web`); any other term matches, ignoring case, part of the endpoint's key, its name, its namespace, or one
 * of its labels written `key=value` (`tier`, `=web`). An empty search matches everything.
 */
export function parseSearch(text: string): readonly SearchTerm[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((term) => term !== '')
    .map((term) => {
      const equals = term.indexOf('=');
      if (equals > 0) return { kind: 'label', key: term.slice(0, equals), value: term.slice(equals + 1) } as const;
      return { kind: 'text', text: term.toLowerCase() } as const;
    });
}

export type SearchTerm = { readonly kind: 'label'; readonly key: string; readonly value: string } | { readonly kind: 'text'; readonly text: string };

export function matchesSearch(endpoint: ViewEndpoint, groupName: string, terms: readonly SearchTerm[]): boolean {
  return terms.every((term) => {
    if (term.kind === 'label') return Object.hasOwn(endpoint.labels, term.key) && endpoint.labels[term.key] === term.value;
    if (endpoint.key.toLowerCase().includes(term.text) || endpoint.name.toLowerCase().includes(term.text) || groupName.toLowerCase().includes(term.text))
      return true;
    return Object.entries(endpoint.labels).some(([key, value]) => `${key}=${value}`.toLowerCase().includes(term.text));
  });
}

/** The endpoints a search matches, as a membership array over `view.endpoints`; undefined when it matches all. */
export function searchEndpoints(view: ReachabilityView, text: string): Uint8Array | undefined {
  const terms = parseSearch(text);
  if (terms.length === 0) return undefined;
  const shown = new Uint8Array(view.endpoints.length);
  view.endpoints.forEach((endpoint, index) => {
    if (matchesSearch(endpoint, view.groups[endpoint.group]?.name ?? '', terms)) shown[index] = 1;
  });
  return shown;
}
