import type { ViewFilter } from '../../../server/src/protocol/view';

/** `on any port`, `on TCP port 80`, `on any protocol's port "http"`. */
export function describeFilter(filter: ViewFilter): string {
  const protocol = filter.protocol === 'any' ? '' : `${filter.protocol} `;
  if (filter.port === 'any') return filter.protocol === 'any' ? 'on any port' : `on any ${protocol}port`;
  const port = typeof filter.port === 'number' ? String(filter.port) : `"${filter.port}"`;
  return filter.protocol === 'any' ? `on port ${port} of any protocol` : `on ${protocol}port ${port}`;
}

/**
 * The port box: empty or `any` for any port, 1 to 65535, or a container port name (an IANA service name: up to
 * 15 lower-case letters, digits and inner dashes, with a letter). Undefined for anything else.
 */
export function parsePort(text: string): ViewFilter['port'] | undefined {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'any') return 'any';
  if (/^\d+$/.test(value)) {
    const port = Number(value);
    return port >= 1 && port <= 65535 ? port : undefined;
  }
  return /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(value) && !value.includes('--') ? value : undefined;
}
