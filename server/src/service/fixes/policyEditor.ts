import { getDocumentFindings } from '../diagnostics/documentFindings';
import type { FieldPath } from '../fieldPath';
import type { Finding } from '../findings';
import { isRecord, type Manifest } from '../model/manifest';
import type { Span } from '../parse/locate';
import { parseYamlDocument, type ParsedDocument } from '../parse/parsedDocument';
import { parseKubernetesVersion, type ServiceSettings } from '../settings';
import { addedFindings } from './addedFindings';
import { applyEdits, editsAreDisjoint, shiftEdits } from './offsetEdits';
import type { FixKind, OffsetEdit, QuickFix } from './quickFix';
import { commentSpans } from './sourceText';
import type { SourceView } from './yamlEdits';
import { nodeAtPath, type LocatedNode } from './yamlNodes';

/** What a fix proposes, in offsets of the policy's document, and what it means for the policy's data. */
export interface ProposedFix {
  readonly title: string;
  readonly kind?: FixKind;
  readonly fixes?: Finding;
  readonly isPreferred?: boolean;
  /** Edits relative to the document's text. */
  readonly edits: readonly OffsetEdit[] | undefined;
  /** Makes on the policy's plain data (a copy) the change the edits make in the text. */
  readonly expect: (policy: Record<string, unknown>) => void;
}

/**
 * One policy's YAML as the fixes see it: nodes by field path (relative to the policy, so a List item is reached
 * like any policy), and a check that each proposed edit does exactly what it says before it is offered.
 */
export class PolicyEditor implements SourceView {
  private commentCache: readonly Span[] | undefined;

  constructor(
    private readonly policy: Manifest,
    private readonly settings: Pick<ServiceSettings, 'kubernetesVersion'>,
  ) {}

  /** The text of the policy's document (edits are relative to it until `propose` places them in the file). */
  get text(): string {
    return this.policy.document.text;
  }

  get comments(): readonly Span[] {
    return (this.commentCache ??= commentSpans(this.text));
  }

  /** The YAML node at a field path of the policy. */
  find(path: FieldPath): LocatedNode | undefined {
    return nodeAtPath(this.policy.document.yaml.contents, [...this.policy.basePath, ...path]);
  }

  /** The policy's plain data at a field path. */
  value(path: FieldPath): unknown {
    return dataAt(this.policy.value, path);
  }

  /**
   * The fix as a code action with file offsets, when its edits are exact: applied to the document, they leave it
   * free of YAML errors, change its data exactly as `expect` says (nothing else, anywhere in the document), keep
   * every comment, and bring no error the document did not have (a fix that trades one error for another is no
   * fix). Otherwise undefined: such a fix is not offered.
   */
  propose(proposed: ProposedFix): QuickFix | undefined {
    const edits = proposed.edits;
    if (!edits || edits.length === 0 || !editsAreDisjoint(edits)) return undefined;
    const document = this.policy.document;
    // The editor asks again at every cursor move: a verdict is kept as long as its document is.
    let cached = verdicts.get(document);
    if (!cached) verdicts.set(document, (cached = new Map()));
    const key = JSON.stringify([this.policy.basePath, this.settings.kubernetesVersion, proposed.title, edits]);
    let exact = cached.get(key);
    if (exact === undefined) cached.set(key, (exact = this.isExact(proposed, edits)));
    if (!exact) return undefined;
    return {
      title: proposed.title,
      kind: proposed.kind ?? 'quickfix',
      ...(proposed.fixes ? { fixes: proposed.fixes } : {}),
      ...(proposed.isPreferred ? { isPreferred: true } : {}),
      edits: shiftEdits(edits, this.policy.documentOffset),
    };
  }

  private isExact(proposed: ProposedFix, edits: readonly OffsetEdit[]): boolean {
    const document = this.policy.document;
    const newText = applyEdits(document.text, edits);
    const reparsed = parseYamlDocument(newText);
    if (reparsed.yaml.errors.length > 0 || reparsed.isTemplate !== document.isTemplate) return false;
    const expected = cloneData(document.value);
    const policy = dataAt(expected, this.policy.basePath);
    if (!isRecord(policy)) return false;
    try {
      proposed.expect(policy);
    } catch {
      return false;
    }
    return dataEqual(reparsed.value, expected) && sameComments(this.text, this.comments, newText) && !bringsNewError(document, reparsed, this.settings);
  }
}

