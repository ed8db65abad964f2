/**
 * `netpol.kubernetesVersion` when the user set it; else Red Hat YAML's `yaml.kubernetesVersion` when that is set (so
 * that the two extensions validate against the same Kubernetes); else undefined (the server's default). No `vscode`
 * import: the language client's middleware passes what `WorkspaceConfiguration.inspect` returns.
 */
export interface InspectedSetting {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
  readonly globalLanguageValue?: unknown;
  readonly workspaceLanguageValue?: unknown;
  readonly workspaceFolderLanguageValue?: unknown;
}

/** A version as the server reads it: `1.35`, `v1.35` or `1.35.2`; Red Hat YAML also accepts `v1.35.2-standalone-strict`. */
const VERSION = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:-[\w.-]+)?$/;

export function effectiveKubernetesVersion(netpol: InspectedSetting | undefined, yaml: InspectedSetting | undefined): string | undefined {
  if (netpol && isSet(netpol)) return undefined; // the user's own setting: the server reads it as it is
  const value = yaml && firstSet(yaml);
  if (typeof value !== 'string') return undefined;
  const match = VERSION.exec(value.trim());
  return match ? `${match[1]}.${match[2]}` : undefined;
}

function isSet(setting: InspectedSetting): boolean {
  return firstSet(setting) !== undefined;
}

function firstSet(setting: InspectedSetting): unknown {
  return [
    setting.workspaceFolderLanguageValue,
    setting.workspaceFolderValue,
    setting.workspaceLanguageValue,
    setting.workspaceValue,
    setting.globalLanguageValue,
    setting.globalValue,
  ].find((value) => value !== undefined && value !== '');
}
