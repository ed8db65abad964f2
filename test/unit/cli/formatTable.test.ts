import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CHECK_HELP } from '../../../server/src/cli/check';
import { CHECK_FORMATS } from '../../../server/src/cli/checkFormats';
import { UsageError } from '../../../server/src/cli/cliIo';
import { formatOptionHelp, oneOf, readFormat } from '../../../server/src/cli/formatTable';
import { REACH_HELP } from '../../../server/src/cli/reach';
import { REACH_FORMATS } from '../../../server/src/cli/reachFormats';

describe('output formats as tables', () => {
  it('derives --format help and validation from the table alone', () => {
    const table = { plain: { help: ['one line'] }, fancy: { help: ['first line', 'second line'] } };
    assert.equal(
      formatOptionHelp(table, 'plain', 20),
      [
        '  --format plain|fancy',
        '                    output format (default: plain)',
        '                      plain: one line',
        '                      fancy: first line',
        '                             second line',
      ].join('\n'),
    );
    assert.equal(readFormat(table, 'fancy'), table.fancy);
    assert.throws(
      () => readFormat(table, 'xml'),
      (error: Error) => error instanceof UsageError && error.message === '--format must be plain or fancy, not "xml"',
    );
    // Own keys only: Object.prototype's members are not formats.
    assert.throws(() => readFormat(table, 'constructor'), UsageError);
    assert.equal(oneOf(['a', 'b', 'c']), 'a, b or c');
  });

  it("check's and reach's --help list every format of their tables", () => {
    for (const [help, table] of [
      [CHECK_HELP, CHECK_FORMATS],
      [REACH_HELP, REACH_FORMATS],
    ] as const) {
      assert.ok(help.includes(`--format ${Object.keys(table).join('|')}`), help);
      for (const [name, format] of Object.entries(table)) assert.ok(help.includes(`${name}:`) && help.includes(format.help[0]), name);
    }
  });
});
