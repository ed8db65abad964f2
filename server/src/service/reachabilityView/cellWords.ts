import { formatPortSet, hasPort, isAllPorts, isEmptyPortSet, type PortSet } from '../reachability/portSet';
import { CellVerdicts, Level } from './cellVerdicts';
import { isExternalPair } from './externalPairs';
import { ANY_TRAFFIC, type ReachabilityView } from './viewModel';

/** The traffic a view answers, in words: `all ports`, `TCP port 80`, `TCP port "http"`. */
export function describeTraffic(view: ReachabilityView): string {
  if (!view.onePort) return 'all ports';
  const { port, protocol } = view.onePort;
  return `${protocol} port ${typeof port === 'string' ? JSON.stringify(port) : port}`;
}

/**
 * A cell's verdict on the traffic the view answers. `all`: every port (or the one port) allowed; `some`: some
 * ports; `none`: nothing; `self`: a pod to itself (always allowed); `outside`: two external address ranges,
 * traffic outside the cluster that no policy governs.
 */
export type CellLevelName = 'all' | 'some' | 'none' | 'self' | 'outside';

export interface CellWord {
  /** `TCP 80,443; UDP 53`, `all ports`, `no ports`; for one port `allowed`, `denied`. */
  readonly text: string;
  readonly level: CellLevelName;
}

const OUTSIDE: CellWord = { text: 'outside the cluster', level: 'outside' };
const ALLOWED: CellWord = { text: 'allowed', level: 'all' };
const DENIED: CellWord = { text: 'denied', level: 'none' };

/**
 * Every (source, destination) cell of a view in words, on the traffic it answers (its one port, or every port):
 * verdicts per class pair (through `CellVerdicts`), the words of every port set made once. Cheap per cell; make
 * one per view.
 */
export class CellWords {
  private readonly verdicts: CellVerdicts;
  private readonly self: CellWord;
  private readonly byPorts = new Map<PortSet, CellWord>();

  constructor(readonly view: ReachabilityView) {
    // A port name is resolved here, on each destination, not through a filter (where the name `any` means any port).
    this.verdicts = new CellVerdicts(view, typeof view.onePort?.port === 'number' ? view.onePort : ANY_TRAFFIC);
    this.self = view.onePort ? { text: 'allowed (a pod to itself)', level: 'self' } : { text: 'all ports (a pod to itself)', level: 'self' };
  }

  /** The cell from one endpoint to another (indices into `view.endpoints`). */
  cell(from: number, to: number): CellWord {
    const { endpoints } = this.view;
    if (isExternalPair(endpoints[from], endpoints[to])) return OUTSIDE;
    if (from === to && endpoints[from].kind === 'pod') return this.self;
    const onePort = this.view.onePort;
    if (onePort && typeof onePort.port === 'number') return this.verdicts.level(from, to) === Level.none ? DENIED : ALLOWED;
    if (onePort) {
      // A port name is allowed when the destination has a container port of that name and protocol, and it is open.
      const ports = this.verdicts.allowedPorts(from, to);
      return endpoints[to].ports.some((port) => port.name === onePort.port && port.protocol === onePort.protocol && hasPort(ports, port.protocol, port.port))
        ? ALLOWED
        : DENIED;
    }
    const ports = this.verdicts.allowedPorts(from, to);
    let word = this.byPorts.get(ports);
    if (!word) this.byPorts.set(ports, (word = { text: formatPortSet(ports), level: isAllPorts(ports) ? 'all' : isEmptyPortSet(ports) ? 'none' : 'some' }));
    return word;
  }

  /** Whether a new connection on the view's traffic is allowed (some port of it, for every port); false outside. */
  allowed(from: number, to: number): boolean {
    const { level } = this.cell(from, to);
    return level !== 'none' && level !== 'outside';
  }

  /** Every port allowed from one endpoint to another (all for a pod to itself); only for a view of every port. */
  allowedPorts(from: number, to: number): PortSet {
    if (this.view.onePort) throw new Error('allowedPorts needs a view of every port');
    return this.verdicts.allowedPorts(from, to);
  }
}
