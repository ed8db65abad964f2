/**
 * The language client's `workspace/configuration` middleware: when `netpol.kubernetesVersion` is set nowhere and Red
 * Hat YAML's `yaml.kubernetesVersion` is, the server's `netpol` section carries the latter (kubernetesVersion.ts), so
 * that the two extensions validate against the same Kubernetes. Used by both clients (Node and web worker).
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import { effectiveKubernetesVersion } from './kubernetesVersion';

export const kubernetesVersionMiddleware: Middleware['workspace'] = {
  configuration: async (params, token, next) => {
    const answers = await next(params, token);
    if (!Array.isArray(answers)) return answers;
    return answers.map((answer: unknown, index) => {
      const item = params.items[index];
      if (item?.section !== 'netpol' || typeof answer !== 'object' || answer === null) return answer;
      const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
      const version = effectiveKubernetesVersion(
        vscode.workspace.getConfiguration('netpol', scope).inspect('kubernetesVersion'),
        vscode.workspace.getConfiguration('yaml', scope).inspect('kubernetesVersion'),
      );
      return version === undefined ? answer : { ...answer, kubernetesVersion: version };
    });
  },
};

/** The sections whose changes the client forwards: `yaml` too, for yaml.kubernetesVersion. */
export const SYNCHRONIZED_SECTIONS = ['netpol', 'yaml'];
