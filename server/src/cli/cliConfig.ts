import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_SETTINGS, isNetworkPlugin, NETWORK_PLUGINS, type NetworkPlugin, type ServiceSettings, type SeverityOverride } from '../service';
import { UsageError } from './cliIo';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Reads a `--config` file (JSON or YAML) with the editor's settings names, without the `netpol.` prefix:
 * `{ "kubernetesVersion": "1.35", "defaultNamespace": "apps", "networkPlugin": "cilium", "rules": { "dns.missing-egress": "off" } }`.
 */
export async function readConfigFile(cwd: string, file: string): Promise<ServiceSettings> {
  let text: string;
  try {
    // A FIFO would block the read forever, a device like /dev/zero never end it.
    if (!(await fs.stat(path.resolve(cwd, file))).isFile()) throw new Error('not a regular file');
    text = await fs.readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --config ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`--config ${file} is not valid JSON or YAML: ${(error as Error).message}`);
  }
  if (raw === null || raw === undefined) return DEFAULT_SETTINGS;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`--config ${file} must hold an object`);
  const config = raw as Record<string, unknown>;
  const rules: Record<string, SeverityOverride> = {};
  if (config.rules !== undefined) {
    if (typeof config.rules !== 'object' || config.rules === null) throw new UsageError(`--config ${file}: "rules" must map codes to severities`);
    for (const [code, severity] of Object.entries(config.rules as Record<string, unknown>)) {
      if (typeof severity !== 'string' || !SEVERITIES.has(severity)) {
        throw new UsageError(`--config ${file}: rules.${code} must be one of error, warning, information, hint, off`);
      }
      rules[code] = severity as SeverityOverride;
    }
  }
  if (config.networkPlugin !== undefined && !isNetworkPlugin(config.networkPlugin)) {
    throw new UsageError(`--config ${file}: networkPlugin must be one of ${NETWORK_PLUGINS.join(', ')}`);
  }
  return {
    ...(config.networkPlugin === undefined ? {} : { networkPlugin: config.networkPlugin }),
    kubernetesVersion: typeof config.kubernetesVersion === 'string' ? config.kubernetesVersion : DEFAULT_SETTINGS.kubernetesVersion,
    defaultNamespace: typeof config.defaultNamespace === 'string' ? config.defaultNamespace : DEFAULT_SETTINGS.defaultNamespace,
    rules,
  };
}

/** Checks a `--kubernetes-version` value: `1.35`, `v1.35` or `1.35.2`. */
export function checkKubernetesVersion(value: string): string {
  if (!/^v?\d+\.\d+(\.\d+)?$/.test(value)) throw new UsageError(`--kubernetes-version must look like 1.35, not "${value}"`);
  return value;
}

/** Checks a `--network-plugin` value: one of `NETWORK_PLUGINS`. */
export function checkNetworkPlugin(value: string): NetworkPlugin {
  if (!isNetworkPlugin(value)) throw new UsageError(`--network-plugin must be one of ${NETWORK_PLUGINS.join(', ')}, not "${value}"`);
  return value;
}
