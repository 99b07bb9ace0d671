// GPU utilisation and memory from the vendor's command-line tool: `nvidia-smi` (NVIDIA) or
// `rocm-smi` (AMD), found on PATH. Both report whole devices, not the run's share of them. A tool
// that is missing is asked once; one that fails or hangs is given up on for the rest of the run.
import { execFile } from 'node:child_process';

/** One device. */
export interface GpuUsage {
  readonly index: number;
  readonly utilizationPercent: number | null;
  readonly memoryUsedMb: number | null;
  readonly memoryTotalMb: number | null;
}

/** The query and its output format (`nvidia-smi --help-query-gpu`). */
export const NVIDIA_SMI_ARGS = ['--query-gpu=utilization.gpu,memory.used,memory.total', '--format=csv,noheader,nounits'];
/** GPU use and VRAM as CSV with a header row. */
export const ROCM_SMI_ARGS = ['--showuse', '--showmeminfo', 'vram', '--csv'];

const num = (s: string | undefined): number | null => {
  const v = Number((s ?? '').trim());
  // "[N/A]", "[Not Supported]" and empty cells are unknown, not zero.
  return (s ?? '').trim() !== '' && Number.isFinite(v) ? v : null;
};

/** Parses `nvidia-smi` output in NVIDIA_SMI_ARGS's format: `45, 1024, 16384` per GPU (MiB). */
export function parseNvidiaSmi(text: string): GpuUsage[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line, index) => {
    const [util, used, total] = line.split(',');
    return { index, utilizationPercent: num(util), memoryUsedMb: num(used), memoryTotalMb: num(total) };
  });
}

/** Parses `rocm-smi --showuse --showmeminfo vram --csv`: a header row, then one row per card (bytes). */
export function parseRocmSmi(text: string): GpuUsage[] {
  const [header, ...rows] = text.split('\n').map((l) => l.trim()).filter((l) => l.includes(','));
  if (!header) return [];
  const cols = header.split(',').map((c) => c.trim().toLowerCase());
  const col = (pred: (c: string) => boolean): number => cols.findIndex(pred);
  const util = col((c) => c.startsWith('gpu use'));
  const total = col((c) => c.includes('vram total memory'));
  const used = col((c) => c.includes('vram total used memory'));
  const mb = (v: number | null): number | null => (v === null ? null : v / (1024 * 1024));
  return rows.map((row, index) => {
    const cells = row.split(',');
    return {
      index,
      utilizationPercent: util >= 0 ? num(cells[util]) : null,
      memoryUsedMb: used >= 0 ? mb(num(cells[used])) : null,
      memoryTotalMb: total >= 0 ? mb(num(cells[total])) : null,
    };
  });
}

interface Tool {
  readonly program: string;
  readonly args: readonly string[];
  readonly parse: (text: string) => GpuUsage[];
}

const TOOLS: readonly Tool[] = [
  { program: 'nvidia-smi', args: NVIDIA_SMI_ARGS, parse: parseNvidiaSmi },
  { program: 'rocm-smi', args: ROCM_SMI_ARGS, parse: parseRocmSmi },
];

function query(tool: Tool, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<GpuUsage[] | 'missing' | 'failed'> {
  return new Promise((resolve) => {
    execFile(tool.program, [...tool.args], { env, timeout: timeoutMs, windowsHide: true }, (err, stdout) => {
      if (err) resolve((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'failed');
      else resolve(tool.parse(stdout));
    });
  });
}

/** Asks the first GPU tool found on PATH; later calls ask only that one, and none once it failed. */
export class GpuSampler {
  private tool: Tool | null | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv, private readonly timeoutMs = 5000) {}

  /** The devices now; empty when there is no tool (or it stopped answering). */
  async sample(): Promise<GpuUsage[]> {
    if (this.tool === null) return [];
    for (const tool of this.tool ? [this.tool] : TOOLS) {
      const r = await query(tool, this.env, this.timeoutMs);
      if (r === 'missing') continue;
      if (r === 'failed' || r.length === 0) break;
      this.tool = tool;
      return r;
    }
    this.tool = null;
    return [];
  }
}
