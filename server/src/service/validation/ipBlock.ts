import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import type { RuleCode } from '../ruleCatalog';
import { isAtLeast } from '../settings';
import { canonicalString, explainInvalidCidr, hasHostBits, networkString, parseCidr, relateExcept, singleAddressString, type ParsedCidr } from './cidr';
import { goList, goString, goStruct } from './goValues';
import { quote, withFix } from './messages';
import type { ValidationOptions } from './validationOptions';

/**
 * `ValidateIPBlock` (pkg/apis/networking/validation) and the CIDR warnings of the NetworkPolicy strategy:
 * - `cidr` is required; an empty one stops the checks of this ipBlock.
 * - `cidr` and each `except` pass `IsValidCIDRForLegacyField`; a `cidr` that does not parse skips the `except`
 *   checks, an `except` that does not parse skips its subset check.
 * - each `except` is a strict subset of `cidr`.
 * - with StrictIPCIDRValidation (Kubernetes 1.36 on here), leading zeros, IPv4-mapped IPv6 and bits beyond the
 *   prefix are errors; before, the API server accepts them with `GetWarningsForCIDR`'s warnings. A non-canonical
 *   IPv6 CIDR is only ever a warning.
 */
export function validateIPBlock(value: unknown, path: FieldPath, options: ValidationOptions): Issue[] {
  const issues: Issue[] = [];
  const ipBlock = goStruct(value);
  if (!ipBlock) return issues;
  const cidrText = goString(ipBlock.cidr);
  if (cidrText === undefined) return issues;
  const cidrPath = [...path, 'cidr'];
  if (cidrText === '') {
    issues.push({
      code: 'ipblock.cidr-required',
      message:
        'Required value: `cidr` must be set to the range of addresses this peer allows, e.g. `cidr: 10.0.0.0/8` (or `0.0.0.0/0` for every IPv4 address).',
      path: cidrPath,
      at: ipBlock.cidr === undefined ? path : cidrPath,
      onKey: true,
    });
    return issues;
  }
  const strict = isStrictIPCIDRValidation(options);
  const cidr = checkCidrValue(cidrText, cidrPath, 'ipblock.cidr-invalid', strict, issues);
  if (!cidr) return issues;

  const excepts = goList(ipBlock.except) ?? [];
  excepts.forEach((item, index) => {
    const exceptText = goString(item);
    if (exceptText === undefined) return;
    const exceptPath = [...path, 'except', index];
    const except = checkCidrValue(exceptText, exceptPath, 'ipblock.except-invalid', strict, issues);
    if (!except) return;
    const relation = relateExcept(cidr, except);
    if (relation !== 'strict-subset') {
      issues.push({ code: 'ipblock.except-not-in-cidr', message: exceptMessage(cidr, except, relation), path: exceptPath });
    }
  });
  return issues;
}

/** StrictIPCIDRValidation is on from Kubernetes 1.36 (the version this project mirrors it from). */
export function isStrictIPCIDRValidation(options: ValidationOptions): boolean {
  return isAtLeast(options.kubernetesVersion, 1, 36);
}

/**
 * `IsValidCIDRForLegacyField` (k8s.io/apimachinery/pkg/api/validation/ip.go) and, without strict validation,
 * `GetWarningsForCIDR`. Pushes the issues and returns the parsed value (undefined when it does not parse).
 */
