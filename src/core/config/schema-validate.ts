// Validates a parsed runlens.yaml against runlens.schema.json (the schema the language server also
// serves) and turns each ajv error into a sentence that says what is wrong and what is allowed.
import { type ErrorObject } from 'ajv';
import { validate as compiledValidator } from 'runlens:schema-validator';
import schema from './runlens.schema.json';
import { type ConfigPath, pointerToPath } from './yaml-positions';

/** One schema violation: where (a path into the config) and what to tell the user. */
export interface SchemaIssue {
  readonly path: ConfigPath;
  /** Underline the key rather than the value (unknown keys, invalid names, missing children). */
  readonly onKey: boolean;
  readonly message: string;
  /** The ajv keyword that failed (`required`, `type`, `enum`...). */
  readonly keyword: string;
}

/** The schema object, for front ends that serve it (the language server). */
export const RUNLENS_SCHEMA: unknown = schema;

/** Names-with-rules, by the schema pattern that enforces them. */
const NAME_RULES: Readonly<Record<string, string>> = {
  '^[A-Za-z0-9][A-Za-z0-9_.-]*$': 'letters, digits, "_", "." and "-", starting with a letter or digit',
  '^[A-Za-z_][A-Za-z0-9_.-]*$': 'letters, digits, "_", "." and "-", starting with a letter or "_"',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'letters, digits and "_", not starting with a digit',
};

/** Values-with-rules, by the schema pattern that enforces them. */
const VALUE_RULES: Readonly<Record<string, string>> = {
  '^ignore$': '"ignore", a relative tolerance (a number) or a mapping with abs and/or rel',
  '^\\s*\\d+(\\.\\d+)?\\s*([KkMmGgTt]([Ii]?[Bb])?|[Bb])?\\s*$': 'a size: a number of bytes, or a number with K, M, G or T (e.g. 500K, 5M, 1.5G)',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string', array: 'a list', object: 'a mapping', number: 'a number', integer: 'an integer',
  boolean: 'true or false', null: 'empty',
};

function typeOf(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return JSON.stringify(v) ?? typeof v; // booleans; nothing else comes out of YAML
}

/** Keys whose value is a list, so a numeric segment below them is an index. */
const LIST_KEYS = new Set(['command', 'datasets', 'outputs', 'patterns', 'keys']);
/** Keys whose children are user-chosen names, shown as `param "lr"`. */
const NAMED: Readonly<Record<string, string>> = { params: 'param', sweep: 'sweep', env: 'env' };

/** How a path reads in a message: `goal`, `datasets[1]`, `param "lr"`, `experiment "train"`. */
export function describePath(path: ConfigPath): string {
  if (path.length === 0) return 'the file';
  const last = path[path.length - 1];
  const parent = String(path[path.length - 2]);
  const isIndex = typeof last === 'number' || (/^\d+$/.test(String(last)) && (LIST_KEYS.has(parent) || path[2] === 'sweep'));
  if (isIndex) return `${describePath(path.slice(0, -1))}[${String(last)}]`;
  if (path.length === 2 && parent === 'experiments') return `experiment ${JSON.stringify(last)}`;
  const named = NAMED[parent];
  if (path.length === 4 && named) return `${named} ${JSON.stringify(last)}`;
  return String(last);
}

function toIssue(e: ErrorObject): Omit<SchemaIssue, 'keyword'> | undefined {
  const path = pointerToPath(e.instancePath);
  const what = describePath(path);
  const params = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) {
    const rule = NAME_RULES[String(params.pattern)] ?? `at most ${String(params.limit)} characters`;
    const kind = describePath([...path, e.propertyName]).split(' ')[0] ?? 'name';
    return { path: [...path, e.propertyName], onKey: true, message: `invalid ${kind} name ${JSON.stringify(e.propertyName)}: use ${rule}` };
  }
  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // reported by the error about the name itself, which carries propertyName
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const where = path.length === 0 ? 'at the top level' : `in ${what}`;
      return { path: [...path, key], onKey: true, message: `unknown key ${JSON.stringify(key)} ${where}; allowed: ${Object.keys(props).join(', ')}` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return { path, onKey: true, message: `${what} is missing the required key ${JSON.stringify(missing)}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return { path, onKey: false, message: `${what} must be one of: ${allowed} (got ${JSON.stringify(e.data)})` };
    }
    case 'const':
      return { path, onKey: false, message: `${what} must be ${JSON.stringify(params.allowedValue)} (got ${typeOf(e.data)})` };
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]).map((t) => TYPE_WORDS[t] ?? t);
      return { path, onKey: false, message: `${what} must be ${types.join(' or ')} (got ${typeOf(e.data)})` };
    }
    case 'pattern':
      return { path, onKey: false, message: `${what} must be ${VALUE_RULES[String(params.pattern)] ?? `text matching ${String(params.pattern)}`} (got ${typeOf(e.data)})` };
    case 'minLength':
      return { path, onKey: false, message: `${what} must not be empty` };
    case 'maxLength':
      return { path, onKey: false, message: `${what} must be at most ${String(params.limit)} characters long` };
    case 'minItems':
      return { path, onKey: false, message: `${what} must list at least ${String(params.limit)} value${params.limit === 1 ? '' : 's'}` };
    default:
      return { path, onKey: false, message: `${what} ${e.message ?? 'is invalid'}` };
  }
}

/** Validates `data` (the YAML as plain JS); returns no issues when it conforms to the schema. */
export function validateAgainstSchema(data: unknown): SchemaIssue[] {
  // Compiled from the schema at build time (esbuild.mjs): compiling here cost each process 60-80 ms.
  const validate = compiledValidator;
  if (validate(data)) return [];
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const issue = toIssue(e);
    if (!issue) continue;
    const id = `${issue.path.join('\u0000')}\u0001${issue.message}`;
    if (!seen.has(id)) issues.push({ ...issue, keyword: e.keyword });
    seen.add(id);
  }
  return issues;
}
