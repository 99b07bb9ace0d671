// Stored profiles, content-addressed: `<store>/cache/profiles/<sha256>.json`, one per file version,
// written atomically and shared by every run and command that reads that content. Derived data: a
// missing, unreadable or older-format profile is simply recomputed.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, type ErrorSink } from '../errors';
import { isNotFound, writeFileAtomic } from '../fs/atomic';
import { PROFILE_FORMAT, type FileProfile } from './types';

const SHA256 = /^[0-9a-f]{64}$/;

/** The profile cache of one store. */
export class ProfileStore {
  readonly dir: string;

  constructor(storeRoot: string, private readonly sink: ErrorSink) {
    this.dir = join(storeRoot, 'cache', 'profiles');
  }

  /** Path of the profile of content `sha256`. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.dir, `${sha256}.json`);
  }

  /** The stored profile of `sha256`, or undefined (absent, unreadable or of another format). */
  async get(sha256: string): Promise<FileProfile | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(sha256), 'utf8');
    } catch (e) {
      if (!isNotFound(e)) this.sink(`reading the profile ${sha256}`, errorMessage(e));
      return undefined;
    }
    try {
      const p = JSON.parse(text) as FileProfile;
      return p.format === PROFILE_FORMAT && p.sha256 === sha256 && Array.isArray(p.columns) ? p : undefined;
    } catch (e) {
      this.sink(`parsing the profile ${sha256}`, errorMessage(e));
      return undefined;
    }
  }

  /** Stores a profile (atomically: a reader never sees half of one). */
  async put(profile: FileProfile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.pathOf(profile.sha256), JSON.stringify(profile), { durable: false });
  }
}
