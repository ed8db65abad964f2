import schema from '../../../schema/networkpolicy.schema.json';
import type { FieldPath } from '../fieldPath';

/** A JSON Schema node of the shipped NetworkPolicy schema. */
interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: boolean | SchemaNode;
}

const ROOT = schema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/definitions/', '');
    current = ROOT.definitions[name];
  }
  return current;
}

/** The schema of the field at `path` inside a NetworkPolicy, or undefined if the schema does not know it. */
export function schemaAt(path: FieldPath): SchemaNode | undefined {
  let node: SchemaNode | undefined = ROOT;
  for (const segment of path) {
    node = resolve(node);
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.items;
    else {
      const name = typeof segment === 'string' ? segment : segment.key;
      // Own keys only: a YAML key `__proto__` or `constructor` is not a property of the schema.
      node =
        (node.properties && Object.hasOwn(node.properties, name) ? node.properties[name] : undefined) ??
        (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    }
  }
  return resolve(node);
}

/** The field names the schema allows in the object at `path`. */
export function keysAt(path: FieldPath): string[] {
  const node = schemaAt(path);
  return node?.properties ? Object.keys(node.properties) : [];
}

/** True when the value at `path` is an object or a list (so a key's completion should open a block). */
export function valueShapeAt(path: FieldPath): 'object' | 'array' | 'scalar' | 'map' {
  const node = schemaAt(path);
  const types = node?.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('array')) return 'array';
  if (types.includes('object')) return node?.properties ? 'object' : 'map';
  return 'scalar';
}
