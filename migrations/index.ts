import { CreateSiteAndPeople1795564800000 } from './1795564800000-CreateSiteAndPeople.js';
import { CreateAccessLog1795564801000 } from './1795564801000-CreateAccessLog.js';
import { CreateLedgerStays1795564802000 } from './1795564802000-CreateLedgerStays.js';
import { CreateAdminAuth1795564803000 } from './1795564803000-CreateAdminAuth.js';
import { CreateOrganisation1795564804000 } from './1795564804000-CreateOrganisation.js';
import { ExtendDoorCredentials1795564805000 } from './1795564805000-ExtendDoorCredentials.js';
import { ExtendAuthorisations1795564806000 } from './1795564806000-ExtendAuthorisations.js';
import { CreateRoleModel1795564807000 } from './1795564807000-CreateRoleModel.js';
import { AddLedgerOperations1795564808000 } from './1795564808000-AddLedgerOperations.js';
import { AddMerkleTree1795564809000 } from './1795564809000-AddMerkleTree.js';
import { IndexLogQueries1795564820000 } from './1795564820000-IndexLogQueries.js';
import { IndexLogByArea1795564840000 } from './1795564840000-IndexLogByArea.js';
import { CreateAppRole1795564845000 } from './1795564845000-CreateAppRole.js';
import { CreateCardCredentials1795564847000 } from './1795564847000-CreateCardCredentials.js';
import { TruncateLogTimes1795564850000 } from './1795564850000-TruncateLogTimes.js';
import { AddLogRetention1795564860000 } from './1795564860000-AddLogRetention.js';
import { AddCheckpointVerifierKeys1795564865000 } from './1795564865000-AddCheckpointVerifierKeys.js';
import { AddAlarmRecords1795564871000 } from './1795564871000-AddAlarmRecords.js';
import { CreateVeinCaptures1795564875000 } from './1795564875000-CreateVeinCaptures.js';

/** Every migration in order. Listed explicitly so the compiled app, the CLI and the tests run the same set. */
export const migrations = [
  CreateSiteAndPeople1795564800000,
  CreateAccessLog1795564801000,
  CreateLedgerStays1795564802000,
  CreateAdminAuth1795564803000,
  CreateOrganisation1795564804000,
  ExtendDoorCredentials1795564805000,
  ExtendAuthorisations1795564806000,
  CreateRoleModel1795564807000,
  AddLedgerOperations1795564808000,
  AddMerkleTree1795564809000,
  IndexLogQueries1795564820000,
  IndexLogByArea1795564840000,
  CreateAppRole1795564845000,
  CreateCardCredentials1795564847000,
  TruncateLogTimes1795564850000,
  AddLogRetention1795564860000,
  AddCheckpointVerifierKeys1795564865000,
  AddAlarmRecords1795564871000,
  CreateVeinCaptures1795564875000,
];