function checkCidrValue(text: string, path: FieldPath, invalidCode: RuleCode, strict: boolean, issues: Issue[]): ParsedCidr | undefined {
  const cidr = parseCidr(text);
  if (!cidr) {
    issues.push({
      code: invalidCode,
      message: withFix(`Invalid value ${quote(text)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`, capitalize(explainInvalidCidr(text))),
      path,
    });
    return undefined;
  }
  if (strict) {
    // Upstream checks these in this order and reports only the first.
    if (cidr.hasLeadingZeros) {
      issues.push({
        code: 'ipblock.cidr-non-standard',
        message: withFix(
          `Invalid value ${quote(text)}: must not have leading 0s in IP or prefix length (some software reads them as octal)`,
          standardFix(cidr),
        ),
        path,
      });
    } else if (cidr.isIPv4Mapped) {
      issues.push({
        code: 'ipblock.cidr-non-standard',
        message: withFix(`Invalid value ${quote(text)}: must not have an IPv4-mapped IPv6 address`, standardFix(cidr)),
        path,
      });
    } else if (hasHostBits(cidr)) {
      issues.push({
        code: 'ipblock.cidr-host-bits',
        message: withFix(`Invalid value ${quote(text)}: must not have bits set beyond the prefix length`, hostBitsFix(cidr)),
        path,
      });
    } else if (cidr.family === 6 && canonicalString(cidr) !== text) {
      issues.push(notCanonical(text, cidr, path));
    }
    return cidr;
  }
  // GetWarningsForCIDR: both of the first two can apply; the third only alone.
  let warned = false;
  if (hasHostBits(cidr)) {
    warned = true;
    issues.push({
      code: 'ipblock.cidr-host-bits',
      severity: 'warning',
      message: `CIDR value ${quote(text)} is ambiguous in this context (should be ${quote(networkString(cidr))} or ${quote(singleAddressString(cidr))}?): write the network or the single address that is meant. Kubernetes 1.36 and later reject it.`,
      path,
    });
  }
  if (cidr.hasLeadingZeros || cidr.isIPv4Mapped) {
    warned = true;
    issues.push({
      code: 'ipblock.cidr-non-standard',
      severity: 'warning',
      message: withFix(
        `non-standard CIDR value ${quote(text)} will be considered invalid in a future Kubernetes release`,
        `${standardFix(cidr)} (Kubernetes 1.36 and later reject it)`,
      ),
      path,
    });
  }
  if (!warned && cidr.family === 6 && canonicalString(cidr) !== text) issues.push(notCanonical(text, cidr, path));
  return cidr;
}

function notCanonical(text: string, cidr: ParsedCidr, path: FieldPath): Issue {
  const canonical = canonicalString(cidr);
  return {
    code: 'ipblock.cidr-ipv6-not-canonical',
    message: `IPv6 CIDR value ${quote(text)} should be in RFC 5952 canonical format (${quote(canonical)}). Write ${quote(canonical)}: the same network, in the form other tools compare and print.`,
    path,
  };
}

function hostBitsFix(cidr: ParsedCidr): string {
  return `Write the network ${quote(networkString(cidr))}, or ${quote(singleAddressString(cidr))} for the single address`;
}

function standardFix(cidr: ParsedCidr): string {
  if (cidr.isIPv4Mapped && cidr.prefixLength < 96) return 'It has no IPv4 equivalent with this prefix length: write the IPv4 CIDR that is meant';
  if (hasHostBits(cidr)) return `Use ${quote(networkString(cidr))} for the network, or ${quote(singleAddressString(cidr))} for the single address`;
  return `Use ${quote(networkString(cidr))}`;
}

function exceptMessage(cidr: ParsedCidr, except: ParsedCidr, relation: string): string {
  const problem = `Invalid value ${quote(except.text)}: must be a strict subset of \`cidr\` (${quote(cidr.text)})`;
  switch (relation) {
    case 'equal':
      return withFix(problem, 'It is the whole `cidr`, which would except every address: remove this `except` entry, or this peer');
    case 'larger':
      return withFix(
        problem,
        `It is larger than \`cidr\`: an \`except\` range must lie inside ${quote(networkString(cidr))} and have a longer prefix than /${cidr.prefixLength}`,
      );
    case 'other-family':
      return withFix(
        problem,
        `It is ${except.family === 4 || except.isIPv4Mapped ? 'an IPv4' : 'an IPv6'} range in ${cidr.family === 4 || cidr.isIPv4Mapped ? 'an IPv4' : 'an IPv6'} \`cidr\`: put it under an ipBlock of its own family`,
      );
    case 'mixed-notation':
      return withFix(
        problem,
        `The API server compares the prefix lengths as written (/${cidr.prefixLength} and /${except.prefixLength}): write both as plain IPv4 CIDRs`,
      );
    default:
      return withFix(problem, `It lies outside ${quote(networkString(cidr))}: an \`except\` range must be inside \`cidr\``);
  }
}

function capitalize(text: string | undefined): string | undefined {
  return text ? text[0].toUpperCase() + text.slice(1) : undefined;
}
