// Tokens of the Runs view's filter language (docs/runs-view.md): words, quoted strings,
// parentheses, comparison operators and the `field:` colon, each with its offset for error messages.

/** What a token is. `word` covers names, numbers and keywords; the parser tells them apart. */
export type TokenKind = 'word' | 'string' | 'lparen' | 'rparen' | 'op' | 'colon' | 'comma' | 'eof';

/** One token and where it starts in the input (0-based). */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
}

/** A malformed filter: the message says what was expected, `position` where (0-based offset). */
export class QueryError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'QueryError';
  }
}

const OPERATORS = ['==', '!=', '>=', '<=', '>', '<', '='] as const;
/** Characters that end a bare word: whitespace and the language's punctuation. */
const WORD_END = /[\s()<>=!:,"']/;

/** Splits `input` into tokens; throws QueryError on an unterminated string or a stray `!`. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, start });
      i++;
    } else if (c === ':' || c === ',') {
      tokens.push({ kind: c === ':' ? 'colon' : 'comma', text: c, start });
      i++;
    } else if (c === '"' || c === "'") {
      const end = input.indexOf(c, i + 1);
      if (end === -1) throw new QueryError(`unterminated string: add the closing ${c}`, start);
      tokens.push({ kind: 'string', text: input.slice(i + 1, end), start });
      i = end + 1;
    } else {
      const op = OPERATORS.find((o) => input.startsWith(o, i));
      if (op) {
        // `=` alone is accepted as a friendlier spelling of `==`.
        tokens.push({ kind: 'op', text: op === '=' ? '==' : op, start });
        i += op.length;
      } else if (c === '!') {
        throw new QueryError('"!" must be followed by "=" (use "not" to negate)', start);
      } else {
        while (i < input.length && !WORD_END.test(input.charAt(i))) i++;
        tokens.push({ kind: 'word', text: input.slice(start, i), start });
      }
    }
  }
  tokens.push({ kind: 'eof', text: '', start: input.length });
  return tokens;
}

/** The numeric value of a word such as `0.9`, `-3`, `1e-4`; undefined for anything else. */
export function numberOf(word: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(word)) return undefined;
  return Number(word);
}
