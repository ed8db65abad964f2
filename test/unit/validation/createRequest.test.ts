import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../../server/src/service/diagnostics/fileFindings';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { goRfc3339Error } from '../../../server/src/service/validation/goTime';
import { validateObjectMeta } from '../../../server/src/service/validation/objectMeta';
import { checkStructure } from '../../../server/src/service/validation/structure';
import { optionsFor, summarize } from './helpers';

const policy = (metadata: string, spec = '{podSelector: {}}'): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${metadata}\nspec: ${spec}\n`;

function findings(text: string, kubernetesVersion = DEFAULT_SETTINGS.kubernetesVersion): string[] {
  const file = parseFile('file:///p.yaml', text);
  return getFileFindings(file, { ...DEFAULT_SETTINGS, kubernetesVersion }).map((f) => `${f.code} ${f.path ?? ''} ${text.slice(f.start, f.end)}`.trim());
}

describe('validation as the API server runs it on a create request', () => {
  it('accepts metadata.generation -1: the registry sets generation to 1 before validating', () => {
    assert.deepEqual(findings(policy('  name: web\n  generation: -1')), []);
  });

  it('reports an unparseable creationTimestamp as the decode error it is (RFC 3339)', () => {
    const text = policy('  name: web\n  creationTimestamp: x');
    assert.deepEqual(findings(text), ['structure.wrong-type metadata.creationTimestamp x']);
    const [issue] = checkStructure({ metadata: { name: 'web', creationTimestamp: 'x' } });
    assert.match(
      issue.message,
      /^NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"\. /,
    );
    // What kubectl get -o yaml writes, a YAML timestamp, and null are fine.
    assert.deepEqual(findings(policy('  name: web\n  creationTimestamp: "2024-05-01T12:00:00Z"')), []);
    assert.deepEqual(findings(policy('  name: web\n  creationTimestamp: 2024-05-01T12:00:00Z')), []);
    assert.deepEqual(findings(policy('  name: web\n  creationTimestamp: null')), []);
  });

  it('parses times as Go does', () => {
    assert.equal(goRfc3339Error('2024-05-01T12:00:00.5+02:00'), undefined);
    assert.equal(goRfc3339Error('2024-13-01T00:00:00Z'), 'parsing time "2024-13-01T00:00:00Z": month out of range');
    assert.equal(goRfc3339Error('2023-02-29T00:00:00Z'), 'parsing time "2023-02-29T00:00:00Z": day out of range');
    assert.equal(
      goRfc3339Error('2024-05-01 12:00:00Z'),
      'parsing time "2024-05-01 12:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 12:00:00Z" as "T"',
    );
    assert.equal(goRfc3339Error('2024-05-01T12:00:00Zx'), 'parsing time "2024-05-01T12:00:00Zx": extra text: "x"');
  });

  it('validates the name generated from an invalid generateName too, at metadata.name', () => {
    const issues = validateObjectMeta({ generateName: 'Allow_' });
    assert.deepEqual(summarize(issues), ['metadata.generate-name-invalid metadata.generateName', 'metadata.name-invalid metadata.name']);
    assert.deepEqual(issues[1].at, ['metadata', 'generateName']);
    assert.match(issues[1].message, /^Invalid value "Allow_x7k2q": a lowercase RFC 1123 subdomain/);
    // A valid prefix generates a valid name; a written name is validated on its own.
    assert.deepEqual(validateObjectMeta({ generateName: 'allow-' }), []);
    assert.deepEqual(summarize(validateObjectMeta({ generateName: 'Allow_', name: 'web' })), ['metadata.generate-name-invalid metadata.generateName']);
    // Cut to 58 characters before the random 5: 60 valid characters still make a valid name.
    assert.deepEqual(validateObjectMeta({ generateName: 'a'.repeat(60) }), []);
  });

  it('an ownerReference without uid: Required at the entry from 1.37, Invalid without the index before', () => {
    const metadata = { name: 'x', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] };
    const v137 = validateObjectMeta(metadata, optionsFor('1.37'));
    assert.deepEqual(summarize(v137), ['metadata.owner-reference-invalid metadata.ownerReferences[0].uid']);
    assert.match(v137[0].message, /^Required value\. /);
    const v136 = validateObjectMeta(metadata, optionsFor('1.36'));
    assert.deepEqual(summarize(v136), ['metadata.owner-reference-invalid metadata.ownerReferences.uid']);
    assert.match(v136[0].message, /^Invalid value "": uid must not be empty\. /);
    const text = policy('  name: x\n  ownerReferences:\n    - {apiVersion: apps/v1, kind: Deployment, name: web}');
    assert.deepEqual(findings(text, '1.37'), [
      'metadata.owner-reference-invalid metadata.ownerReferences[0].uid {apiVersion: apps/v1, kind: Deployment, name: web}',
    ]);
    assert.deepEqual(findings(text, '1.36'), [
      'metadata.owner-reference-invalid metadata.ownerReferences.uid {apiVersion: apps/v1, kind: Deployment, name: web}',
    ]);
  });

  it('a document with a duplicate key is still checked: a type error beside it is reported too', () => {
    const text = policy('  name: a\n  name: b', '\n  podSelector: {}\n  ingress:\n    - ports:\n        - {port: 80, endPort: "90"}');
    assert.deepEqual(findings(text), ['yaml.duplicate-key  n', 'structure.wrong-type spec.ingress[0].ports[0].endPort "90"']);
  });
});
