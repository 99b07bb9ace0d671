// Editing runs from the Runs view: star/unstar and tag (every selected run), rename and note (one
// run). Each command takes (node, selectedNodes, answer?) so tests and keybindings can pass the
// answer an input box would ask for; it returns whether the store was changed.
import * as vscode from 'vscode';
import { invalidName } from '../../core/store/names';
import { commonTags, invalidTagList, parseTagList } from '../../core/query/tags';
import { type RunsView } from '../runs/runsView';
import { manifestOf, messageOf, resolveTargets, runsLabel, type RunArg, type RunRef } from './targets';

async function updateAll(refs: readonly RunRef[], what: string, patch: (ref: RunRef) => Parameters<RunRef['folder']['store']['update']>[1]): Promise<boolean> {
  const failures: string[] = [];
  await Promise.all(refs.map(async (ref) => {
    try {
      await ref.folder.store.update(ref.id, patch(ref));
    } catch (e) {
      failures.push(`${manifestOf(ref)?.name ?? ref.id}: ${messageOf(e)}`);
    }
  }));
  if (failures.length > 0) {
    void vscode.window.showErrorMessage(`Runlens could not ${what} ${failures.length === 1 ? 'a run' : `${failures.length} runs`}: ${failures.join('; ')}. Refresh the Runs view and try again.`);
  }
  return failures.length < refs.length;
}

/** Stars (or unstars) the clicked run and the rest of the selection. */
export async function setStarred(view: RunsView, starred: boolean, arg: RunArg, selected: unknown): Promise<boolean> {
  const refs = await resolveTargets(view, arg, selected, { placeHolder: starred ? 'Star which runs?' : 'Unstar which runs?', many: true });
  return refs.length > 0 && updateAll(refs, starred ? 'star' : 'unstar', () => ({ starred }));
}

/** Edits the tags of the selected runs: the list starts as the tags they share. */
export async function tagRuns(view: RunsView, arg: RunArg, selected: unknown, answer?: string): Promise<boolean> {
  const refs = await resolveTargets(view, arg, selected, { placeHolder: 'Tag which runs?', many: true });
  if (refs.length === 0) return false;
  // Fresh from disk, not the view's cache: an edit a moment ago may not have reached it yet.
  const current = new Map(await Promise.all(refs.map(async (r) => [r.id, (await r.folder.store.getRun(r.id).catch(() => undefined))?.tags ?? manifestOf(r)?.tags ?? []] as const)));
  const shared = commonTags(refs.map((r) => current.get(r.id) ?? []));
  const text = answer ?? await vscode.window.showInputBox({
    title: `Tags of ${runsLabel(refs)}`,
    value: shared.join(', '),
    prompt: refs.length > 1
      ? 'Comma-separated. Tags you add go to every selected run; tags you remove here are removed from each. Tags only some runs have are kept.'
      : 'Comma-separated; remove a tag by deleting it from the list.',
    placeHolder: 'baseline, augment',
    validateInput: (v) => invalidTagList(v),
  });
  if (text === undefined) return false;
  const why = invalidTagList(text);
  if (why) {
    void vscode.window.showErrorMessage(`Runlens: ${why}. Edit the tags and try again.`);
    return false;
  }
  const next = parseTagList(text);
  // As an edit (what was added, what removed), applied under each run's lock to its tags on disk,
  // so a tag another window or `runlens tag` set meanwhile is kept.
  const removeTags = shared.filter((t) => !next.includes(t));
  return updateAll(refs, 'tag', () => ({ addTags: next, removeTags }));
}

/** Why `name` cannot be the new name of run `ref`, checked against the runs the view knows. */
function nameProblem(ref: RunRef, name: string): string | undefined {
  const why = invalidName(name);
  if (why) return `${why[0]?.toUpperCase() ?? ''}${why.slice(1)}.`;
  const owner = ref.folder.findByName(name);
  return owner && owner.id !== ref.id ? `Run ${owner.id} is already called "${owner.name}": names are unique in a workspace.` : undefined;
}

/** Renames one run; the name must be unique in its workspace folder (trash included). */
export async function renameRun(view: RunsView, arg: RunArg, selected: unknown, answer?: string): Promise<boolean> {
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Rename which run?' });
  const run = ref && manifestOf(ref);
  if (!ref || !run) return false;
  const name = answer ?? await vscode.window.showInputBox({
    title: `Rename run ${run.name}`,
    value: run.name,
    prompt: 'A unique name (any characters but control characters; no leading or trailing spaces; at most 100).',
    validateInput: (v) => (v === run.name ? undefined : nameProblem(ref, v)),
  });
  if (name === undefined || name === run.name) return false;
  const why = nameProblem(ref, name);
  if (why) {
    void vscode.window.showErrorMessage(`Runlens could not rename ${run.name}: ${why}`);
    return false;
  }
  try {
    await ref.folder.store.update(ref.id, { name });
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(`Runlens could not rename ${run.name}: ${messageOf(e)}. Choose another name.`);
    return false;
  }
}

/** Sets the note of one run (an empty note removes it). */
export async function noteRun(view: RunsView, arg: RunArg, selected: unknown, answer?: string): Promise<boolean> {
  const [ref] = await resolveTargets(view, arg, selected, { placeHolder: 'Add a note to which run?' });
  const run = ref && manifestOf(ref);
  if (!ref || !run) return false;
  const note = answer ?? await vscode.window.showInputBox({
    title: `Note on run ${run.name}`,
    value: run.note,
    prompt: 'Shown in the run\'s tooltip and found by the filter. Empty removes the note.',
    placeHolder: 'e.g. diverged after warmup; retry with a lower lr',
  });
  if (note === undefined || note === run.note) return false;
  return updateAll([ref], 'annotate', () => ({ note: note.trim() }));
}
