// Parser of the Runs view's filter language (a small Pratt parser, no eval): terms are free text,
// `field:value` (status, tag, experiment, name, id, author) and comparisons of a metric or param with a
// value, combined with `and` (or mere juxtaposition), `or`, `not` and parentheses.
import { RUN_STATUSES, type RunStatus } from '../model';
import { numberOf, QueryError, tokenize, type Token } from './lexer';

export { QueryError } from './lexer';

/** Comparison operators (`=` is read as `==`). */
export type CompareOp = '==' | '!=' | '>' | '<' | '>=' | '<=';

/** The run fields `field:value` can name. */
export const FILTER_FIELDS = ['status', 'tag', 'experiment', 'name', 'id', 'author'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];


/** A parsed filter. */
export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'field'; readonly field: FilterField; readonly values: readonly string[] }
  | { readonly kind: 'compare'; readonly name: string; readonly op: CompareOp; readonly value: string | number };

/** Binding powers: `or` binds loosest, then `and` (explicit or implied by juxtaposition). */
const OR_BP = 1;
const AND_BP = 2;

function keyword(t: Token): string | undefined {
  if (t.kind !== 'word') return undefined;
  const k = t.text.toLowerCase();
  return k === 'and' || k === 'or' || k === 'not' ? k : undefined;
}

function show(t: Token): string {
  return t.kind === 'eof' ? 'the end of the filter' : `"${t.text}"`;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  parseAll(): FilterNode {
    const node = this.parseExpr(0);
    const t = this.peek();
    if (t.kind === 'rparen') throw new QueryError('this ")" has no matching "("', t.start);
    if (t.kind !== 'eof') throw new QueryError(`unexpected ${show(t)}`, t.start);
    return node;
  }

  private parseExpr(minBp: number): FilterNode {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const k = keyword(t);
      const startsTerm = (t.kind === 'word' && k !== 'and' && k !== 'or') || t.kind === 'string' || t.kind === 'lparen';
      const bp = k === 'or' ? OR_BP : k === 'and' || startsTerm ? AND_BP : 0;
      if (bp === 0 || bp <= minBp) return left;
      if (k === 'and' || k === 'or') this.next();
      const right = this.parseExpr(bp);
      left = { kind: k === 'or' ? 'or' : 'and', left, right };
    }
  }

  private parseUnary(): FilterNode {
    const t = this.peek();
    const k = keyword(t);
    if (k === 'not') {
      this.next();
      if (this.peek().kind === 'eof') throw new QueryError('"not" needs something to negate after it', this.peek().start);
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (k === 'and' || k === 'or') throw new QueryError(`"${t.text}" needs a condition before it`, t.start);
    if (t.kind === 'lparen') {
      this.next();
      if (this.peek().kind === 'rparen') throw new QueryError('empty parentheses', this.peek().start);
      const inner = this.parseExpr(0);
      const close = this.peek();
      if (close.kind !== 'rparen') throw new QueryError(`expected ")" to close the "(" at column ${t.start + 1}, found ${show(close)}`, close.start);
      this.next();
      return inner;
    }
    if (t.kind === 'word' || t.kind === 'string') {
      this.next();
      const after = this.peek();
      if (after.kind === 'colon' && t.kind === 'word') return this.parseField(t);
      if (after.kind === 'op') return this.parseCompare(t);
      return { kind: 'text', text: t.text };
    }
    if (t.kind === 'eof') throw new QueryError('the filter ends too early', t.start);
    throw new QueryError(`expected text, a field such as status:failed, or a comparison such as acc > 0.9, found ${show(t)}`, t.start);
  }

  private parseField(name: Token): FilterNode {
    const field = name.text.toLowerCase() as FilterField;
    if (!FILTER_FIELDS.includes(field)) {
      throw new QueryError(`unknown field "${name.text}:"; use ${FILTER_FIELDS.map((f) => `${f}:`).join(', ')} (quote text that contains ":")`, name.start);
    }
    this.next(); // the colon
    const values: string[] = [];
    for (;;) {
      const v = this.peek();
      if (v.kind !== 'word' && v.kind !== 'string') {
        throw new QueryError(`expected a value after "${field}:", found ${show(v)}`, v.start);
      }
      this.next();
      if (field === 'status' && !RUN_STATUSES.includes(v.text.toLowerCase() as RunStatus)) {
        throw new QueryError(`unknown status "${v.text}"; use one of ${RUN_STATUSES.join(', ')}`, v.start);
      }
      values.push(field === 'status' ? v.text.toLowerCase() : v.text);
      if (this.peek().kind !== 'comma') break;
      this.next();
    }
    return { kind: 'field', field, values };
  }

  private parseCompare(name: Token): FilterNode {
    const opToken = this.next();
    const op = opToken.text as CompareOp;
    const v = this.peek();
    if (v.kind !== 'word' && v.kind !== 'string') throw new QueryError(`expected a value after "${op}", found ${show(v)}`, v.start);
    if (keyword(v)) throw new QueryError(`expected a value after "${op}", found the keyword ${show(v)} (quote it to compare with that text)`, v.start);
    this.next();
    const num = v.kind === 'word' ? numberOf(v.text) : undefined;
    if (op !== '==' && op !== '!=' && num === undefined) {
      throw new QueryError(`"${op}" compares numbers, and ${show(v)} is not a number`, v.start);
    }
    return { kind: 'compare', name: name.text, op, value: num ?? v.text };
  }
}

/** Parses a filter; undefined for an empty (or blank) filter. Throws QueryError when malformed. */
export function parseFilter(input: string): FilterNode | undefined {
  const tokens = tokenize(input);
  if (tokens.length === 1) return undefined;
  return new Parser(tokens).parseAll();
}

/** "Column 7: expected a value after ">"": a QueryError as one line for a validation message. */
export function describeQueryError(e: QueryError): string {
  return `Column ${e.position + 1}: ${e.message}`;
}
