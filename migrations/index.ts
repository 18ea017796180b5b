import { CreateSiteAndPeople1795564800000 } from './1795564800000-CreateSiteAndPeople.js';
import { CreateAccessLog1795564801000 } from './1795564801000-CreateAccessLog.js';
import { CreateLedgerStays1795564802000 } from './1795564802000-CreateLedgerStays.js';
import { CreateAdminAuth1795564803000 } from './1795564803000-CreateAdminAuth.js';

/** Every migration in order. Listed explicitly so the compiled app, the CLI and the tests run the same set. */
export const migrations = [
  CreateSiteAndPeople1795564800000,
  CreateAccessLog1795564801000,
  CreateLedgerStays1795564802000,
  CreateAdminAuth1795564803000,
];
