// Reads runlens.schema.json by config path: which keys a mapping may hold, what each key means and
// which values it takes. The editor's completion and hovers come from here, so the schema that
// validates a config is also the one place its keys are described.
import schema from './runlens.schema.json';
import { type ConfigPath } from './yaml-positions';

/** The subset of JSON Schema runlens.schema.json uses. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
}

/** One key a mapping may hold, with what the schema says about it. */
export interface SchemaKey {
  readonly name: string;
  readonly description: string | undefined;
  /** The value is a mapping or a list (inserted as `key:` and a new line), not a scalar. */
  readonly block: boolean;
}

const ROOT = schema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

function resolveRef(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const name = /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
  return name === undefined ? undefined : ROOT.definitions[name];
}

function types(node: SchemaNode): readonly string[] {
  return node.type === undefined ? [] : typeof node.type === 'string' ? [node.type] : node.type;
}

/** The schema of the value at `path`; undefined where the schema says nothing (or forbids it). */
export function schemaAt(path: ConfigPath): SchemaNode | undefined {
  let node: SchemaNode | undefined = ROOT;
  for (const segment of path) {
    node = resolveRef(node);
    if (!node) return undefined;
    if (typeof segment === 'number') {
      node = node.items;
      continue;
    }
    const named: SchemaNode | undefined = node.properties?.[segment];
    if (named) node = named;
    else node = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  }
  return resolveRef(node);
}

/** The keys the schema names for the mapping at `path`, in schema order. */
export function keysAt(path: ConfigPath): SchemaKey[] {
  const props = schemaAt(path)?.properties ?? {};
  return Object.entries(props).map(([name, raw]) => {
    const node = resolveRef(raw) ?? raw;
    const t = types(node);
    return { name, description: node.description ?? raw.description, block: t.includes('object') || (t.length === 1 && t[0] === 'array') };
  });
}

/** What the schema says about the key (or item) at `path`; undefined when it says nothing. */
export function descriptionAt(path: ConfigPath): string | undefined {
  return schemaAt(path)?.description;
}

/** The values a scalar at `path` may take when the schema lists them (enum, const, boolean). */
export function valuesAt(path: ConfigPath): string[] {
  const node = schemaAt(path);
  if (!node) return [];
  // As YAML scalars: strings bare, numbers and booleans as JSON writes them.
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  if (node.enum) return node.enum.map(text);
  if (node.const !== undefined) return [text(node.const)];
  const t = types(node);
  if (t.length === 1 && t[0] === 'boolean') return ['true', 'false'];
  return [];
}
