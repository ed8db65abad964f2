import type { ScalarTag, Tags } from 'yaml';

/**
 * Plain scalars typed as kubectl and the API server type them. Both read YAML with sigs.k8s.io/yaml, which is
 * go-yaml v2, whose `resolve` is not the YAML 1.1 specification that the `yaml` package's 1.1 schema follows:
 *
 * - a number is what Go's `strconv` accepts once underscores are removed: `ParseInt`/`ParseUint` with base 0
 *   (`0x1F`, `0o17`, `017`, `0b101`, signs), else a float matching `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
 *   (so `08` is the float 8, and `e80`, `.e3`, `.` and `1e400` stay strings: the 1.1 schema read them as NaN or
 *   Infinity and left a whole Pod out of the model);
 * - a scalar that starts with `.` is a float only if `ParseFloat` reads it whole (`.5`, `.5e3`);
 * - there are no base-60 numbers (`1:20` is a string) and, decoded into plain data, no timestamps (`2020-01-01` is
 *   a string);
 * - booleans, nulls, `.inf`/`.nan` and merge keys are those of YAML 1.1, which go-yaml v2 shares.
 *
 * `asGoYamlV2` turns the `yaml` package's 1.1 tag list into that. Quoted scalars are strings either way.
 */
export function asGoYamlV2(tags: Tags): Tags {
  const isSpecialFloat = (tag: Tags[number]) => typeof tag !== 'string' && tag.tag === 'tag:yaml.org,2002:float' && tag.test?.test('.nan') === true;
  const kept = tags.filter((tag) => typeof tag === 'string' || !DROPPED.has(tag.tag) || isSpecialFloat(tag));
  // The library's decimal int and float tags, for what they do besides reading: telling and writing numbers.
  const libraryInt = findTag(tags, (tag) => tag.tag === 'tag:yaml.org,2002:int' && !tag.format);
  const libraryFloat = findTag(tags, (tag) => tag.tag === 'tag:yaml.org,2002:float' && !tag.format && !isSpecialFloat(tag));
  const goInt: ScalarTag = {
    ...libraryInt,
    format: undefined,
    test: predicate((text) => goYamlInteger(text) !== undefined),
    resolve: (text) => goYamlInteger(text)!,
  };
  const goFloat: ScalarTag = {
    ...libraryFloat,
    format: undefined,
    test: predicate((text) => goYamlInteger(text) === undefined && goYamlFloat(text) !== undefined),
    resolve: (text) => goYamlFloat(text)!,
  };
  return [...kept, goInt, goFloat];
}

/** The 1.1 tags go-yaml v2 reads otherwise: ints, floats (but `.nan`/`.inf`), sexagesimals, timestamps. */
const DROPPED = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);

const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|0([0-7]*)|([1-9][0-9]*))$/;
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The integer go-yaml v2 reads from a plain scalar, or undefined if it reads something else. */
export function goYamlInteger(text: string): number | undefined {
  if (!/^[-+0-9]/.test(text)) return undefined;
  const match = GO_INT.exec(text.replace(/_/g, ''));
  if (!match) return undefined;
  const [, sign, hex, binary, octal, legacyOctal, decimal] = match;
  const magnitude =
    hex !== undefined
      ? BigInt(`0x${hex}`)
      : binary !== undefined
        ? BigInt(`0b${binary}`)
        : octal !== undefined
          ? BigInt(`0o${octal}`)
          : legacyOctal !== undefined
            ? legacyOctal === ''
              ? 0n
              : BigInt(`0o${legacyOctal}`)
            : BigInt(decimal);
  // ParseInt takes a sign and int64; ParseUint no sign and uint64. Beyond both, the text may still be a float.
  if (sign === '-' ? magnitude > INT64_MAX + 1n : sign === '+' ? magnitude > INT64_MAX : magnitude > UINT64_MAX) return undefined;
  const value = Number(magnitude);
  return sign === '-' ? (value === 0 ? 0 : -value) : value;
}

/** The float go-yaml v2 reads from a plain scalar that is not an integer, or undefined. */
export function goYamlFloat(text: string): number | undefined {
  const first = text[0];
  const candidate =
    first === '.' ? (DOT_FLOAT.test(text) ? text : undefined) : first !== undefined && /[-+0-9]/.test(first) ? text.replace(/_/g, '') : undefined;
  if (candidate === undefined || !YAML_STYLE_FLOAT.test(candidate)) return undefined;
  const value = Number(candidate);
  // ParseFloat fails (ErrRange) beyond the largest float64: the scalar stays a string.
  return Number.isFinite(value) ? value : undefined;
}

function findTag(tags: Tags, wanted: (tag: ScalarTag) => boolean): ScalarTag {
  const found = tags.find((tag): tag is ScalarTag => typeof tag !== 'string' && 'resolve' in tag && !('collection' in tag) && wanted(tag as ScalarTag));
  if (!found) throw new Error(`the yaml package's 1.1 schema has changed: a number tag is missing`);
  return found;
}

/**
 * The `yaml` package asks a tag whether a plain scalar is its own with `tag.test.test(text)`. go-yaml's rules are
 * code, not one regular expression: this RegExp answers `test` with that code (and is never used otherwise).
 */
function predicate(accepts: (text: string) => boolean): RegExp {
  return new (class extends RegExp {
    override test(text: string): boolean {
      return accepts(text);
    }
  })('(?:)');
}
