// Finding a workspace's runlens.yaml and reading its text, without the YAML parser: the CLI plans
// a raw command with this alone and loads the parser only when the text needs parsing.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The file names looked for at a workspace root, in order of preference: the one list every front
 * end uses (the extension's watchers, document selectors and `hasConfig`; the CLI's workspace
 * lookup). package.json's activationEvents cannot import it; a unit test keeps them equal.
 */
export const CONFIG_FILE_NAMES = ['runlens.yaml', 'runlens.yml'] as const;

/** The name a new config is created with (the preferred one). */
export const NEW_CONFIG_FILE: string = CONFIG_FILE_NAMES[0];

/** A glob matching a config file in any folder, for file watchers and document selectors. */
export const CONFIG_FILE_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

/**
 * The first config file of a workspace root with its text; undefined when there is none. A file
 * that exists but cannot be read throws (it is not the same as no config).
 */
export async function readConfigFile(workspaceRoot: string): Promise<{ readonly file: string; readonly text: string } | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const file = join(workspaceRoot, name);
    try {
      return { file, text: await readFile(file, 'utf8') };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return undefined;
}
