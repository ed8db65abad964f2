/**
 * A message with its control characters escaped as JSON escapes them (`\u001b`, `\r`): messages quote labels,
 * names and namespaces from manifests, and an ESC or CR in one would reach a terminal through the CLI's text
 * output (or split a finding's line). Every message of a finding passes here: rules need not escape what they
 * quote (`quote()` already does, as `%q`; the rest is caught here). Also C1 controls, DEL and the Unicode line
 * and paragraph separators, which JSON leaves as they are.
 */
export function printableMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(message) ? message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, escapeCharacter) : message;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCharacter(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
