// Params of a raw command (`runlens run -- python train.py --lr 0.01 --epochs=3`): the
// `--key value` and `--key=value` arguments are recorded as params so runs started without a
// runlens.yaml can still be compared and filtered by them.
import { type ParamValue } from '../model';
import { setOwn } from '../dict';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Types a command-line word: numbers become numbers, `true`/`false` booleans, the rest stays text. */
export function typeParamValue(raw: string): ParamValue {
  if (NUMBER.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}

/** True for a word that is an option rather than a value (`-x`, `--x`), but not a negative number. */
function isOptionWord(word: string): boolean {
  return word.startsWith('-') && word !== '-' && !NUMBER.test(word);
}

/**
 * Extracts params from a raw argv. `argv[0]` (the program) is skipped; so are short options (`-u`)
 * and positional words. `--flag` followed by another option or nothing records `true`. A key given
 * twice keeps its last value, as most argument parsers do.
 */
export function paramsFromArgv(argv: readonly string[]): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (word === '--') break;
    if (!word.startsWith('--')) continue;
    const eq = word.indexOf('=');
    if (eq > 0) {
      const key = word.slice(2, eq);
      if (KEY.test(key)) setOwn(params, key, typeParamValue(word.slice(eq + 1)));
      continue;
    }
    const key = word.slice(2);
    if (!KEY.test(key)) continue;
    const next = argv[i + 1];
    if (next !== undefined && !isOptionWord(next)) {
      setOwn(params, key, typeParamValue(next));
      i++;
    } else {
      setOwn(params, key, true);
    }
  }
  return params;
}
