// The whole manifests of the few runs something asked about last (a tooltip, a panel, a command) or
// that changed last: a bounded cache, least recently used first, so a store of 100,000 runs never
// has more than a panel's handful of manifests in memory.
import { type RunManifest } from '../../core/model';

/** Whole manifests kept (runs that changed or were asked about last): a panel's few runs, not the store. */
const MANIFESTS_KEPT = 256;

/** A least-recently-used cache of manifests by run id. */
export class ManifestCache {
  private readonly manifests = new Map<string, RunManifest>();

  constructor(private readonly capacity = MANIFESTS_KEPT) {}

  /** The kept manifest of run `id`, marked as used last. */
  get(id: string): RunManifest | undefined {
    const m = this.manifests.get(id);
    if (!m) return undefined;
    this.manifests.delete(id); // most recently used last
    this.manifests.set(id, m);
    return m;
  }

  /** Keeps `m` (replacing its run's older manifest), dropping the least recently used beyond capacity. */
  keep(m: RunManifest): void {
    this.manifests.delete(m.id);
    this.manifests.set(m.id, m);
    if (this.manifests.size > this.capacity) this.manifests.delete(this.manifests.keys().next().value as string);
  }

  /** Forgets run `id`'s manifest (it changed: the next ask reads it again). */
  delete(id: string): void {
    this.manifests.delete(id);
  }

  /** Forgets every manifest (the store was listed afresh). */
  clear(): void {
    this.manifests.clear();
  }
}
