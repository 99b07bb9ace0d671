// System metrics (issue 11 item 12): the real CLI samples CPU and memory of the run's process tree
// and GPU use from a fake `nvidia-smi` on PATH printing its real CSV format, as `system/*` series;
// runlens.yaml turns it off; the parsers of /proc, nvidia-smi and rocm-smi output; framework
// versions reported by the Python client end up in the run's versions.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, cliEnv, listRuns, runCli, tempWorkspace } from '../cli/harness';
import { type RunManifest } from '../../../src/core/model';
import { defaultPrimaryMetric, parseSystemMetricsSetting } from '../../../src/core/metrics/system';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, parseRocmSmi } from '../../../src/core/runner/gpuStats';
import { parseProcStat, processTree } from '../../../src/core/runner/procStats';
import { parseReportedVersions } from '../../../src/core/runner/reportedVersions';
import { systemMetricsFor } from '../../../src/core/runner/systemSampler';

// Burns CPU and holds 64 MiB until the names in argv[2] appear in metrics.jsonl (the supervisor
// appends its samples there) or argv[3] seconds pass.
const BUSY = `
const fs = require('fs');
const file = process.env.RUNLENS_RUN_DIR + '/metrics.jsonl';
const want = JSON.parse(process.argv[2]);
const held = Buffer.alloc(64 * 1024 * 1024, 1);
const deadline = Date.now() + Number(process.argv[3]) * 1000;
let x = 0;
while (Date.now() < deadline) {
  for (let i = 0; i < 1e6; i++) x += i;
  const text = fs.readFileSync(file, 'utf8');
  if (want.length > 0 && want.every((n) => text.includes(JSON.stringify(n)))) break;
}
console.log('@runlens ' + JSON.stringify({ step: 1, metrics: { loss: held[0] / 2 } }));
`;

const FAKE_NVIDIA_SMI = `#!/bin/sh
[ "$1" = "${NVIDIA_SMI_ARGS[0]}" ] && [ "$2" = "${NVIDIA_SMI_ARGS[1]}" ] || { echo "unexpected arguments: $*" >&2; exit 2; }
echo "37, 2048, 8192"
echo "[N/A], 512, 8192"
`;

function workspace(config: string): { ws: string; env: NodeJS.ProcessEnv } {
  const ws = tempWorkspace({ 'busy.js': BUSY, 'runlens.yaml': config });
  const bin = join(ws, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'nvidia-smi'), FAKE_NVIDIA_SMI);
  chmodSync(join(bin, 'nvidia-smi'), 0o755);
  return { ws, env: cliEnv({ PATH: `${bin}:${process.env.PATH ?? ''}` }) };
}

const experiment = (wait: string[], seconds: number): string =>
  `experiments:\n  busy:\n    command: [node, busy.js, '${JSON.stringify(wait)}', '${seconds}']\n`;

