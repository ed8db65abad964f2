import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri } from './diagnostics';
import { discardActiveEditor, labelOf, openUntitledYaml, serverStarted, withCursor } from './editing';

/** The head of a policy in `shop`, the namespace of the storefront Deployment in fixtures/workspace/workloads.yaml. */
const HEAD = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: storefront-api
  namespace: shop
spec:
`;

/** Completion at the ┃ of `marked`, in an untitled YAML document, as the suggest widget would ask for it. */
async function completeAt(marked: string): Promise<vscode.CompletionItem[]> {
  const { text, offset } = withCursor(marked);
  const editor = await openUntitledYaml('completion', text);
  try {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      editor.document.positionAt(offset),
    );
    return list.items;
  } finally {
    await discardActiveEditor();
  }
}

/** The labels of the items of one kind (netpol's keys are Property, enum values EnumMember, workspace values Value). */
const labelsOfKind = (items: vscode.CompletionItem[], kind: vscode.CompletionItemKind): string[] => items.filter((item) => item.kind === kind).map(labelOf);

describe('completion', () => {
  before(async () => {
    await serverStarted();
    // Workspace values come from workloads.yaml: opening it hands it to the server before any request below, so
    // the tests do not depend on when the server's workspace scan reaches it.
    await vscode.workspace.openTextDocument(fixtureUri('workloads.yaml'));
  });

  it('offers TCP, UDP and SCTP as the value of protocol', async () => {
    const items = await completeAt(`${HEAD}  podSelector: {}
  ingress:
    - ports:
        - protocol: ┃
          port: 80
`);
    const values = labelsOfKind(items, vscode.CompletionItemKind.EnumMember);
    assert.deepEqual(values.sort(), ['SCTP', 'TCP', 'UDP'], `items: ${items.map(labelOf).join(', ')}`);
  });

  it('offers from and ports as the keys of an empty ingress rule', async () => {
    const items = await completeAt(`${HEAD}  podSelector: {}
  ingress:
    - ┃
`);
    const keys = labelsOfKind(items, vscode.CompletionItemKind.Property);
    assert.deepEqual(keys.sort(), ['from', 'ports'], `items: ${items.map(labelOf).join(', ')}`);
  });

  it('leaves out the keys a rule already has', async () => {
    const items = await completeAt(`${HEAD}  podSelector: {}
  egress:
    - ports:
        - port: 53
      ┃
`);
    const keys = labelsOfKind(items, vscode.CompletionItemKind.Property);
    assert.deepEqual(keys, ['to'], `items: ${items.map(labelOf).join(', ')}`);
  });

  it('offers label values and named ports from the workspace', async () => {
    const label = await completeAt(`${HEAD}  podSelector:
    matchLabels:
      app: ┃
`);
    assert.ok(labelsOfKind(label, vscode.CompletionItemKind.Value).includes('storefront'), `items: ${label.map(labelOf).join(', ')}`);

    const port = await completeAt(`${HEAD}  podSelector:
    matchLabels:
      app: storefront
  ingress:
    - ports:
        - port: ┃
`);
    assert.ok(labelsOfKind(port, vscode.CompletionItemKind.Value).includes('http'), `items: ${port.map(labelOf).join(', ')}`);
  });
});
