// End to end: the Data Shift view in the workbench, in the dark, light and high-contrast themes. A
// monitor of runlens.yaml watches data/incoming/*.csv against a reference file; the two incoming files
// have moved (older, richer, cities skewed, a column gone, one new), so the Data Shift view in the sidebar
// shows the monitor shifted and the notification offers Show Data Shift. The report's page lists each
// file's own verdict and draws a column named like an HTML payload as text, with no CSP violation when it renders again.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTempDir } from './cli';
import { useWorkbench } from './suite';
import { type Workbench } from './workbench';

const HOSTILE = '<img src=x onerror=alert(1)>';

const CONFIG = `version: 1
monitor:
  incoming:
    reference: data/reference.csv
    current: data/incoming/*.csv
`;

/** A seeded uniform generator (mulberry32), so every run draws the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Rows of customers; `shifted` moves ages and incomes up, skews cities, drops legacy_flag and adds channel: 4 of 7 columns drift. */
function customers(n: number, seed: number, shifted: boolean): string {
  const r = random(seed);
  const cities = ['Lyon', 'Paris', 'Oslo', 'Porto', 'Riga'];
  const plans = ['free', 'pro', 'team'];
  const head = ['age', 'income', 'score', 'city', 'plan', HOSTILE, shifted ? 'channel' : 'legacy_flag'];
  const lines = [head.join(',')];
  for (let i = 0; i < n; i++) {
    const age = (shifted ? 47 : 40) + 10 * normal(r);
    const income = Math.exp((shifted ? 10.8 : 10.5) + 0.4 * normal(r));
    const city = cities[Math.floor((shifted ? r() ** 2.5 : r()) * cities.length)] as string;
    const last = shifted ? (['web', 'app', 'store'][i % 3] as string) : String(r() < 0.2);
    lines.push([age.toFixed(1), income.toFixed(0), r().toFixed(3), city, plans[Math.floor(r() * 3)] as string, (5 + normal(r)).toFixed(2), last].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function makeWorkspace(): string {
  const ws = join(e2eTempDir(), 'data-shift-demo');
  mkdirSync(join(ws, 'data', 'incoming'), { recursive: true });
  writeFileSync(join(ws, 'runlens.yaml'), CONFIG);
  writeFileSync(join(ws, 'data', 'reference.csv'), customers(900, 1, false));
  writeFileSync(join(ws, 'data', 'incoming', 'week-49.csv'), customers(700, 2, true));
  // A second file, so the report lists each file's own verdict.
  writeFileSync(join(ws, 'data', 'incoming', 'week-50.csv'), customers(400, 3, true));
  return ws;
}

async function openReport(wb: Workbench, shot: string): Promise<void> {
  await wb.openContainer('Runlens');
  const pane = wb.pane('Data Shift');
  const row = pane.locator('.monaco-list-row', { hasText: 'incoming' });
  await row.locator('.label-description', { hasText: /shifted: \d+ of 7 columns/ }).waitFor({ timeout: 90_000 });
  await wb.notification(/incoming data shifted: \d+ of 7 columns/);
  await row.click();
  const frame = await wb.webviewFrame('dataShift.js');
  await frame.locator('#columns tbody tr').first().waitFor({ timeout: 60_000 });
  await frame.locator('#charts canvas').first().waitFor({ timeout: 30_000 });
  assert.match(await frame.locator('#verdict').innerText(), /Shifted/);
  assert.match(await frame.locator('#schema').innerText(), /legacy_flag[\s\S]*channel/);
  const files = await frame.locator('#files tbody tr').allInnerTexts();
  assert.deepEqual(files.map((f) => /week-\d+\.csv/.exec(f)?.[0]), ['week-49.csv', 'week-50.csv']);
  assert.ok(files.every((f) => /shifted[\s\S]*n 900\/\d+/.test(f)), files.join(' | '));
  await wb.screenshot(shot);
}

for (const [theme, shot] of [['Default Dark Modern', '90-data-shift-dark'], ['Default Light Modern', '91-data-shift-light'], ['Default High Contrast', '92-data-shift-high-contrast']] as const) {
  describe(`Data Shift view (${theme})`, function () {
    this.timeout(300_000);
    let wb: Workbench;
    const suite = useWorkbench({ workspace: makeWorkspace, theme, logPageErrors: true });
    before(() => ({ wb } = suite));

    it('shows the shifted monitor, its notification and its report: verdict, table, schema and charts', async () => {
      await openReport(wb, shot);
    });

    if (theme === 'Default Dark Modern') {
      it('draws a column named like HTML as text, with no CSP violation when the report renders again', async () => {
        const frame = await wb.webviewFrame('dataShift.js');
        const cell = frame.locator('#columns tbody tr td.name', { hasText: 'onerror' });
        assert.equal((await cell.innerText()).trim(), HOSTILE);
        assert.equal(await frame.locator('#root img').count(), 0, 'no <img> element on the page');
        await frame.evaluate(() => {
          const w = window as unknown as { violations: string[] };
          w.violations = [];
          document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`), true);
          // The table stays; its rows are drawn anew for each report: mark the rows shown now.
          for (const row of document.querySelectorAll('#columns tbody tr')) row.setAttribute('data-old', '1');
        });
        await frame.locator('#refresh').click();
        await frame.locator('#columns tbody tr:not([data-old])').first().waitFor({ timeout: 60_000 });
        assert.equal((await frame.locator('#columns tbody tr td.name', { hasText: 'onerror' }).innerText()).trim(), HOSTILE);
        // Sorted by the page's request, in core's order: by name, descending.
        await frame.locator('button.sort-button[data-sort="name"]').click();
        await frame.locator('th[aria-sort="ascending"] button[data-sort="name"]').waitFor({ timeout: 30_000 });
        const names = await frame.locator('#columns tbody tr td.name').allInnerTexts();
        assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
        const violations = await frame.evaluate(() => (window as unknown as { violations: string[] }).violations);
        assert.deepEqual(violations, [], 'the page never tried to run anything from run data');
        await wb.screenshot('93-data-shift-sorted');
      });
    }
  });
}
