/** server/schema/netpol-flows.schema.json agrees with the service's reading on the fixtures and the example. */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/flows');

describe('netpol-flows.schema.json', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'server/schema/netpol-flows.schema.json'), 'utf8')));
  const files = [
    join(ROOT, 'examples/netpol-flows.yaml'),
    ...readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.netpol-flows.yaml'))
      .map((name) => join(FIXTURES, name)),
  ];
  for (const file of files) {
    const malformed = file.endsWith('malformed.netpol-flows.yaml');
    it(`${malformed ? 'rejects' : 'accepts'} ${file.slice(ROOT.length + 1)}`, () => {
      const valid = validate(parse(readFileSync(file, 'utf8')));
      assert.equal(valid, !malformed, JSON.stringify(validate.errors?.slice(0, 3)));
    });
  }
});

describe('the flows schema in the extension', () => {
  it('package.json gives it to Red Hat YAML for the flows file names, and .vscodeignore ships it', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { yamlValidation?: { fileMatch: string[]; url: string }[] };
    };
    const entry = manifest.contributes.yamlValidation?.find((candidate) => candidate.url.endsWith('netpol-flows.schema.json'));
    assert.ok(entry, 'contributes.yamlValidation names the schema');
    assert.ok(existsSync(join(ROOT, entry.url)));
    assert.deepEqual([...entry.fileMatch].sort(), ['*.netpol-flows.yaml', '*.netpol-flows.yml', 'netpol-flows.yaml', 'netpol-flows.yml']);
    assert.match(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), /^!server\/schema\/netpol-flows\.schema\.json$/m);
  });
});
