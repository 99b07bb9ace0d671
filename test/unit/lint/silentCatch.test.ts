// Keeps silent error swallowing from growing back (issue 11 item 19): every `catch {` and
// `.catch(() => ...)` in src/ and webview/ says why dropping the failure is right, in a comment on
// its line, the line before, or the block's first line. Anything else goes through
// src/core/errors.ts (bestEffort to a sink) or becomes a run warning.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const SILENT = /catch \{|\.catch\(\(\) =>/;

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** `file:line: text` of each silent catch without a comment saying why. */
export function unexplainedCatches(text: string, file: string): string[] {
  const lines = text.split('\n');
  const found: string[] = [];
  lines.forEach((line, i) => {
    if (!SILENT.test(line)) return;
    const near = [line, lines[i - 1] ?? '', lines[i + 1] ?? ''];
    if (!near.some((l) => l.includes('//'))) found.push(`${file}:${i + 1}: ${line.trim()}`);
  });
  return found;
}

describe('lint: no silent catch without a reason', () => {
  it('finds none in src/ and webview/', () => {
    const found = ['src', 'webview'].flatMap((d) => sources(join(ROOT, d)))
      .flatMap((f) => unexplainedCatches(readFileSync(f, 'utf8'), relative(ROOT, f)));
    assert.deepEqual(found, [], 'say why the failure may be dropped (a comment), or route it to an ErrorSink / a run warning');
  });

  it('flags a bare catch and a bare .catch, and accepts ones with a reason', () => {
    const bad = 'try {\n  x();\n} catch {\n  return 0;\n}\nconst y = await z().catch(() => undefined);\n';
    assert.deepEqual(unexplainedCatches(bad, 'f.ts'), ['f.ts:3: } catch {', 'f.ts:6: const y = await z().catch(() => undefined);']);
    const ok = 'try {\n  x();\n} catch {\n  // gone: nothing to do\n  return 0;\n}\nconst y = await z().catch(() => undefined); // optional\n';
    assert.deepEqual(unexplainedCatches(ok, 'f.ts'), []);
  });
});
