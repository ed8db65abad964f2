import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  byteLength,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDnsSubdomain,
} from '../../../server/src/service/validation/k8sNames';

describe('k8sNames', () => {
  it('IsDNS1123Subdomain: upstream message, regex and examples byte for byte', () => {
    assert.deepEqual(isDns1123Subdomain('allow-web.v2'), []);
    assert.deepEqual(isDns1123Subdomain('Allow_Web'), [
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    assert.deepEqual(isDns1123Subdomain('a'.repeat(253)), []);
    assert.equal(isDns1123Subdomain('a'.repeat(254))[0], 'must be no more than 253 characters');
  });

  it('IsDNS1123Label: no dots, at most 63, two examples joined the way RegexError does', () => {
    assert.deepEqual(isDns1123Label('shop'), []);
    assert.deepEqual(isDns1123Label('shop.prod'), [
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    assert.deepEqual(isDns1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  });

  it('generateName: a trailing dash is masked as upstream does (the last two characters become "a")', () => {
    assert.deepEqual(nameIsDnsSubdomain('allow-', true), []);
    assert.equal(nameIsDnsSubdomain('allow-', false).length, 1);
    // maskTrailingDash("ab.-") = "ab" + "a": upstream accepts it as a prefix although "ab.-xxxxx" is not a name.
    assert.deepEqual(nameIsDnsSubdomain('ab.-', true), []);
  });

  it('IsQualifiedName: prefix and name parts, each with its own messages', () => {
    assert.deepEqual(isQualifiedName('app.kubernetes.io/name'), []);
    assert.deepEqual(isQualifiedName('MyName'), []);
    assert.deepEqual(
      isQualifiedName('/name').map((message) => message.slice(0, 24)),
      ['prefix part must be non-'],
    );
    assert.deepEqual(isQualifiedName('example.com/'), [
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    assert.equal(isQualifiedName('Example.com/x')[0].startsWith('prefix part a lowercase RFC 1123 subdomain'), true);
    assert.equal(isQualifiedName('a/b/c')[0].startsWith('a qualified name must consist of'), true);
    assert.deepEqual(isQualifiedName('x'.repeat(64)).slice(0, 1), ['name part must be no more than 63 characters']);
  });

  it('IsValidLabelValue: empty is valid; 63 bytes at most', () => {
    assert.deepEqual(isValidLabelValue(''), []);
    assert.deepEqual(isValidLabelValue('v1.2_beta-3'), []);
    assert.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
    assert.equal(isValidLabelValue('-x').length, 1);
    assert.equal(isValidLabelValue('héllo').length, 1);
  });

  it('IsValidPortNum and IsValidPortName', () => {
    assert.deepEqual(isValidPortNum(1), []);
    assert.deepEqual(isValidPortNum(65535), []);
    assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(isValidPortNum(65536), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(isValidPortName('http-metrics'), []);
    assert.deepEqual(isValidPortName('80'), ['must contain at least one letter or number (a-z, 0-9)']);
    assert.deepEqual(isValidPortName('HTTP'), [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter or number (a-z, 0-9)',
    ]);
    assert.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
    assert.deepEqual(isValidPortName('-web'), ['must not begin or end with a hyphen']);
    assert.deepEqual(isValidPortName('a234567890123456'), ['must be no more than 15 characters']);
  });
});

describe('byteLength (UTF-8, without Buffer)', () => {
  it('counts as Buffer.byteLength does, lone surrogates included', () => {
    for (const text of ['', 'a', 'é', '€', '😀', '\ud800', '\udc00x', 'a\ud83d', 'x\ud83d\ude00y'])
      assert.equal(byteLength(text), Buffer.byteLength(text, 'utf8'), JSON.stringify(text));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => byteLength(text) === Buffer.byteLength(text, 'utf8')));
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
        (text) => byteLength(text) === Buffer.byteLength(text, 'utf8'),
      ),
    );
  });
});
