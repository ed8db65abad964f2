import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Minimatch } from 'minimatch';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Step {
  readonly id: string;
  readonly description: string;
  readonly media: { readonly image?: { readonly light: string; readonly dark: string }; readonly altText?: string };
  readonly completionEvents?: readonly string[];
}
interface Manifest {
  readonly [key: string]: unknown;
  readonly contributes: { readonly commands: readonly { command: string }[]; readonly walkthroughs: readonly { id: string; steps: readonly Step[] }[] };
}

/** VS Code's own commands the walkthrough links to (each checked by hand against VS Code 1.91). */
const BUILT_IN = new Set([
  'workbench.action.quickOpen',
  'workbench.actions.view.problems',
  'editor.action.quickFix',
  'editor.action.insertSnippet',
  'workbench.action.openSettings',
]);

const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
const steps = manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps);

/** The command ids of a step's `command:` links: `[Title](command:id)` or `command:id?<encoded JSON args>`. */
function commandLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(command:([\w.-]+)(?:\?[^)]*)?\)/g)].map((match) => match[1]);
}

describe('the walkthrough (package.json contributes.walkthroughs)', () => {
  it('has the first-use steps: examples, a quick fix, a snippet, reachability, a Why, flows, a cluster snapshot', () => {
    assert.deepEqual(
      steps.map((step) => step.id),
      ['openExamples', 'fixMistake', 'insertSnippet', 'showReachability', 'readWhy', 'flows', 'clusterSnapshot'],
    );
  });

  for (const step of steps) {
    it(`${step.id}: has an action, and each command link names a contributed or built-in command`, () => {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `${step.id} has no command link`);
      for (const id of links) assert.ok(contributed.has(id) || BUILT_IN.has(id), `${step.id} links to ${id}, which nothing contributes`);
      for (const event of step.completionEvents ?? []) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) assert.ok(contributed.has(command) || BUILT_IN.has(command), `${step.id} completes on ${command}, which nothing contributes`);
      }
      // Arguments are URL-encoded JSON arrays.
      for (const match of step.description.matchAll(/\(command:[\w.-]+\?([^)]*)\)/g)) assert.ok(Array.isArray(JSON.parse(decodeURIComponent(match[1]))));
    });

    it(`${step.id}: a light and a dark image, both shipped, with alt text`, () => {
      const image = step.media.image;
      assert.ok(image, `${step.id} has no image`);
      assert.ok(step.media.altText && step.media.altText.length > 10);
      assert.notEqual(image.light, image.dark);
      for (const file of [image.light, image.dark]) {
        assert.ok(existsSync(path.join(REPO, file)), `${file} is missing`);
        assert.ok(isShipped(file), `.vscodeignore leaves ${file} out of the .vsix`);
        const svg = readFileSync(path.join(REPO, file), 'utf8');
        assert.ok(svg.length < 20_000 && !/<script|href="http/i.test(svg), `${file}: small, no scripts, nothing remote`);
      }
    });
  }

  it('the examples that "Open the Examples" copies are shipped', () => {
    for (const file of ['examples/mistakes/quoted-port-and-lowercase-protocol.yaml', 'examples/policies/shop-default-deny.yaml']) {
      assert.ok(existsSync(path.join(REPO, file)), file);
      assert.ok(isShipped(file), `.vscodeignore leaves ${file} out`);
    }
  });
});

describe('Marketplace and Open VSX metadata', () => {
  it('names, versions, licenses and links the extension', () => {
    for (const key of [
      'name',
      'displayName',
      'description',
      'publisher',
      'version',
      'license',
      'icon',
      'repository',
      'bugs',
      'homepage',
      'galleryBanner',
      'categories',
      'keywords',
    ]) {
      assert.ok(manifest[key] !== undefined && manifest[key] !== '', `package.json lacks ${key}`);
    }
    assert.match(String((manifest.engines as { vscode?: string }).vscode), /^\^\d+\.\d+\.\d+$/);
    assert.ok((manifest.keywords as string[]).length <= 30, 'the Marketplace takes at most 30 keywords');
    assert.ok(existsSync(path.join(REPO, String(manifest.icon))) && String(manifest.icon).endsWith('.png'), 'the icon is a PNG (SVG icons are refused)');
    assert.ok(isShipped(String(manifest.icon)));
  });

  it('the CHANGELOG has an entry for this version, and ships', () => {
    assert.match(readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${String(manifest.version).replace(/\./g, '\\.')}\\b`, 'm'));
    assert.ok(isShipped('CHANGELOG.md') && isShipped('LICENSE'));
  });

  it('the .vsix leaves out sources, tests, source maps and dependencies', () => {
    for (const file of [
      'dist/client.js.map',
      'dist/server.js.map',
      'server/src/server.ts',
      'test/fixtures/a.yaml',
      'node_modules/yaml/package.json',
      'bench/run.ts',
      'scripts/demo.mjs',
      'examples/cluster/.vscode/settings.json',
    ]) {
      assert.ok(!isShipped(file), `${file} would ship`);
    }
    for (const file of ['dist/client.js', 'dist/languageClient.js', 'dist/server.js', 'package.json']) assert.ok(isShipped(file), `${file} would not ship`);
  });

  it('the Marketplace README (docs/extension-readme.md) has no relative image links, which break outside the repository', () => {
    const readme = readFileSync(path.join(REPO, 'docs', 'extension-readme.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...readme.matchAll(/<img[^>]+src="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(
      images.filter((src) => !/^https:\/\//.test(src)),
      [],
    );
  });
});

/** Whether vsce would pack `file`: the last .vscodeignore pattern that matches it decides (`!` lets it back in). */
function isShipped(file: string): boolean {
  const lines = readFileSync(path.join(REPO, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  let shipped = true;
  for (const line of lines) {
    const negated = line.startsWith('!');
    if (new Minimatch(negated ? line.slice(1) : line, { dot: true }).match(file)) shipped = negated;
  }
  return shipped;
}
