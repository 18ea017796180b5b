import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Actor } from '../../common/auth/decorators.js';
import { OperatorEntity, OperatorSessionEntity } from './operator.entities.js';

/** A hash to compare against when the username is unknown, so both paths cost one argon2 verify. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$2OxU4xDVN9Ib3t9GoCkznQ$v5codksU+llV1NUshuzW1qtowC9wMfSyzwwEJXZvwb4';

const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();

export interface IssuedSession {
  accessToken: string;
  expiresAt: Date;
  actor: Actor;
}

/** Operator logins and bearer sessions; tokens are random and only their SHA-256 is stored. */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(OperatorEntity) private readonly operators: Repository<OperatorEntity>,
    @InjectRepository(OperatorSessionEntity) private readonly sessions: Repository<OperatorSessionEntity>,
  ) {}

  async login(username: string, password: string): Promise<IssuedSession | undefined> {
    const operator = await this.operators.findOneBy({ username });
    const ok = await verify(operator?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!operator || !ok) return undefined;
    const accessToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.sessionTtlMs);
    await this.sessions.insert({ tokenHash: tokenHash(accessToken), operatorId: operator.id, expiresAt });
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return { accessToken, expiresAt, actor: toActor(operator) };
  }

  async resolve(token: string): Promise<Actor | undefined> {
    const session = await this.sessions.findOneBy({ tokenHash: tokenHash(token) });
    if (!session || session.expiresAt.getTime() <= Date.now()) return undefined;
    const operator = await this.operators.findOneBy({ id: session.operatorId });
    return operator ? toActor(operator) : undefined;
  }

  async logout(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: tokenHash(token) });
  }
}

function toActor(o: OperatorEntity): Actor {
  return { operatorId: o.id, username: o.username, role: o.role };
}
