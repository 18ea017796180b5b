import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash, verify } from '@node-rs/argon2';
import { keypadCodeFor } from '#domain';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Actor } from '../../common/auth/decorators.js';
import { CredentialChanges } from '../../common/changes/credential-changes.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { PersonEntity, PinCredentialEntity } from '../people/people.entities.js';
import type { PinStatusDto } from './dto/credentials.dto.js';
import { pinProblems, pinState } from './pin-policy.js';

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$2OxU4xDVN9Ib3t9GoCkznQ$v5codksU+llV1NUshuzW1qtowC9wMfSyzwwEJXZvwb4';
const SELF_SERVICE = { system: 'pin-self-service' };

/**
 * Door PINs (4(4)②): argon2id verifiers; administrators only issue temporary PINs, which the person must change
 * before the first door use; periodic expiry; no reuse of the last N; lockout after N failures at the door or
 * at the change endpoint.
 */
@Injectable()
export class PinService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: CredentialChanges,
  ) {}

  async status(personId: string, now = new Date()): Promise<PinStatusDto> {
    const pin = await this.dataSource.getRepository(PinCredentialEntity).findOneBy({ personId });
    return {
      state: pinState(pin, now),
      expiresAt: pin?.expiresAt?.toISOString(),
      lockedUntil: pin?.lockedUntil && pin.lockedUntil > now ? pin.lockedUntil.toISOString() : undefined,
      failedAttempts: pin?.failedAttempts ?? 0,
    };
  }

  async issueTemporary(actor: Actor, personId: string, temporaryPin: string): Promise<PinStatusDto> {
    const person = await this.dataSource.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!person) throw new AppError(ErrorCode.NotFound, 'Person not found', `No person ${personId}.`);
    this.assertPolicy('temporaryPin', temporaryPin, person.personNo);
    const verifier = await hash(temporaryPin);
    await this.dataSource.transaction(async (m) => {
      await this.store(m, personId, verifier, { mustChange: true, expiresAt: null, issuedBy: actor.operatorId });
      await this.audit.record(m, actor, { action: 'pin.temporary-issued', target: { type: 'person', id: personId }, personId });
    });
    this.changes.notify('pin.temporary-issued');
    return this.status(personId);
  }

  /** The person changes their own PIN with the current (possibly temporary) one. */
  async change(personNo: string, currentPin: string, newPin: string, now = new Date()): Promise<void> {
    const person = await this.dataSource.getRepository(PersonEntity).findOneBy({ personNo });
    const pin = person ? await this.dataSource.getRepository(PinCredentialEntity).findOneBy({ personId: person.id }) : null;
    const ok = await verify(pin?.verifier ?? DUMMY_HASH, currentPin).catch(() => false);
    if (!person || !pin || person.status !== 'active') throw badPin();
    if (pin.lockedUntil && pin.lockedUntil > now) {
      throw new AppError(ErrorCode.AccountLocked, 'PIN locked', `Too many wrong PINs; try again after ${pin.lockedUntil.toISOString()}.`);
    }
    if (!ok) {
      await this.dataSource.transaction((m) => this.recordFailure(m, person.id, now));
      this.changes.notify('pin.failure');
      throw badPin();
    }
    this.assertPolicy('newPin', newPin, person.personNo);
    if (await this.reused(person.id, newPin)) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [
        { field: 'newPin', message: `newPin must differ from the last ${Math.max(1, this.config.pinPolicy.history)} PINs` },
      ]);
    }
    const verifier = await hash(newPin);
    const expiresAt = this.config.pinPolicy.maxAgeMs > 0 ? new Date(now.getTime() + this.config.pinPolicy.maxAgeMs) : null;
    await this.dataSource.transaction(async (m) => {
      await this.store(m, person.id, verifier, { mustChange: false, expiresAt, issuedBy: null });
      await this.audit.record(m, SELF_SERVICE, { action: 'pin.changed', target: { type: 'person', id: person.id }, personId: person.id });
    });
    this.changes.notify('pin.changed');
  }

  /**
   * Counts a door result against the lockout (called in the deciding transaction). Returns true when the
   * PIN's usability changed, so the caller pushes fresh caches after commit.
   */
  async recordDoorResult(m: EntityManager, personId: string, result: 'ok' | 'fail', now: Date): Promise<boolean> {
    if (result === 'fail') return this.recordFailure(m, personId, now);
    await m.query('UPDATE pin_credentials SET failed_attempts = 0 WHERE person_id = $1 AND failed_attempts > 0', [personId]);
    return false;
  }

  private async recordFailure(m: EntityManager, personId: string, now: Date): Promise<boolean> {
    // TypeORM answers UPDATE … RETURNING with [rows, affectedCount].
    const [[row]] = await m.query(
      'UPDATE pin_credentials SET failed_attempts = failed_attempts + 1 WHERE person_id = $1 RETURNING failed_attempts',
      [personId],
    );
    if (!row || row.failed_attempts < this.config.pinPolicy.lockoutThreshold) return false;
    const lockedUntil = new Date(now.getTime() + this.config.pinPolicy.lockoutMs);
    await m.update(PinCredentialEntity, { personId }, { failedAttempts: 0, lockedUntil });
    await this.audit.record(m, { system: 'pin-lockout' }, {
      action: 'pin.locked', target: { type: 'person', id: personId }, personId, after: { lockedUntil }, reason: `${row.failed_attempts} wrong PINs`,
    });
    return true;
  }

  private assertPolicy(field: string, pin: string, personNo: string): void {
    const problems = pinProblems(pin, keypadCodeFor(personNo), this.config.pinPolicy);
    if (problems.length > 0) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, problems.map((p) => ({ field, message: `${field} ${p}` })));
    }
  }

  private async reused(personId: string, pin: string): Promise<boolean> {
    const depth = Math.max(1, this.config.pinPolicy.history);
    const rows: Array<{ verifier: string }> = await this.dataSource.query(
      'SELECT verifier FROM pin_history WHERE person_id = $1 ORDER BY created_at DESC LIMIT $2',
      [personId, depth],
    );
    for (const row of rows) if (await verify(row.verifier, pin).catch(() => false)) return true;
    return false;
  }

  private async store(m: EntityManager, personId: string, verifier: string, fields: { mustChange: boolean; expiresAt: Date | null; issuedBy: string | null }): Promise<void> {
    await m.query(
      `INSERT INTO pin_credentials (person_id, verifier, must_change, expires_at, issued_by, failed_attempts, locked_until, updated_at)
       VALUES ($1, $2, $3, $4, $5, 0, NULL, now())
       ON CONFLICT (person_id) DO UPDATE SET verifier = $2, must_change = $3, expires_at = $4, issued_by = $5,
         failed_attempts = 0, locked_until = NULL, updated_at = now()`,
      [personId, verifier, fields.mustChange, fields.expiresAt, fields.issuedBy],
    );
    await m.query('INSERT INTO pin_history (person_id, verifier) VALUES ($1, $2)', [personId, verifier]);
  }
}

const badPin = () => new AppError(ErrorCode.InvalidCredentials, 'Person number or PIN is wrong');
