import { createHash } from 'node:crypto';
import type { CachedReader } from '#contracts';

/** What a cached person is, without the template data: templates never change under their id. */
export interface CachePersonMeta {
  personId: string;
  personNo: string;
  keypadCode: string;
  kind: 'staff' | 'contractor';
  pinVerifier: string;
  pinUsable: boolean;
  templates: Array<{ id: string; position: string; format: number }>;
  /** Card hashes (hex), sorted. */
  cards: string[];
}

/** What the api last sent one bridge: the version and a digest per person (and of the reader list). */
export interface CacheState {
  version: number;
  people: ReadonlyMap<string, string>;
  readers: string;
}

export interface CacheChanges {
  /** People added or changed since the state. */
  changed: string[];
  removed: string[];
  readersChanged: boolean;
}

const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('base64');

export function cacheStateOf(version: number, people: readonly CachePersonMeta[], readers: readonly CachedReader[]): CacheState {
  return { version, people: new Map(people.map((p) => [p.personId, digest(p)])), readers: digest(readers) };
}

/** People added, changed or gone between what was sent and what is current. */
export function diffCacheState(since: CacheState, current: CacheState): CacheChanges {
  const changed = [...current.people].filter(([id, d]) => since.people.get(id) !== d).map(([id]) => id);
  const removed = [...since.people.keys()].filter((id) => !current.people.has(id));
  return { changed, removed, readersChanged: since.readers !== current.readers };
}

export const isEmptyChange = (c: CacheChanges): boolean => c.changed.length === 0 && c.removed.length === 0 && !c.readersChanged;
