// Editing tags of one or several runs from one comma-separated list: the list starts as the tags
// every selected run shares; tags added to it are added to each run, tags removed from it are
// removed from each run, and tags only some runs have are left alone.
import { invalidTag } from '../store/names';

/** The tags in a comma-separated list: trimmed, empty entries dropped, duplicates removed. */
export function parseTagList(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter((t) => t.length > 0))];
}

/** Why `text` is not an acceptable tag list, or undefined when it is. */
export function invalidTagList(text: string): string | undefined {
  for (const tag of parseTagList(text)) {
    const why = invalidTag(tag);
    if (why) return `the tag ${JSON.stringify(tag.length > 40 ? `${tag.slice(0, 20)}…` : tag)}: ${why}`;
  }
  return undefined;
}

/** The tags all of `tagSets` share, in the order of the first set. */
export function commonTags(tagSets: readonly (readonly string[])[]): string[] {
  const [first, ...rest] = tagSets;
  return (first ?? []).filter((t) => rest.every((s) => s.includes(t)));
}

/** One run's new tags after the shared list `before` was edited into `after`. */
export function applyTagEdit(current: readonly string[], before: readonly string[], after: readonly string[]): string[] {
  return editTags(current, after, before.filter((t) => !after.includes(t)));
}

/** `current` with `add` appended (no duplicates) and `remove` taken out, order kept. */
export function editTags(current: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
  const removed = new Set(remove);
  return [...new Set([...current, ...add])].filter((t) => !removed.has(t));
}
