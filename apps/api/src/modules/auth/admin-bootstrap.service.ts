import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Repository } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Role } from '../../common/auth/permission.js';
import { OperatorEntity } from './operator.entities.js';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD_FILE = 'admin-password.txt';

/**
 * Creates the demo admin on first start: password from ACS_ADMIN_PASSWORD, or generated, written once to
 * `<data dir>/admin-password.txt` (mode 600) and announced once. Never logs the password itself.
 */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(OperatorEntity) private readonly operators: Repository<OperatorEntity>,
  ) {}

  async ensureAdmin(): Promise<void> {
    if (await this.operators.existsBy({ username: ADMIN_USERNAME })) return;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    if (!this.config.adminPassword) {
      await mkdir(this.config.dataDir, { recursive: true });
      const file = join(this.config.dataDir, ADMIN_PASSWORD_FILE);
      await writeFile(file, `${password}\n`, { mode: 0o600 });
      this.logger.log({ file }, 'generated the admin password; it is stored in this file');
    }
    await this.operators.insert({
      id: uuidv7(),
      username: ADMIN_USERNAME,
      passwordHash: await hash(password),
      role: Role.SystemAdministrator,
    });
  }
}
