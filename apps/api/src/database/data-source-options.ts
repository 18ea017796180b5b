import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations/index.js';
import { ApiTokenEntity, OperatorEntity, OperatorSessionEntity, RoleAssignmentEntity } from '../modules/auth/operator.entities.js';
import { CompanyEntity, HolidayEntity, IdentityCheckEntity, IdReviewEntity, OrgUnitEntity } from '../modules/people/organisation.entities.js';
import { LedgerStayEntity } from '../modules/ledger/ledger-stay.entity.js';
import {
  AuthorisationEntity,
  PersonEntity,
  PinCredentialEntity,
  VeinTemplateEntity,
} from '../modules/people/people.entities.js';
import { CardCredentialEntity } from '../modules/people/card-credential.entity.js';
import { AreaEntity, DoorEntity, ReaderEntity } from '../modules/site/site.entities.js';
import { VeinCaptureEntity } from '../modules/vein-capture/vein-capture.entity.js';

export const entities = [
  AreaEntity,
  DoorEntity,
  ReaderEntity,
  PersonEntity,
  PinCredentialEntity,
  VeinTemplateEntity,
  CardCredentialEntity,
  AuthorisationEntity,
  OperatorEntity,
  OperatorSessionEntity,
  RoleAssignmentEntity,
  ApiTokenEntity,
  OrgUnitEntity,
  CompanyEntity,
  IdentityCheckEntity,
  HolidayEntity,
  IdReviewEntity,
  LedgerStayEntity,
  VeinCaptureEntity,
];

/** One definition for the app, the CLI and the tests. The schema comes only from migrations, never synchronize. */
export function dataSourceOptions(databaseUrl: string, options: { migrationsRun?: boolean; role?: string } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    migrationsRun: options.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // With a role, every pooled connection runs as it (e.g. acs_app: the log tables are INSERT/SELECT only).
    extra: { max: 10, application_name: 'acs-api', ...(options.role ? { options: `-c role=${options.role}` } : {}) },
  };
}
