import { cardReference } from '#contracts';
import { IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/decorators.js';
import type { AuditService } from '../audit/audit.service.js';
import { CardCredentialEntity } from './card-credential.entity.js';

/** How records name a card: the first 32 hex digits of its keyed hash, never the number. */
export const cardReferenceOf = (hash: Buffer): string => cardReference(hash.toString('hex'));

/** Revokes one live card inside the caller's transaction, with its audit record. */
export async function revokeCard(m: EntityManager, audit: AuditService, actor: Actor | { system: string }, card: CardCredentialEntity, reason: string | undefined): Promise<void> {
  const revokedBy = 'system' in actor ? null : actor.operatorId;
  await m.update(CardCredentialEntity, { id: card.id }, { revokedAt: new Date(), revokedBy, revokeReason: reason ?? null });
  await audit.record(m, actor, {
    action: 'card.revoked', target: { type: 'person', id: card.personId }, personId: card.personId,
    before: { cardId: card.id, reference: cardReferenceOf(card.cardHash), label: card.label ?? undefined }, reason,
  });
}

/** Every live card of a person who leaves. */
export async function revokeLiveCards(m: EntityManager, audit: AuditService, actor: Actor | { system: string }, personId: string, reason: string): Promise<number> {
  const cards = await m.findBy(CardCredentialEntity, { personId, revokedAt: IsNull() });
  for (const card of cards) await revokeCard(m, audit, actor, card, reason);
  return cards.length;
}
