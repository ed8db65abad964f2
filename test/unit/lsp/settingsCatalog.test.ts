import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SERVER_SETTINGS, readServerSettings } from '../../../server/src/lsp/serverSettings';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface SettingSchema {
  readonly default: unknown;
  readonly scope?: string;
}

/** Settings the client handles itself (the language client reads `netpol.trace.server`). */
const CLIENT_ONLY = new Set(['netpol.trace.server']);

/**
 * Adding a setting touches package.json (schema, scope), server/src/lsp/serverSettings.ts (read and default) and the
 * README's settings table: this test fails when one of them is forgotten.
 */
describe('settings: package.json, the server and the README agree', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, SettingSchema> } };
  };
  const settings = Object.entries(manifest.contributes.configuration.properties).filter(([name]) => !CLIENT_ONLY.has(name));
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

  it('declares a scope for each setting', () => {
    for (const [name, schema] of settings) assert.ok(schema.scope === 'resource' || schema.scope === 'window', `${name} has scope ${schema.scope}`);
  });

  for (const [name, schema] of settings) {
    const key = name.slice('netpol.'.length) as keyof typeof DEFAULT_SERVER_SETTINGS;
    it(`${name}: the server reads it, with package.json's default, and the README documents it`, () => {
      assert.ok(key in DEFAULT_SERVER_SETTINGS, `serverSettings.ts has no ${key}`);
      assert.deepEqual(DEFAULT_SERVER_SETTINGS[key], schema.default, `the default of ${name}`);
      assert.deepEqual(readServerSettings({ [key]: schema.default })[key], schema.default);
      assert.ok(readme.includes(`| \`${name}\``), `README's settings table lacks ${name}`);
    });
  }
});