/** Whether a proposed edit of a document is exact, by document (immutable once parsed) and edit. */
const verdicts = new WeakMap<ParsedDocument, Map<string, boolean>>();

/** The fixes that passed the check (`propose` gives undefined for the others). */
export function offered(...fixes: (QuickFix | undefined)[]): QuickFix[] {
  return fixes.filter((fix): fix is QuickFix => fix !== undefined);
}

/**
 * Whether the edited document has an error the original did not have. An unchanged error may be reworded by the
 * edit (its message quotes the field just fixed): `addedFindings` pairs findings by code and field path as well as
 * by message.
 */
function bringsNewError(before: ParsedDocument, after: ParsedDocument, settings: Pick<ServiceSettings, 'kubernetesVersion'>): boolean {
  const version = parseKubernetesVersion(settings.kubernetesVersion);
  const errors = (document: ParsedDocument): Finding[] => getDocumentFindings(document, version).filter((finding) => finding.severity === 'error');
  return addedFindings(errors(before), errors(after)).length > 0;
}

function sameComments(text: string, comments: readonly Span[], newText: string): boolean {
  const before = comments.map((span) => text.slice(span.start, span.end)).sort();
  const after = commentSpans(newText)
    .map((span) => newText.slice(span.start, span.end))
    .sort();
  return before.length === after.length && before.every((comment, i) => comment === after[i]);
}

/** Plain data at a field path (map keys and list indexes), or undefined. */
export function dataAt(root: unknown, path: FieldPath): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[segment];
    } else {
      if (!isRecord(value)) return undefined;
      value = value[typeof segment === 'object' ? segment.key : segment];
    }
  }
  return value;
}

/** The mapping at a field path of plain data; throws when there is none (inside `expect`, that refuses the fix). */
export function mappingAt(root: unknown, path: FieldPath): Record<string, unknown> {
  const value = dataAt(root, path);
  if (!isRecord(value)) throw new Error('not a mapping');
  return value;
}

/** The list at a field path of plain data; throws when there is none. */
export function listAt(root: unknown, path: FieldPath): unknown[] {
  const value = dataAt(root, path);
  if (!Array.isArray(value)) throw new Error('not a list');
  return value;
}

/** Sets the value at a field path of plain data whose parent exists; throws otherwise. */
export function setDataAt(root: unknown, path: FieldPath, value: unknown): void {
  const last = path[path.length - 1];
  const parent = dataAt(root, path.slice(0, -1));
  if (typeof last === 'number' && Array.isArray(parent) && last < parent.length) parent[last] = value;
  else if (last !== undefined && typeof last !== 'number' && isRecord(parent)) parent[typeof last === 'object' ? last.key : last] = value;
  else throw new Error('no such field');
}

/** Deletes the entry at a field path of plain data: a key of a mapping, or an item of a list (later ones move up). */
export function deleteDataAt(root: unknown, path: FieldPath): void {
  const last = path[path.length - 1];
  const parent = dataAt(root, path.slice(0, -1));
  if (typeof last === 'number' && Array.isArray(parent) && last < parent.length) parent.splice(last, 1);
  else if (last !== undefined && typeof last !== 'number' && isRecord(parent)) delete parent[typeof last === 'object' ? last.key : last];
  else throw new Error('no such field');
}

/** A deep copy of plain YAML data (mappings and lists; scalars and other objects are shared). */
function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (isPlainRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = cloneData(item);
    return copy;
  }
  return value;
}

/** Exact equality of plain YAML data: the same keys (in any order) with equal values, lists in order. */
function dataEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b)) return true;
  if (depth > 100) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => dataEqual(item, b[i], depth + 1));
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (isPlainRecord(a)) {
    if (!isPlainRecord(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && dataEqual(a[key], b[key], depth + 1));
  }
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((byte, i) => byte === b[i]);
  return false;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
