/** Mangled flows files (characters deleted, duplicated or replaced, at seeded places) never make the service throw. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { createNetpolService, DEFAULT_SETTINGS } from '../../server/src/service';

const FIXTURES = resolve(__dirname, '../fixtures/flows');

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('flows files: mangled input', () => {
  it('getDiagnostics and evaluateFlows return for 400 mangled files', () => {
    const service = createNetpolService();
    service.setFile('file:///w/shop.yaml', readFileSync(join(FIXTURES, 'holds.netpol-flows.workspace.yaml'), 'utf8'));
    const texts = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.netpol-flows.yaml'))
      .map((name) => readFileSync(join(FIXTURES, name), 'utf8'));
    const next = random(15);
    const pieces = [':', '-', ' ', '\n', '{', '}', '[', ']', '"', "'", '*', '&a ', '*a', '? ', '!!int ', '<<: ', '#', 'outside', '0-0', '\t'];
    for (let i = 0; i < 400; i++) {
      let text = texts[i % texts.length];
      for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        const kind = next();
        if (kind < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 8));
        else if (kind < 0.8) text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at);
        else text = text.slice(0, at) + text.slice(at, at + 20) + text.slice(at);
      }
      service.setFile('file:///w/netpol-flows.yaml', text);
      const findings = service.getDiagnostics('file:///w/netpol-flows.yaml', DEFAULT_SETTINGS);
      for (const finding of findings)
        assert.ok(finding.start >= 0 && finding.end <= text.length && finding.start <= finding.end, JSON.stringify({ text, finding }));
      assert.ok(service.evaluateFlows('file:///w/netpol-flows.yaml', DEFAULT_SETTINGS));
    }
  });
});
