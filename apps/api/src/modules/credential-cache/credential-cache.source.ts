import { Injectable } from '@nestjs/common';
import type { CachedPerson, CachedReader } from '#contracts';
import { keypadCodeFor } from '#domain';
import { pinState } from '../credentials/pin-policy.js';
import { PeopleRepository } from '../people/people.repository.js';
import { TemplateCipher } from '../people/template-cipher.js';
import { SiteRepository } from '../site/site.repository.js';
import type { CachePersonMeta } from './cache-state.js';

/**
 * Reads what a bridge authenticates with: active people who have a PIN, their PIN verifier and whether it is
 * usable now, their templates and live IC cards (keyed hashes). Template data is opened from its at-rest seal
 * only for the people a cache actually carries, and only to be sealed again for the bridge.
 */
@Injectable()
export class CredentialCacheSource {
  constructor(
    private readonly people: PeopleRepository,
    private readonly site: SiteRepository,
    private readonly cipher: TemplateCipher,
  ) {}

  async peopleNow(now: Date): Promise<CachePersonMeta[]> {
    const [active, templates, cards] = await Promise.all([this.people.activeWithPins(), this.people.activeTemplateInfo(), this.people.activeLiveCards()]);
    const templatesOf = groupBy(templates, (t) => t.personId);
    const cardsOf = groupBy(cards, (c) => c.personId);
    return active.map((p) => ({
      personId: p.id,
      personNo: p.personNo,
      keypadCode: keypadCodeFor(p.personNo),
      kind: p.kind,
      pinVerifier: p.verifier,
      pinUsable: pinState(p, now) === 'usable',
      templates: (templatesOf.get(p.id) ?? []).map((t) => ({ id: t.id, position: t.position, format: t.format })).sort((a, b) => a.id.localeCompare(b.id)),
      cards: (cardsOf.get(p.id) ?? []).map((c) => c.cardHash.toString('hex')).sort(),
    }));
  }

  /** The cached form of these people, template data opened. */
  async cachedPeople(people: readonly CachePersonMeta[]): Promise<CachedPerson[]> {
    const sealed = groupBy(await this.people.sealedTemplatesOf(people.map((p) => p.personId)), (t) => t.personId);
    return people.map((p) => {
      const rows = new Map((sealed.get(p.personId) ?? []).map((t) => [t.id, t]));
      return {
        personId: p.personId,
        personNo: p.personNo,
        keypadCode: p.keypadCode,
        kind: p.kind,
        pinVerifier: p.pinVerifier,
        pinUsable: p.pinUsable,
        // A template deleted between the two reads is left out; the next change notification corrects it.
        templates: p.templates.flatMap((t) => {
          const row = rows.get(t.id);
          return row ? [{ ...t, data: this.cipher.open(row.sealed, p.personId, t.id).toString('base64') }] : [];
        }),
        ...(p.cards.length > 0 && { cards: p.cards }),
      };
    });
  }

  async readers(bridgeId: string): Promise<CachedReader[]> {
    return (await this.site.readersOfBridge(bridgeId)).map((r) => ({ readerId: r.id, veinThreshold: r.veinThreshold }));
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
