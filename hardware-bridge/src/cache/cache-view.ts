import {
  UNKEYED_CARD_REFERENCE,
  cardHash,
  cardReference,
  type CachedPerson,
  type CachedReader,
  type CredentialCacheContent,
  type CredentialCacheDelta,
} from '#contracts';

export interface CardLookup {
  /** How logs, events and the decision request name the card: never its number. */
  reference: string;
  person: CachedPerson | undefined;
}

/**
 * One version of the unsealed cache with its lookup indexes. Immutable: a delta produces a new view, so a
 * door attempt in flight never sees a half-applied update.
 */
export class CacheView {
  /** What a card finds when there is no cache (and so no card key). */
  static readonly noCard: CardLookup = Object.freeze({ reference: UNKEYED_CARD_REFERENCE, person: undefined });

  private readonly byKeypadCode: ReadonlyMap<string, CachedPerson>;
  private readonly byCardHash: ReadonlyMap<string, CachedPerson>;
  private readonly thresholds: ReadonlyMap<string, number>;

  private constructor(
    readonly version: number,
    readonly issuedAt: string,
    private readonly people: ReadonlyMap<string, CachedPerson>,
    private readonly readers: readonly CachedReader[],
    private readonly cardKey: Buffer | undefined,
  ) {
    const all = [...people.values()];
    this.byKeypadCode = new Map(all.map((p) => [p.keypadCode, p]));
    this.byCardHash = new Map(all.flatMap((p) => (p.cards ?? []).map((h) => [h, p] as const)));
    this.thresholds = new Map(readers.map((r) => [r.readerId, r.veinThreshold]));
  }

  static fromSnapshot(content: CredentialCacheContent): CacheView {
    const cardKey = content.cardKey === undefined ? undefined : Buffer.from(content.cardKey, 'base64');
    return new CacheView(content.version, content.issuedAt, new Map(content.people.map((p) => [p.personId, p])), content.readers, cardKey);
  }

  /** The next version; the caller has checked that `delta.baseVersion` is this view's version. */
  apply(delta: CredentialCacheDelta): CacheView {
    if (delta.baseVersion !== this.version) throw new Error(`delta for base ${delta.baseVersion} applied to ${this.version}`);
    const people = new Map(this.people);
    for (const id of delta.removals) people.delete(id);
    for (const person of delta.upserts) people.set(person.personId, person);
    return new CacheView(delta.version, delta.issuedAt, people, delta.readers ?? this.readers, this.cardKey);
  }

  get size(): number {
    return this.people.size;
  }

  findByKeypadCode(code: string): CachedPerson | undefined {
    return this.byKeypadCode.get(code);
  }

  /** Hashes the presented card with the cache's card key; without a key nobody can be found. */
  findByCard(cardNumberHex: string): CardLookup {
    if (!this.cardKey) return CacheView.noCard;
    const hash = cardHash(this.cardKey, cardNumberHex);
    return { reference: cardReference(hash), person: this.byCardHash.get(hash) };
  }

  readerThreshold(readerId: string): number | undefined {
    return this.thresholds.get(readerId);
  }
}
