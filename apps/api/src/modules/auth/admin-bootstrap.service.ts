import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Role } from '../../common/auth/role.js';
import { OperatorEntity, RoleAssignmentEntity } from './operator.entities.js';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD_FILE = 'admin-password.txt';

/**
 * Creates the first operator, `admin` (system administrator), on first start: password from ACS_ADMIN_PASSWORD,
 * or generated, written once to `<data dir>/admin-password.txt` (mode 600). Never logs the password itself.
 */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async ensureAdmin(): Promise<void> {
    if (await this.dataSource.getRepository(OperatorEntity).existsBy({ username: ADMIN_USERNAME })) return;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    if (!this.config.adminPassword) {
      await mkdir(this.config.dataDir, { recursive: true });
      const file = join(this.config.dataDir, ADMIN_PASSWORD_FILE);
      await writeFile(file, `${password}\n`, { mode: 0o600 });
      this.logger.log({ file }, 'generated the admin password; it is stored in this file');
    }
    const passwordHash = await hash(password);
    await this.dataSource.transaction(async (m) => {
      const id = uuidv7();
      await m.insert(OperatorEntity, { id, username: ADMIN_USERNAME, passwordHash, mustChangePassword: false });
      await m.insert(RoleAssignmentEntity, {
        id: uuidv7(), operatorId: id, role: Role.SystemAdministrator, status: 'active', reason: 'first operator', approvedAt: new Date(),
      });
    });
  }
}
