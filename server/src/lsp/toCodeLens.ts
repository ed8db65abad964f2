import type { CodeLens } from 'vscode-languageserver';
import { SHOW_REACHABILITY_COMMAND, SHOW_WORKLOADS_COMMAND } from '../protocol/commands';
import type { LineCharacter, PolicyLens } from '../service';

export function toCodeLens(
  lens: PolicyLens,
  uri: string,
  positionAt: (offset: number) => LineCharacter,
  positionsForUri: (uri: string) => (offset: number) => LineCharacter,
): CodeLens {
  const range = { start: positionAt(lens.start), end: positionAt(lens.end) };
  const command = lens.command;
  if (command?.kind === 'showWorkloads') {
    const locations = command.locations.map((ref) => {
      const at = positionsForUri(ref.uri);
      return { uri: ref.uri, range: { start: at(ref.start), end: at(ref.end) } };
    });
    return { range, command: { title: lens.title, command: SHOW_WORKLOADS_COMMAND, arguments: [uri, positionAt(command.at), locations] } };
  }
  if (command?.kind === 'showReachability') {
    return { range, command: { title: lens.title, command: SHOW_REACHABILITY_COMMAND, arguments: [{ policy: command.policy }] } };
  }
  // A lens without an action still needs a command to be shown: an empty one is displayed as plain text.
  return { range, command: { title: lens.title, command: '' } };
}
