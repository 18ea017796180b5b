import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { hash, verify } from '@node-rs/argon2';
import { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Actor } from '../../common/auth/decorators.js';
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../common/auth/totp.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { AuditService } from '../audit/audit.service.js';
import { TemplateCipher } from '../people/template-cipher.js';
import { OperatorEntity } from './operator.entities.js';
import { passwordProblems } from './password-policy.js';
import { SessionsService } from './sessions.service.js';

/** A hash to compare against when the username is unknown, so both paths cost one argon2 verify. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$2OxU4xDVN9Ib3t9GoCkznQ$v5codksU+llV1NUshuzW1qtowC9wMfSyzwwEJXZvwb4';
const TOTP_AAD = 'operator-totp-secret';

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  stage: 'full' | 'password-change';
  roles: string[];
}

/**
 * Operator login: argon2id passwords, lockout after repeated failures, temporary passwords that must be changed
 * before anything else (5(2)②ク), and TOTP for operators who enrolled it.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(OperatorEntity) private readonly operators: Repository<OperatorEntity>,
    private readonly sessions: SessionsService,
    private readonly cipher: TemplateCipher,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, totpCode: string | undefined, now = new Date()): Promise<LoginResult> {
    const operator = await this.operators.findOneBy({ username });
    const passwordOk = await verify(operator?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!operator || operator.disabledAt) throw invalid();
    if (operator.lockedUntil && operator.lockedUntil > now) {
      throw new AppError(ErrorCode.AccountLocked, 'Account locked', `Too many failed logins; try again after ${operator.lockedUntil.toISOString()}.`);
    }
    if (!passwordOk) {
      await this.recordFailure(operator, now);
      throw invalid();
    }
    if (operator.totpEnabled) {
      if (!totpCode) throw new AppError(ErrorCode.TotpRequired, 'TOTP code required', 'Send totpCode from your authenticator app.');
      if (!verifyTotp(this.openTotp(operator), totpCode, now.getTime())) {
        await this.recordFailure(operator, now);
        throw invalid();
      }
    }
    await this.operators.update({ id: operator.id }, { failedLogins: 0, lockedUntil: null });
    const stage = operator.mustChangePassword ? 'password-change' : 'full';
    const session = await this.sessions.issue(operator.id, stage);
    return { ...session, stage, roles: await this.sessions.activeRoles(operator.id) };
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const operator = await this.operators.findOneByOrFail({ id: actor.operatorId });
    if (!(await verify(operator.passwordHash, currentPassword).catch(() => false))) throw invalid();
    const problems = passwordProblems(newPassword, operator.username, this.config.login.passwordMinLength);
    if (await verify(operator.passwordHash, newPassword).catch(() => false)) problems.push('must differ from the current password');
    if (problems.length > 0) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, problems.map((message) => ({ field: 'newPassword', message: `newPassword ${message}` })));
    }
    const passwordHash = await hash(newPassword);
    await this.dataSource.transaction(async (m) => {
      await m.update(OperatorEntity, { id: operator.id }, { passwordHash, mustChangePassword: false });
      await this.audit.record(m, actor, { action: 'operator.password-changed', target: { type: 'operator', id: operator.id } });
    });
    // Every other session ends; this one continues with full rights after a fresh login.
    await this.sessions.endAllOf(operator.id);
  }

  /** Starts TOTP enrolment: returns the secret once, as an otpauth URI for the authenticator app. */
  async beginTotp(actor: Actor): Promise<{ otpauthUri: string }> {
    const secret = generateTotpSecret();
    await this.operators.update({ id: actor.operatorId }, { totpSecret: this.cipher.seal(secret, actor.operatorId, TOTP_AAD), totpEnabled: false });
    return { otpauthUri: otpauthUri('ACS', actor.username, secret) };
  }

  async confirmTotp(actor: Actor, code: string, now = new Date()): Promise<void> {
    const operator = await this.operators.findOneByOrFail({ id: actor.operatorId });
    if (!operator.totpSecret) throw new AppError(ErrorCode.Conflict, 'No TOTP enrolment in progress', 'Start with POST /api/v1/auth/totp.');
    if (!verifyTotp(this.openTotp(operator), code, now.getTime())) throw invalid();
    await this.dataSource.transaction(async (m) => {
      await m.update(OperatorEntity, { id: operator.id }, { totpEnabled: true });
      await this.audit.record(m, actor, { action: 'operator.totp-enabled', target: { type: 'operator', id: operator.id } });
    });
  }

  private openTotp(operator: OperatorEntity): Buffer {
    return this.cipher.open(operator.totpSecret!, operator.id, TOTP_AAD);
  }

  private async recordFailure(operator: OperatorEntity, now: Date): Promise<void> {
    const failures = operator.failedLogins + 1;
    const lock = failures >= this.config.login.lockoutThreshold;
    await this.operators.update(
      { id: operator.id },
      { failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(now.getTime() + this.config.login.lockoutMs) : operator.lockedUntil },
    );
    if (lock) {
      await this.dataSource.transaction((m) =>
        this.audit.record(m, { system: 'auth' }, { action: 'operator.locked', target: { type: 'operator', id: operator.id }, reason: `${failures} failed logins` }),
      );
    }
  }
}

const invalid = () => new AppError(ErrorCode.InvalidCredentials, 'Invalid username or password');
