// Cost of one `runlens.log` call in the Python client (buffering, plus its share of the encoding
// and writing done at flush), beside the naive json.dumps + os.write per call, same interpreter.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, report } from './report';

const BATCHES = 31;
const CALLS = 10_000;

// Batches of the two alternate so machine noise hits both alike. Each batch's time includes every
// flush that happened during it (the flush thread holds the GIL), so the figure is amortised.
const SCRIPT = `
import json, os, sys, time, runlens
assert runlens.active()
fd = os.open(os.path.join(sys.argv[1], "naive.jsonl"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
def client(step0):
    log = runlens.log
    for i in range(step0, step0 + ${CALLS}):
        log({"loss": 0.5 + i * 1e-7, "acc": 0.9}, step=i)
def naive(step0):
    for i in range(step0, step0 + ${CALLS}):
        os.write(fd, (json.dumps({"t": time.time(), "step": i, "metrics": {"loss": 0.5 + i * 1e-7, "acc": 0.9}}) + "\\n").encode())
client(0); naive(0); runlens.flush()
out = {"client": [], "naive": []}
for b in range(${BATCHES}):
    for name, fn in (("client", client), ("naive", naive)):
        t0 = time.perf_counter_ns()
        fn((b + 1) * ${CALLS})
        out[name].append((time.perf_counter_ns() - t0) / ${CALLS} / 1000.0)
runlens.flush()
lines = sum(1 for _ in open(os.path.join(sys.argv[1], "metrics.jsonl")))
print(json.dumps({**out, "lines": lines}))
`;

/** Runs the measurement in python3 and reports the median microseconds per call. */
export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-py-'));
  try {
    const { stdout } = await promisify(execFile)('python3', ['-c', SCRIPT, dir], {
      env: { ...process.env, RUNLENS_RUN_DIR: dir, PYTHONPATH: resolve(__dirname, '../../src/python'), PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const res = JSON.parse(stdout) as { client: number[]; naive: number[]; lines: number };
    const expected = (BATCHES + 1) * CALLS;
    if (res.lines !== expected) throw new Error(`client wrote ${res.lines} lines, expected ${expected}`);
    const client = median(res.client);
    report({
      name: 'python client: runlens.log per call (median of batches, flush included)',
      value: client,
      unit: 'µs',
      baseline: { name: 'json.dumps + os.write per call', value: median(res.naive) },
      target: '<= 5 µs',
      pass: client <= 5,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
