import type { Connection } from 'vscode-languageserver';
import type { ServiceSettings } from '../service';
import { DEFAULT_SERVER_SETTINGS, readServerSettings, type ServerSettings } from './serverSettings';

/**
 * The `netpol` settings, read per workspace folder as VS Code scopes them (vscode-eslint does the same) and never
 * stored in globals. `kubernetesVersion` and `rules` are `resource` settings: each file is checked with those of
 * the folder that holds it. `defaultNamespace`, `maxFileSize` and `exclude` shape the one workspace model and
 * scan, so they are `window` settings, read once (package.json declares these scopes).
 */
export class SettingsStore {
  private window: ServerSettings = DEFAULT_SERVER_SETTINGS;
  /** Folder URI (ending in `/`) -> that folder's settings; longest prefix first. */
  private folders: { prefix: string; settings: ServerSettings }[] = [];

  /** Settings for the workspace as a whole: the scan, the cluster model. */
  get workspace(): ServerSettings {
    return this.window;
  }

  /** What a file is checked with: its folder's `resource` settings over the window's. */
  forUri(uri: string): ServiceSettings {
    const folder = this.folders.find((candidate) => uri.startsWith(candidate.prefix));
    if (!folder) return this.window;
    return { ...this.window, kubernetesVersion: folder.settings.kubernetesVersion, rules: folder.settings.rules };
  }

  /** Settings pushed by a client that cannot be asked (`didChangeConfiguration` or `initializationOptions`). */
  setPushed(raw: unknown): void {
    this.window = readServerSettings(raw);
    this.folders = [];
  }

  /** Asks the client for the window's settings and those of each workspace folder (`workspace/configuration`). */
  async pull(connection: Connection, folderUris: readonly string[]): Promise<void> {
    const items = [{ section: 'netpol' }, ...folderUris.map((scopeUri) => ({ scopeUri, section: 'netpol' }))];
    const answers: unknown[] = await connection.workspace.getConfiguration(items);
    this.window = readServerSettings(answers[0]);
    this.folders = folderUris
      .map((uri, index) => ({ prefix: uri.endsWith('/') ? uri : `${uri}/`, settings: readServerSettings(answers[index + 1]) }))
      .sort((a, b) => b.prefix.length - a.prefix.length);
  }
}
