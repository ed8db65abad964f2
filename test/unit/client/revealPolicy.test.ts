import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isRevealAllowed } from '../../../client/src/revealPolicy';

describe('isRevealAllowed (reveal messages from the reachability panel)', () => {
  const folders = ['/work/repo', '/tmp/panel scope'];

  it('allows files inside a workspace folder or the panel folder', () => {
    assert.equal(isRevealAllowed('file:///work/repo/policies/web.yaml', folders), true);
    assert.equal(isRevealAllowed('file:///tmp/panel%20scope/p.yaml', folders), true);
  });

  it('refuses files outside, climbing out, or beside with a common prefix', () => {
    assert.equal(isRevealAllowed('file:///etc/passwd', folders), false);
    assert.equal(isRevealAllowed('file:///work/repo/../secrets.yaml', folders), false);
    assert.equal(isRevealAllowed('file:///work/repository/p.yaml', folders), false);
    assert.equal(isRevealAllowed('file:///work/repo', folders), false);
  });

  it('refuses other schemes and malformed URIs', () => {
    for (const uri of [
      'https://example.com/p.yaml',
      'command:workbench.action.terminal.new',
      'untitled:Untitled-1',
      'vscode-remote://host/work/repo/p.yaml',
      'file://remote-host/work/repo/p.yaml',
      'not a uri',
      '',
    ]) {
      assert.equal(isRevealAllowed(uri, folders), false, uri);
    }
  });

  it('refuses everything when there is no folder', () => {
    assert.equal(isRevealAllowed('file:///work/repo/p.yaml', []), false);
  });
});
