// Measures in a real workbench (code-server + chromium, the packaged extension) how long the two
// webview panels take to show after a click: Run Detail (a click on a run's row, until its content
// and first chart are drawn) and the window's first Compare panel (context menu > Compare Runs,
// until its tables and first chart are drawn). Each round is a fresh window. Prints one line
// `PANEL_TIMINGS {json}` per round; bench/panels.bench.ts runs it under the VS Code lock.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Frame } from 'playwright-core';
import { exampleWorkspace, runlens } from '../e2e/cli';
import { Workbench } from '../e2e/workbench';
import { packageVsix } from './package';

/** One round's figures: wall times on the host's clock, marks on each page's own clock. */
export interface PanelTimings {
  /** From the click on the row to Run Detail's first chart drawn (ms). */
  readonly detailWallMs: number;
  /** Run Detail's page clock (ms since its navigation began): bundle ran, said ready, drew the content. */
  readonly detailPage: { readonly scriptMs: number; readonly readyMs: number; readonly renderedMs: number };
  /** From the context menu's click to Compare's first chart drawn (ms). */
  readonly compareWallMs: number;
  /** Compare's page clock: bundle ran, tables drawn, first chart drawn. */
  readonly comparePage: { readonly scriptMs: number; readonly tablesMs: number; readonly firstChartMs: number };
}

/** The newest frame whose page loads `bundle`, polled every 50 ms (the e2e helper polls slower). */
async function frameOf(wb: Workbench, bundle: string): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const f of [...wb.page.frames()].reverse()) {
      // A frame detached while it is asked about is not the one: move on.
      if (!f.isDetached() && (await f.locator(`script[src*="${bundle}"]`).count().catch(() => 0))) return f;
    }
    if (Date.now() > deadline) throw new Error(`no webview loading ${bundle} appeared`);
    await wb.page.waitForTimeout(50);
  }
}

async function marks(frame: Frame): Promise<Record<string, number>> {
  const data = await frame.locator('body').evaluate((b) => ({ ...b.dataset }));
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Number(v)]));
}

async function round(workspace: string): Promise<PanelTimings> {
  const wb = await Workbench.open({ workspace });
  try {
    await wb.openContainer('Runlens');
    const rows = wb.pane('Runs').locator('.monaco-list-row[aria-level="2"]');
    await rows.nth(1).locator('.monaco-icon-label').waitFor({ timeout: 60_000 });
    // Let the window settle (extensions activating, the tree's first redraw) before the clicks.
    await wb.page.waitForTimeout(3000);

    const clicked = Date.now();
    await rows.nth(0).click();
    const detail = await frameOf(wb, 'runDetail.js');
    await detail.locator('body[data-rendered="true"] .chart-card canvas').first().waitFor({ timeout: 60_000 });
    const detailWallMs = Date.now() - clicked;
    const d = await marks(detail);

    await rows.nth(1).click({ modifiers: ['Control'] });
    await wb.page.waitForTimeout(1000); // the preview of the second run opens meanwhile; a menu opened during it would close
    const chosen = await wb.contextMenu(rows.nth(0), 'Compare Runs');
    const compare = await frameOf(wb, 'compare.js');
    await compare.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
    const compareWallMs = Date.now() - chosen;
    const c = await marks(compare);
    return {
      detailWallMs, detailPage: { scriptMs: d.scriptMs ?? NaN, readyMs: d.readyMs ?? NaN, renderedMs: d.renderedMs ?? NaN },
      compareWallMs, comparePage: { scriptMs: c.scriptMs ?? NaN, tablesMs: c.tablesMs ?? NaN, firstChartMs: c.firstChartMs ?? NaN },
    };
  } finally {
    await wb.close();
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.RUNLENS_PANEL_ROUNDS ?? 3);
  process.env.RUNLENS_VSIX ??= packageVsix();
  const workspace = exampleWorkspace('panel-timings');
  try {
    for (const lr of ['0.03', '0.3']) {
      if (runlens(workspace, ['run', 'train', '-p', `lr=${lr}`, '-p', 'epochs=20', '-p', 'delay=0']) !== 0) throw new Error('a fixture run failed');
    }
    for (let i = 0; i < rounds; i++) console.log(`PANEL_TIMINGS ${JSON.stringify(await round(workspace))}`);
  } finally {
    rmSync(dirname(workspace), { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
