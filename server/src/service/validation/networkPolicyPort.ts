import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { goStruct, isInt32, isSet } from './goValues';
import { isValidPortName, isValidPortNum } from './k8sNames';
import { closest, invalidValue, quote } from './messages';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/**
 * `ValidateNetworkPolicyPort` (pkg/apis/networking/validation): the protocol exactly `TCP`, `UDP` or `SCTP`; a
 * numeric port from 1 to 65535, or a port name (`IsValidPortName`); `endPort` only after a numeric `port`, at
 * least `port` and at most 65535.
 */
export function validateNetworkPolicyPort(value: unknown, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  const port = goStruct(value);
  if (!port) return issues;

  const protocol = port.protocol;
  if (typeof protocol === 'string' && !(PROTOCOLS as readonly string[]).includes(protocol)) {
    const suggestion = closest(protocol, PROTOCOLS);
    issues.push({
      code: 'ports.protocol-unsupported',
      message: `Unsupported value ${quote(protocol)}: supported values: "TCP", "UDP", "SCTP"${suggestion ? `. Did you mean ${quote(suggestion)}? Protocols are case-sensitive` : /^icmp/i.test(protocol) ? '. NetworkPolicy cannot select ICMP: a rule without `ports` allows every protocol, ICMP included' : ''}.`,
      path: [...path, 'protocol'],
    });
  }

  const number = port.port;
  const endPort = port.endPort;
  // An endPort of the wrong type (`"90"`) fails decoding: the structural check reports it.
  const hasEndPort = isInt32(endPort);
  if (!isSet(number)) {
    if (hasEndPort) {
      issues.push({
        code: 'ports.endport-without-port',
        message: `Invalid value ${endPort}: may not be specified when \`port\` is not specified. Add \`port\` with the first port of the range, or remove \`endPort\`.`,
        path: [...path, 'endPort'],
      });
    }
  } else if (isInt32(number)) {
    for (const reason of isValidPortNum(number)) {
      issues.push({ code: 'ports.port-out-of-range', message: invalidValue(number, [reason], portNumberFix(number)), path: [...path, 'port'] });
    }
    if (hasEndPort) {
      if (endPort < number) {
        issues.push({
          code: 'ports.endport-below-port',
          message: `Invalid value ${endPort}: must be greater than or equal to \`port\` (${number}). ${endPort >= 1 ? `Swap them (\`port: ${endPort}\`, \`endPort: ${number}\`), or set` : 'Set'} \`endPort\` to the last port of the range.`,
          path: [...path, 'endPort'],
        });
      }
      for (const reason of isValidPortNum(endPort)) {
        issues.push({
          code: 'ports.endport-out-of-range',
          message: invalidValue(endPort, [reason], 'The last port of the range is at most 65535'),
          path: [...path, 'endPort'],
        });
      }
    }
  } else if (typeof number === 'string') {
    if (hasEndPort) {
      issues.push({
        code: 'ports.endport-with-named-port',
        message: `Invalid value ${endPort}: may not be specified when \`port\` is non-numeric (${quote(number)} is a port name). A range needs a numeric \`port\`${/^\d+$/.test(number) ? `: write ${number} without quotes` : ''}.`,
        path: [...path, 'endPort'],
      });
    }
    const reasons = isValidPortName(number);
    if (reasons.length > 0) {
      issues.push({ code: 'ports.port-name-invalid', message: portNameMessage(number, reasons), path: [...path, 'port'] });
    }
  }
  return issues;
}

function portNumberFix(port: number): string {
  return port === 0 ? 'To match every port, leave `port` out' : 'A port number is 1 to 65535';
}

/**
 * An invalid port name. A quoted number is the usual one, and upstream's "must contain at least one letter or
 * number" reads as nonsense for "8080": the message says first that the quotes make it a name, then quotes
 * upstream.
 */
function portNameMessage(name: string, reasons: readonly string[]): string {
  if (!/^\s*\d+\s*$/.test(name)) return invalidValue(name, reasons, portNameFix(name));
  const digits = name.trim().replace(/^0+(?=\d)/, '');
  const number = Number(digits);
  const problem =
    number >= 1 && number <= 65535
      ? `In quotes, ${quote(name)} is read as a port name, not as the port number ${digits}: write \`port: ${digits}\` without quotes`
      : `In quotes, ${quote(name)} is read as a port name; a port number is 1 to 65535, without quotes`;
  return `${problem}. The API server says: ${invalidValue(name, reasons)}.`;
}

/** What is probably meant by an invalid port name (other than a quoted number). */
function portNameFix(name: string): string {
  const lower = name.toLowerCase();
  if (lower !== name && isValidPortName(lower).length === 0) return `Port names are lower case: ${quote(lower)}`;
  const cleaned = lower
    .replace(/[^-a-z0-9]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 15)
    .replace(/-+$/, '');
  if (cleaned !== name && cleaned !== '' && isValidPortName(cleaned).length === 0)
    return `Use e.g. ${quote(cleaned)} (and the same name on the container port)`;
  return "A port name is the `name` of a container port: 1 to 15 lower-case letters, digits and '-', with at least one letter, no '--' and no '-' at either end";
}
