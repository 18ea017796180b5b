import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { cardHash } from '#contracts';
import { DataSource, IsNull, QueryFailedError, type EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { CardCredentialEntity } from '../people/card-credential.entity.js';
import { cardReferenceOf as reference, revokeCard } from '../people/card-revocation.js';
import { PersonEntity } from '../people/people.entities.js';
import type { CardInfoDto } from './dto/card.dto.js';

const LEAVING = new Set(['retired', 'transferred']);

/**
 * IC staff cards as door identifiers (3(2)②ア): registered and revoked per person, stored only as an
 * HMAC-SHA-256 of the number under the card key. A card number belongs to at most one live card. Every change
 * is an audit record (naming the card by its reference, never its number) and reaches the bridges as a delta.
 */
@Injectable()
export class CardsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async list(personId: string): Promise<CardInfoDto[]> {
    await this.personOrThrow(this.dataSource.manager, personId);
    const rows = await this.dataSource.getRepository(CardCredentialEntity).find({ where: { personId }, order: { registeredAt: 'ASC' } });
    return rows.map(toDto);
  }

  async register(actor: Actor, personId: string, cardNumber: string, label: string | undefined): Promise<CardInfoDto> {
    const hash = Buffer.from(cardHash(this.config.cardKey, cardNumber), 'hex');
    const id = uuidv7();
    try {
      await this.dataSource.transaction(async (m) => {
        const person = await this.personOrThrow(m, personId);
        if (LEAVING.has(person.status)) throw new AppError(ErrorCode.Conflict, 'Person has left', 'Cards are not registered for people who left.');
        const holder = await m.findOneBy(CardCredentialEntity, { cardHash: hash, revokedAt: IsNull() });
        if (holder) throw alreadyRegistered(holder.personId === personId);
        await m.insert(CardCredentialEntity, { id, personId, cardHash: hash, label: label ?? null, registeredBy: actor.operatorId });
        await this.audit.record(m, actor, {
          action: 'card.registered', target: { type: 'person', id: personId }, personId,
          after: { cardId: id, reference: reference(hash), label },
        });
      });
    } catch (error) {
      // Two registrations of one card at once: the partial unique index decides.
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') throw alreadyRegistered(false);
      throw error;
    }
    this.changes.notify('card.registered');
    return (await this.list(personId)).find((c) => c.id === id)!;
  }

  async revoke(actor: Actor, personId: string, cardId: string, reason: string | undefined): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const card = await m.findOneBy(CardCredentialEntity, { id: cardId, personId, revokedAt: IsNull() });
      if (!card) throw new AppError(ErrorCode.NotFound, 'Card not found', `No live card ${cardId} for person ${personId}.`);
      await revokeCard(m, this.audit, actor, card, reason);
    });
    this.changes.notify('card.revoked');
  }

  private async personOrThrow(m: EntityManager, personId: string): Promise<PersonEntity> {
    const person = await m.findOneBy(PersonEntity, { id: personId });
    if (!person) throw new AppError(ErrorCode.NotFound, 'Person not found', `No person ${personId}.`);
    return person;
  }
}

function alreadyRegistered(sameHolder: boolean): AppError {
  return new AppError(ErrorCode.Conflict, 'Card already registered', sameHolder ? 'This card is already registered to this person.' : 'This card is registered to another person; revoke it there first.');
}

function toDto(c: CardCredentialEntity): CardInfoDto {
  return {
    id: c.id,
    ...(c.label !== null && { label: c.label }),
    reference: reference(c.cardHash),
    registeredAt: c.registeredAt.toISOString(),
    ...(c.registeredBy !== null && { registeredBy: c.registeredBy }),
    ...(c.revokedAt !== null && { revokedAt: c.revokedAt.toISOString() }),
    ...(c.revokeReason !== null && { revokeReason: c.revokeReason }),
  };
}
