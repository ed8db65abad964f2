import { strict as assert } from 'node:assert';
import { naiveAllowed } from '../../../bench/reachabilityNaive';
import type { ClusterModel } from '../../../server/src/service/cluster/clusterModel';
import { explainConnection } from '../../../server/src/service/reachability/explain';
import { hasPort, type Protocol } from '../../../server/src/service/reachability/portSet';
import { ReachabilityEngine } from '../../../server/src/service/reachability/reachabilityEngine';
import { allowedPorts, endpointIndex, isAllowed, type ReachabilityResult } from '../../../server/src/service/reachability/result';

/** A probe: protocol and port number or name, written `TCP/80` or `TCP/serve-80-tcp`. */
export interface Probe {
  readonly protocol: Protocol;
  readonly port: number | string;
}

export function parseProbe(text: string): Probe {
  const [protocol, port] = text.split('/');
  return { protocol: protocol as Protocol, port: /^\d+$/.test(port) ? Number(port) : port };
}

export function probeText(probe: Probe): string {
  return `${probe.protocol}/${probe.port}`;
}

/**
 * A cyclonus-style truth table: rows are sources, columns destinations, `.` allowed and `X` denied. Computed by
 * the engine (one-port matrix), and checked on the way against the engine's all-ports picture, explainConnection
 * and the naive evaluator, so that a table in a golden file is what all four implementations say.
 */
export function truthTable(model: ClusterModel, keys: readonly string[], probe: Probe, engine = new ReachabilityEngine()): string {
  const byPort = engine.compute(model, { port: probe.port, protocol: probe.protocol });
  const picture = engine.compute(model, {});
  const width = Math.max(...keys.map((key) => key.length)) + 1;
  const lines = [
    ' '.repeat(width) +
      keys
        .map((key) => key.padEnd(width))
        .join('')
        .trimEnd(),
  ];
  for (const from of keys) {
    const cells: string[] = [];
    for (const to of keys) {
      const allowed = verdict(byPort, from, to);
      const explained = explainConnection(model, from, to, { port: probe.port, protocol: probe.protocol });
      assert.ok(explained, `${from} and ${to} are endpoints`);
      assert.equal(explained.allowed, allowed, `explainConnection agrees on ${from} -> ${to} ${probeText(probe)}`);
      const fi = endpointIndex(picture, from);
      const ti = endpointIndex(picture, to);
      const ports = allowedPorts(picture, fi, ti);
      if (typeof probe.port === 'number') {
        assert.equal(hasPort(ports, probe.protocol, probe.port), allowed, `all-ports picture agrees on ${from} -> ${to} ${probeText(probe)}`);
        const fromEndpoint = model.endpoints.find((e) => e.key === from)!;
        const toEndpoint = model.endpoints.find((e) => e.key === to)!;
        assert.equal(
          naiveAllowed(model, fromEndpoint, toEndpoint, probe.protocol, probe.port),
          allowed,
          `naive evaluator agrees on ${from} -> ${to} ${probeText(probe)}`,
        );
      }
      cells.push((allowed ? '.' : 'X').padEnd(width));
    }
    lines.push(from.padEnd(width) + cells.join('').trimEnd());
  }
  return lines.join('\n');
}

function verdict(result: ReachabilityResult, from: string, to: string): boolean {
  const fi = endpointIndex(result, from);
  const ti = endpointIndex(result, to);
  assert.ok(fi >= 0 && ti >= 0, `unknown endpoint ${fi < 0 ? from : to}`);
  return isAllowed(result, fi, ti);
}
