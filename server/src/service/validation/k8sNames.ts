/**
 * The name, label and port-name checks of k8s.io/apimachinery/pkg/util/validation (validation.go) and
 * pkg/api/validation (generic.go). Each returns the API server's messages for what is wrong (empty when the
 * value is valid); callers add what would be right.
 *
 * Lengths are counted in bytes, as Go's `len` does.
 */

const QUALIFIED_NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FORMAT}$`);
const QUALIFIED_NAME_MAX_LENGTH = 63;
const QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const LABEL_VALUE_FORMAT = `(${QUALIFIED_NAME_FORMAT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FORMAT}$`);
export const LABEL_VALUE_MAX_LENGTH = 63;
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const DNS1123_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FORMAT}$`);
export const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`);
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/**
 * Length in bytes of the UTF-8 encoding, what Go's `len(string)` counts. Counted by hand rather than with Node's
 * `Buffer`: the service runs without Node's globals. A lone surrogate counts 3 bytes (U+FFFD), as in `Buffer`.
 */
export function byteLength(value: string): number {
  let bytes = 0;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < value.length && (value.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function maxLengthError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `RegexError`, byte for byte: examples are joined as `'a',  or 'b', ` (two spaces) as upstream does. */
function regexError(message: string, format: string, ...examples: string[]): string {
  let out = `${message} (e.g. `;
  examples.forEach((example, index) => {
    if (index > 0) out += ' or ';
    out += `'${example}', `;
  });
  return `${out}regex used for validation is '${format}')`;
}

/** `IsDNS1123Label`: lower-case letters, digits and `-`, starting and ending alphanumeric, at most 63 characters. */
export function isDns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errors.push(maxLengthError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL.test(value)) errors.push(regexError(DNS1123_LABEL_MESSAGE, DNS1123_LABEL_FORMAT, 'my-name', '123-abc'));
  return errors;
}

/** `IsDNS1123Subdomain`: DNS-1123 labels joined by dots, at most 253 characters. */
export function isDns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errors.push(maxLengthError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN.test(value)) errors.push(regexError(DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT, 'example.com'));
  return errors;
}

/**
 * `maskTrailingDash` of generic.go, applied to a `generateName` before it is checked: the API server appends five
 * random characters, so a trailing `-` is fine. Upstream replaces the last *two* characters by `a`; kept as is.
 */
function maskTrailingDash(name: string): string {
  if (!name.endsWith('-')) return name;
  return name.length >= 2 ? `${name.slice(0, -2)}a` : 'a';
}

/** `NameIsDNSSubdomain(name, prefix)`: the rule for NetworkPolicy names (`ValidateNetworkPolicyName`). */
export function nameIsDnsSubdomain(name: string, prefix: boolean): string[] {
  return isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** `NameIsDNSLabel(name, prefix)`: the rule for namespace names (`ValidateNamespaceName`). */
export function nameIsDnsLabel(name: string, prefix: boolean): string[] {
  return isDns1123Label(prefix ? maskTrailingDash(name) : name);
}

/**
 * `IsQualifiedName`: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 alphanumerics,
 * `-`, `_` and `.` that starts and ends alphanumeric. The rule for label keys, annotation keys and finalizers.
 */
export function isQualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...isDns1123Subdomain(prefix).map((message) => `prefix part ${message}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) errors.push(`name part ${maxLengthError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/** `IsValidLabelValue`: empty, or at most 63 alphanumerics, `-`, `_` and `.` starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errors.push(maxLengthError(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE.test(value)) errors.push(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, 'MyValue', 'my_value', '12345'));
  return errors;
}

/** `IsValidPortNum`: 1 to 65535. */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/**
 * `IsValidPortName` (an IANA service name, RFC 6335, lower case only): 1 to 15 characters of `a-z`, `0-9` and
 * `-`, at least one letter, no `--`, no `-` at either end. The messages are upstream's, including its "letter or
 * number" for a check that wants a letter.
 */
export function isValidPortName(port: string): string[] {
  const errors: string[] = [];
  if (byteLength(port) > 15) errors.push(maxLengthError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter or number (a-z, 0-9)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errors.push('must not begin or end with a hyphen');
  return errors;
}

/**
 * A lower-cased, cleaned-up guess at a DNS-1123 name for `value` (`My_App` -> `my-app`), or undefined when
 * nothing sensible remains. Only a suggestion for messages.
 */
export function suggestDnsName(value: string, maxLength: number, allowDots: boolean): string | undefined {
  let name = value.toLowerCase().replace(allowDots ? /[^-a-z0-9.]+/g : /[^-a-z0-9]+/g, '-');
  if (allowDots) name = name.replace(/\.{2,}/g, '.').replace(/-*\.-*/g, '.');
  name = name
    .replace(/-{2,}/g, '-')
    .slice(0, maxLength)
    .replace(/^[-.]+|[-.]+$/g, '');
  return name.length > 0 && name !== value ? name : undefined;
}

/** A guess at a valid label value for `value` (`hello world!` -> `hello-world`), or undefined. */
export function suggestLabelValue(value: string): string | undefined {
  const cleaned = value
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .slice(0, LABEL_VALUE_MAX_LENGTH)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cleaned !== value ? cleaned : undefined;
}
