// The Runs view's title actions: the filter input (validated live, with the position of a mistake,
// a count of matching runs, and recent filters behind a button), clearing it, the sort picker and
// the trash toggle. Each accepts its answer as an argument so tests and keybindings skip the UI.
import * as vscode from 'vscode';
import { type RunSummary } from '../../core/store/summary';
import { compileFilter } from '../../core/query/evaluate';
import { describeQueryError, QueryError } from '../../core/query/parse';
import { describeSort, metricNames, type RunSort } from '../../core/query/sort';
import { type RunsView } from '../runs/runsView';

const EXAMPLES = 'status:failed · tag:baseline · resnet · acc > 0.9 and lr < 0.01 · not (status:running or loss.min > 1)';

async function allRuns(view: RunsView): Promise<RunSummary[]> {
  return (await Promise.all(view.folderRuns().map((f) => f.list()))).flat();
}

/** Applies `text` as the filter; shows why when it is malformed. Returns whether it was applied. */
async function apply(view: RunsView, text: string): Promise<boolean> {
  try {
    await view.state.setFilter(text);
    return true;
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    void vscode.window.showErrorMessage(`Runlens: the filter "${text}" is malformed. ${describeQueryError(e)}`);
    return false;
  }
}

/** "Filter Runs...": an input box validated as you type; `text` applies a filter directly. */
export async function filterRuns(view: RunsView, text?: unknown): Promise<boolean> {
  if (typeof text === 'string') return apply(view, text);
  const runs = await allRuns(view);
  const input = vscode.window.createInputBox();
  const recentButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('history'), tooltip: 'Recent filters' };
  input.title = 'Filter Runs';
  input.placeholder = EXAMPLES;
  input.value = view.state.filter;
  input.valueSelection = [0, input.value.length];
  input.buttons = view.state.recentFilters().length > 0 ? [recentButton] : [];
  const validate = (value: string): void => {
    try {
      const matches = compileFilter(value);
      input.validationMessage = undefined;
      input.prompt = value.trim()
        ? `${runs.filter(matches).length} of ${runs.length} runs match. Enter applies the filter.`
        : `Text, status:, tag:, experiment:, name:, id:, metric/param comparisons (== != > < >= <=), and, or, not, ( ). Empty shows every run.`;
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      input.validationMessage = describeQueryError(e);
    }
  };
  validate(input.value);
  return new Promise<boolean>((done) => {
    let settled = false;
    let switching = false;
    const finish = (result: boolean): void => {
      if (settled) return;
      settled = true;
      for (const s of subscriptions) s.dispose();
      input.dispose();
      done(result);
    };
    const subscriptions = [
      input.onDidChangeValue(validate),
      input.onDidAccept(() => {
        if (input.validationMessage) return;
        void apply(view, input.value).then(finish);
      }),
      input.onDidTriggerButton(() => {
        switching = true;
        input.hide();
        void pickRecent(view).then(finish);
      }),
      input.onDidHide(() => {
        if (!switching) setTimeout(() => finish(false), 0);
      }),
    ];
    input.show();
  });
}

async function pickRecent(view: RunsView): Promise<boolean> {
  const items = view.state.recentFilters().map((f) => ({ label: f, description: f === view.state.filter ? 'active' : undefined }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Recent Filters', placeHolder: 'Apply a filter used before' });
  return picked ? apply(view, picked.label) : false;
}

/** "Clear Filter": shows every run again. */
export async function clearFilter(view: RunsView): Promise<void> {
  await view.state.setFilter('');
}

/** "Sort Runs By...": newest first, name, or any metric the runs log, either way. */
export async function sortRuns(view: RunsView, sort?: RunSort): Promise<boolean> {
  if (sort) {
    await view.state.setSort(sort);
    return true;
  }
  const current = describeSort(view.state.sort);
  type Item = vscode.QuickPickItem & { sort?: RunSort };
  const items: Item[] = [
    { label: '$(history) Newest first', sort: { by: 'newest' } },
    { label: '$(symbol-text) Name', sort: { by: 'name' } },
  ];
  const metrics = metricNames(await allRuns(view));
  if (metrics.length > 0) items.push({ label: 'Metrics', kind: vscode.QuickPickItemKind.Separator });
  for (const m of metrics) {
    const detail = `${m.runs} run${m.runs === 1 ? '' : 's'} log it; runs without it come last`;
    items.push({ label: `$(arrow-down) ${m.name}, highest first`, detail, sort: { by: 'metric', metric: m.name, direction: 'desc' } });
    items.push({ label: `$(arrow-up) ${m.name}, lowest first`, detail, sort: { by: 'metric', metric: m.name, direction: 'asc' } });
  }
  for (const item of items) if (item.sort && describeSort(item.sort) === current) item.description = 'current';
  const picked = await vscode.window.showQuickPick(items, { title: 'Sort Runs By', placeHolder: 'Order of the runs inside each group (by the last value of a metric)', matchOnDetail: false });
  if (!picked?.sort) return false;
  await view.state.setSort(picked.sort);
  return true;
}

/** Shows or hides the Trash group of each folder. */
export async function showTrash(view: RunsView, show: boolean): Promise<void> {
  await view.state.setShowTrash(show);
}
