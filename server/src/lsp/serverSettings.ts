import { DEFAULT_SETTINGS, isNetworkPlugin, type NetworkPlugin, type ServiceSettings, type SeverityOverride } from '../service';

/** The language server's own settings, beside what the service needs. */
export interface ServerSettings extends ServiceSettings {
  /** Files on disk larger than this many bytes are skipped by the workspace scan. */
  readonly maxFileSize: number;
  /** Glob patterns the workspace scan skips. */
  readonly exclude: readonly string[];
  /** The workspace scan reads at most this many YAML files (and so does the scan of a lone file's folder). */
  readonly maxFiles: number;
  /** Manifest files outside the repository (a cluster dump): paths or globs, read as context, never published. */
  readonly clusterFiles: readonly string[];
  /** The network plugin the cluster runs (`window`: one cluster model for the workspace). */
  readonly networkPlugin: NetworkPlugin;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  ...DEFAULT_SETTINGS,
  maxFileSize: 5_000_000,
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFiles: 20_000,
  clusterFiles: [],
  networkPlugin: 'generic',
};

const SEVERITIES = new Set<SeverityOverride>(['error', 'warning', 'information', 'hint', 'off']);

/** Reads the `netpol` settings section a client sent, keeping the defaults for anything missing or malformed. */
export function readServerSettings(raw: unknown): ServerSettings {
  const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const rules: Record<string, SeverityOverride> = {};
  if (typeof section.rules === 'object' && section.rules !== null) {
    for (const [code, severity] of Object.entries(section.rules as Record<string, unknown>)) {
      if (SEVERITIES.has(severity as SeverityOverride)) rules[code] = severity as SeverityOverride;
    }
  }
  return {
    kubernetesVersion:
      typeof section.kubernetesVersion === 'string' && section.kubernetesVersion.trim() !== ''
        ? section.kubernetesVersion
        : DEFAULT_SERVER_SETTINGS.kubernetesVersion,
    defaultNamespace:
      typeof section.defaultNamespace === 'string' && section.defaultNamespace !== '' ? section.defaultNamespace : DEFAULT_SERVER_SETTINGS.defaultNamespace,
    rules,
    maxFileSize: typeof section.maxFileSize === 'number' && section.maxFileSize >= 0 ? section.maxFileSize : DEFAULT_SERVER_SETTINGS.maxFileSize,
    exclude: Array.isArray(section.exclude) ? section.exclude.filter((p): p is string => typeof p === 'string') : DEFAULT_SERVER_SETTINGS.exclude,
    maxFiles: typeof section.maxFiles === 'number' && section.maxFiles >= 0 ? Math.floor(section.maxFiles) : DEFAULT_SERVER_SETTINGS.maxFiles,
    networkPlugin: isNetworkPlugin(section.networkPlugin) ? section.networkPlugin : DEFAULT_SERVER_SETTINGS.networkPlugin,
    clusterFiles: Array.isArray(section.clusterFiles)
      ? section.clusterFiles.filter((p): p is string => typeof p === 'string' && p.trim() !== '')
      : DEFAULT_SERVER_SETTINGS.clusterFiles,
  };
}