describe('system metrics', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => { for (const d of dirs) cleanup(d); });

  it('samples CPU and memory of the process tree and GPU use from nvidia-smi as system/* series', async () => {
    const { ws, env } = workspace(`systemMetrics: { interval: 0.5 }\n${experiment(['system/cpu_percent', 'system/gpu0/utilization_percent'], 30)}`);
    dirs.push(ws);
    const r = await runCli(['run', 'busy'], ws, env);
    assert.equal(r.code, 0, r.stderr);
    const m = (await listRuns(ws))[0] as RunManifest;
    const last = (name: string): number | undefined => m.metrics[name]?.last;
    assert.ok((last('system/cpu_percent') ?? 0) > 5, `a busy process uses CPU: ${JSON.stringify(m.metrics)}`);
    assert.ok((last('system/memory_mb') ?? 0) >= 64, 'the 64 MiB buffer is resident');
    assert.ok((last('system/memory_percent') ?? 0) > 0);
    assert.equal(last('system/gpu0/utilization_percent'), 37);
    assert.equal(last('system/gpu0/memory_mb'), 2048);
    assert.equal(last('system/gpu0/memory_percent'), 25);
    assert.equal(m.metrics['system/gpu1/utilization_percent'], undefined, '[N/A] is unknown, not 0');
    assert.equal(last('system/gpu1/memory_mb'), 512);
    assert.equal(defaultPrimaryMetric(Object.keys(m.metrics)), 'loss', 'never the primary metric');
  });

  it('records nothing when runlens.yaml says systemMetrics: false', async () => {
    // The script waits 3 s (six intervals) for samples that must not come.
    const { ws, env } = workspace(`systemMetrics: { enabled: false, interval: 0.5 }\n${experiment(['system/cpu_percent'], 3)}`);
    dirs.push(ws);
    const r = await runCli(['run', 'busy'], ws, env);
    assert.equal(r.code, 0, r.stderr);
    const m = (await listRuns(ws))[0] as RunManifest;
    assert.deepEqual(Object.keys(m.metrics), ['loss']);
  });

  it('passes --no-system-metrics of a sweep (and of run -p with several values) on to every point', async () => {
    // Each point waits 3 s (six intervals) for samples that must not come.
    const config = `systemMetrics: { interval: 0.5 }\n${experiment(['system/cpu_percent'], 3)}    params: { k: 1 }\n`;
    const { ws, env } = workspace(config);
    dirs.push(ws);
    const sweep = await runCli(['sweep', 'busy', '--grid', 'k=1,2', '--no-system-metrics'], ws, env);
    assert.equal(sweep.code, 0, sweep.stderr);
    const run = await runCli(['run', 'busy', '-p', 'k=3,4', '--no-system-metrics'], ws, env);
    assert.equal(run.code, 0, run.stderr);
    const runs = await listRuns(ws);
    assert.deepEqual(runs.map((m) => m.params.k).sort(), [1, 2, 3, 4]);
    for (const m of runs) assert.deepEqual(Object.keys(m.metrics), ['loss'], `point k=${String(m.params.k)}`);
  });

  it('records the framework versions the Python client reports with the run', async () => {
    const ws = tempWorkspace({
      'train.py': 'import sys, types, runlens\nt = types.ModuleType("torch")\nt.__version__ = "2.3.1"\n' +
        't.version = types.SimpleNamespace(cuda="12.1", hip=None)\nsys.modules["torch"] = t\nrunlens.log({"loss": 1.0}, step=0)\n',
    });
    dirs.push(ws);
    const r = await runCli(['run', '--no-system-metrics', '--', 'python3', 'train.py'], ws, cliEnv());
    assert.equal(r.code, 0, r.stderr);
    const m = (await listRuns(ws))[0] as RunManifest;
    assert.equal(m.versions.torch, '2.3.1');
    assert.equal(m.versions.cuda, '12.1');
    assert.ok(m.versions.python, 'the interpreter version is still the supervisor\'s');
    assert.deepEqual(Object.keys(m.metrics), ['loss'], '--no-system-metrics');
  });

  it('parses /proc stat lines and finds a process tree', () => {
    const stat = parseProcStat('4242 (my (odd) name) S 4200 4242 4200 0 -1 4194560 500 0 0 0 150 25 0 0 20 0 3 0 100 1000 2500 0');
    assert.deepEqual(stat, { pid: 4242, ppid: 4200, ticks: 175 });
    const tree = processTree([{ pid: 1, ppid: 0, ticks: 0 }, { pid: 10, ppid: 1, ticks: 5 }, { pid: 11, ppid: 10, ticks: 7 },
      { pid: 12, ppid: 11, ticks: 1 }, { pid: 20, ppid: 1, ticks: 9 }], 10);
    assert.deepEqual(tree.map((s) => s.pid).sort(), [10, 11, 12]);
  });

  it('parses nvidia-smi and rocm-smi output', () => {
    assert.deepEqual(parseNvidiaSmi('37, 2048, 8192\n[Not Supported], 1, 2\n'), [
      { index: 0, utilizationPercent: 37, memoryUsedMb: 2048, memoryTotalMb: 8192 },
      { index: 1, utilizationPercent: null, memoryUsedMb: 1, memoryTotalMb: 2 },
    ]);
    const rocm = 'device,GPU use (%),VRAM Total Memory (B),VRAM Total Used Memory (B)\ncard0,12,17179869184,1073741824\n';
    assert.deepEqual(parseRocmSmi(rocm), [{ index: 0, utilizationPercent: 12, memoryUsedMb: 1024, memoryTotalMb: 16384 }]);
    assert.deepEqual(parseRocmSmi('WARNING: no devices\n'), []);
  });

  it('turns sampling off by flag, environment or config, and validates reported versions', () => {
    assert.equal(systemMetricsFor(undefined, {}, false)?.intervalMs, 5000);
    assert.equal(systemMetricsFor({ enabled: true, intervalS: 2 }, {}, false)?.intervalMs, 2000);
    assert.equal(systemMetricsFor(undefined, {}, true), null);
    assert.equal(systemMetricsFor(undefined, { RUNLENS_NO_SYSTEM_METRICS: '1' }, false), null);
    assert.equal(systemMetricsFor(parseSystemMetricsSetting(false), {}, false), null);
    assert.deepEqual(parseReportedVersions('{"torch":"2.3","bad key":"x","n":3,"esc":"\\u001b[31m","cuda":"12.1"}'), { torch: '2.3', cuda: '12.1' });
    assert.deepEqual(parseReportedVersions('not json'), {});
  });
});
