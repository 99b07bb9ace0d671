// The Runs Table page's layout rules (webview/runsTable/layout.ts): new columns arrive hidden in
// their group, collapsed groups become one stub column, pinned columns lead, and a group's label
// stays beside the pinned columns when the grid is scrolled sideways instead of hiding under them.
import * as assert from 'node:assert/strict';
import { type TableColumn } from '../../../src/protocol/runsTable';
import { displayColumns, GROUP_LABEL_WIDTH, groupLabelInset, initialLayout, reconcile } from '../../../webview/runsTable/layout';

const col = (key: string, group: TableColumn['group']): TableColumn => ({ key, label: key, group, numeric: group === 'metrics', goal: null });
const COLUMNS = [col('status', 'run'), col('name', 'run'), col('param:lr', 'params'), col('metric:loss', 'metrics')];
const keys = (columns: ReturnType<typeof displayColumns>): string[] => columns.map((d) => (d.kind === 'column' ? d.column.key : `[${d.group}]`));

describe('runs table page layout', () => {
  it('pins the name first, shows every column of a first table, collapses a group into a stub', () => {
    const layout = initialLayout(COLUMNS);
    assert.deepEqual(keys(displayColumns(COLUMNS, layout, new Set())), ['name', 'status', 'param:lr', 'metric:loss']);
    assert.deepEqual(keys(displayColumns(COLUMNS, { ...layout, collapsed: ['params'] }, new Set())), ['name', 'status', '[params]', 'metric:loss']);
  });

  it('adds a column the layout has not seen hidden, unless it is pinned', () => {
    const layout = initialLayout(COLUMNS);
    const more = [...COLUMNS, col('metric:acc', 'metrics')];
    const next = reconcile(layout, more);
    assert.ok(next.hidden.includes('metric:acc'));
    assert.ok(!keys(displayColumns(more, next, new Set())).includes('metric:acc'));
    assert.equal(reconcile(next, more), next, 'nothing new: the same layout');
  });

  it('keeps only differing columns (and the run columns) when asked', () => {
    const layout = { ...initialLayout(COLUMNS), onlyDiffering: true };
    assert.deepEqual(keys(displayColumns(COLUMNS, layout, new Set(['metric:loss']))), ['name', 'status', 'metric:loss']);
  });

  it('moves a group label scrolled under the pinned columns to their edge, until the group scrolls away', () => {
    // Pinned columns 200 px wide; a group from 300 to 900 px.
    assert.equal(groupLabelInset(300, 600, 0, 200), 0, 'not scrolled: the label stays at the group\'s start');
    assert.equal(groupLabelInset(300, 600, 100, 200), 0, 'the group starts right at the pinned edge');
    assert.equal(groupLabelInset(300, 600, 250, 200), 150, 'scrolled 150 px under the pinned columns');
    assert.equal(groupLabelInset(300, 600, 800, 200), 600 - GROUP_LABEL_WIDTH, 'never past the group\'s end');
    assert.equal(groupLabelInset(300, 60, 800, 200), 0, 'a group narrower than its label keeps it at its start');
  });
});
