// The Lineage view's figures on the page's own clock, shared by the e2e suite and `npm run bench`:
// opens the project lineage of a workspace, reads the layout and drawing times the page recorded,
// then moves the graph for 120 animation frames (wheel zoom in and out, then sideways pans) and
// measures the time between frames while it moves (ending where it began), beside 60 frames of the
// same page standing still.
import { type Frame } from 'playwright-core';
import { type Workbench } from './workbench';

/** What one measurement found. */
export interface LineageFigures {
  readonly nodes: number;
  readonly layoutMs: number;
  readonly drawMs: number;
  /** Time between animation frames while the graph pans and zooms (ms): median, 95th percentile, max. */
  readonly frameMedianMs: number;
  readonly frameP95Ms: number;
  readonly frameMaxMs: number;
  /** The same page standing still: 95th percentile of the time between frames (the baseline). */
  readonly idleP95Ms: number;
}

/** Opens Show Project Lineage in `wb` and measures it. */
export async function measureProjectLineage(wb: Workbench): Promise<LineageFigures> {
  await wb.runCommand('Runlens: Show Project Lineage');
  const frame: Frame = await wb.webviewFrame('lineage.js');
  await frame.locator('body[data-rendered="true"]').waitFor({ timeout: 180_000 });
  const data = await frame.locator('body').evaluate((b) => ({ ...b.dataset }));
  // Runs in the page; written against a minimal view of its globals, as this file is also built without the DOM library.
  const frames = (count: number, move: boolean): Promise<number[]> => frame.evaluate(([n, moving]) => new Promise<number[]>((done) => {
    const page = globalThis as unknown as {
      document: { querySelector(s: string): { dispatchEvent(e: unknown): boolean } };
      WheelEvent: new (type: string, init: Record<string, unknown>) => unknown;
      requestAnimationFrame(cb: (t: number) => void): number;
    };
    const el = page.document.querySelector('.frame');
    const times: number[] = [];
    let i = 0;
    const step = (t: number): void => {
      times.push(t);
      const zoom = i < n / 2;
      if (moving) el.dispatchEvent(new page.WheelEvent('wheel', { deltaY: zoom ? (i < n / 4 ? -40 : 40) : (i < (3 * n) / 4 ? 30 : -30), shiftKey: !zoom, clientX: 400, clientY: 300, bubbles: true, cancelable: true }));
      if (++i < n) page.requestAnimationFrame(step);
      else done(times.slice(1).map((x, k) => x - (times[k] as number)));
    };
    page.requestAnimationFrame(step);
  }), [count, move] as const);
  const idle = percentiles(await frames(60, false));
  const moving = percentiles(await frames(120, true));
  return {
    nodes: Number(data.nodes), layoutMs: Number(data.layoutMs), drawMs: Number(data.drawMs),
    frameMedianMs: moving(0.5), frameP95Ms: moving(0.95), frameMaxMs: moving(1), idleP95Ms: idle(0.95),
  };
}

/** The p-th percentile (0..1) of `values`. */
function percentiles(values: readonly number[]): (p: number) => number {
  const sorted = [...values].sort((a, b) => a - b);
  return (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** One line for logs. */
export function describeFigures(f: LineageFigures): string {
  return `lineage of ${f.nodes} nodes: layout ${f.layoutMs.toFixed(0)} ms + drawing ${f.drawMs.toFixed(0)} ms = ${(f.layoutMs + f.drawMs).toFixed(0)} ms; `
    + `pan/zoom frames: median ${f.frameMedianMs.toFixed(1)} ms, p95 ${f.frameP95Ms.toFixed(1)} ms, max ${f.frameMaxMs.toFixed(1)} ms (standing still: p95 ${f.idleP95Ms.toFixed(1)} ms)`;
}
