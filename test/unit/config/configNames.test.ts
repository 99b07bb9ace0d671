// One list of config file names (core's CONFIG_FILE_NAMES): package.json's activation events cannot
// import it, so this test keeps them equal, and the glob the extension watches matches exactly them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_FILE_GLOB, CONFIG_FILE_NAMES, NEW_CONFIG_FILE } from '../../../src/core/config/configFile';
import { CONFIG_FILE } from '../../../src/core/starterConfig';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

describe('config file names', () => {
  it('package.json activates on exactly core\'s config names (and the store folder)', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { activationEvents: string[] };
    const contains = pkg.activationEvents.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
    assert.deepEqual(contains.filter((n) => n !== '.runlens').sort(), [...CONFIG_FILE_NAMES].sort());
  });

  it('the watcher and selector glob names every config file and nothing else', () => {
    const names = /^\*\*\/\{(.*)\}$/.exec(CONFIG_FILE_GLOB)?.[1]?.split(',');
    assert.deepEqual(names, [...CONFIG_FILE_NAMES]);
    assert.equal(NEW_CONFIG_FILE, 'runlens.yaml');
    assert.equal(CONFIG_FILE, NEW_CONFIG_FILE);
  });
});
