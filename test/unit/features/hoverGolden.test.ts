import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { getHover } from '../../../server/src/service/features/hover';
import { LineIndex } from '../../../server/src/service/lineIndex';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { WorkspaceAnalysis } from '../../../server/src/service/workspaceAnalysis';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { UPDATE_GOLDEN } from '../goldenRunner';

/**
 * Golden hovers: each `test/fixtures/hovers/<case>.yaml` marks hover places with `‸` (removed before parsing);
 * `<case>.expected.md` holds the hover at each mark. Files named `<case>.workspace.yaml` are loaded beside the case
 * (workloads the hovers name). `UPDATE_GOLDEN=1` rewrites the expectations: review the diff.
 */
const FOLDER = path.resolve(__dirname, '../../fixtures/hovers');
const MARK = '‸';

function hoversOf(caseFile: string): string {
  const marked = readFileSync(caseFile, 'utf8');
  const offsets: number[] = [];
  let text = '';
  for (const part of marked.split(MARK)) {
    if (text !== '' || offsets.length > 0 || part !== marked) offsets.push(text.length + part.length);
    text += part;
  }
  offsets.pop(); // the end of the last part is not a mark
  const workspace = new ManifestWorkspace();
  const uri = `file:///${path.basename(caseFile)}`;
  const file = workspace.setFile(uri, text);
  const companion = caseFile.replace(/\.yaml$/, '.workspace.yaml');
  try {
    workspace.setFile(`file:///${path.basename(companion)}`, readFileSync(companion, 'utf8'));
  } catch {
    // no workloads for this case
  }
  const facts = new WorkspaceAnalysis(workspace).facts(DEFAULT_SETTINGS);
  const lines = new LineIndex(text);
  return offsets
    .map((offset) => {
      const at = lines.positionAt(offset);
      const hover = getHover(file, offset, { settings: DEFAULT_SETTINGS, facts });
      const word = hover ? JSON.stringify(text.slice(hover.start, hover.end).split('\n')[0]) : '';
      return `## ${at.line + 1}:${at.character + 1} ${word}\n\n${hover ? hover.markdown : '(no hover)'}\n`;
    })
    .join('\n');
}

describe('golden: hovers', () => {
  const cases = readdirSync(FOLDER).filter((name) => name.endsWith('.yaml') && !name.endsWith('.workspace.yaml'));
  it('has cases', () => assert.ok(cases.length > 0));
  for (const name of cases) {
    it(name, () => {
      const actual = hoversOf(path.join(FOLDER, name));
      const expectedFile = path.join(FOLDER, name.replace(/\.yaml$/, '.expected.md'));
      if (UPDATE_GOLDEN) writeFileSync(expectedFile, actual);
      assert.equal(actual, readFileSync(expectedFile, 'utf8'));
    });
  }
});
