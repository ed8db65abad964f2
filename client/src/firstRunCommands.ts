/**
 * The walkthrough's own commands: "Open the Examples" (a copy of the bundled examples, in a new window) and
 * "Import Cluster Snapshot" (clusterSnapshot.ts). Both run only when the user asks; neither runs at activation.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { IMPORT_CLUSTER_SNAPSHOT_COMMAND, OPEN_EXAMPLES_COMMAND, RESTART_SERVER_COMMAND } from '../../server/src/protocol/commands';
import { importClusterSnapshot, runKubectl, writeSnapshot } from './clusterSnapshot';

export function registerFirstRunCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_EXAMPLES_COMMAND, () => openExamples(context)),
    vscode.commands.registerCommand(IMPORT_CLUSTER_SNAPSHOT_COMMAND, async () => {
      const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file')?.uri.fsPath;
      const config = vscode.workspace.getConfiguration('netpol');
      await importClusterSnapshot({
        isTrusted: vscode.workspace.isTrusted,
        clusterFiles: config.get<string[]>('clusterFiles') ?? [],
        folder,
        askDestination: async (proposal) =>
          (
            await vscode.window.showSaveDialog({
              defaultUri: vscode.Uri.file(proposal),
              filters: { YAML: ['yaml', 'yml'] },
              title: 'Save the cluster snapshot',
            })
          )?.fsPath,
        runKubectl: async (args) =>
          await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'NetworkPolicy Lens: kubectl get … -A -o yaml' }, () =>
            runKubectl(args),
          ),
        writeFile: writeSnapshot,
        addToClusterFiles: async (file) => {
          const entry = folder !== undefined && !path.relative(folder, file).startsWith('..') ? path.relative(folder, file) : file;
          const current = config.get<string[]>('clusterFiles') ?? [];
          const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
          await config.update('clusterFiles', [entry, ...current.filter((other) => other !== entry)], target);
        },
        reload: async (file) => {
          // A file inside a workspace folder is seen by the file watcher; one outside is read again by a restart.
          if (!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))) await vscode.commands.executeCommand(RESTART_SERVER_COMMAND);
        },
        info: (message) => void vscode.window.showInformationMessage(message),
        error: (message) => void vscode.window.showErrorMessage(message),
      });
    }),
  );
}

/**
 * Copies the bundled examples to the extension's storage (once per version: code-server autosaves, and the
 * extension's own files must stay as shipped) and opens the copy in a new window.
 */
async function openExamples(context: vscode.ExtensionContext): Promise<void> {
  const version = (context.extension.packageJSON as { version?: string }).version ?? 'dev';
  const target = path.join(context.globalStorageUri.fsPath, `examples-${version}`);
  try {
    await fs.access(target);
  } catch {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.cp(context.asAbsolutePath('examples'), target, { recursive: true });
  }
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(target), { forceNewWindow: true });
}
