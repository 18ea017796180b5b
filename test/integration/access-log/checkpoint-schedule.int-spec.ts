import { uuidv7 } from 'uuidv7';
import { AccessLogModule } from '../../../apps/api/src/modules/access-log/access-log.module.js';
import { AccessLogRepository } from '../../../apps/api/src/modules/access-log/access-log.repository.js';
import { LogKind } from '../../../apps/api/src/modules/access-log/access-log.types.js';
import { Checkpointer } from '../../../apps/api/src/modules/access-log/checkpointer.service.js';
import { LogSigner } from '../../../apps/api/src/modules/access-log/log-signer.js';
import { LogTreeRepository } from '../../../apps/api/src/modules/access-log/log-tree.repository.js';
import { apiTestModule, type ApiTestModule } from '../../support/api-module.js';

const HOUR_MS = 3_600_000;
const event = (i: number) => ({ id: uuidv7(), kind: LogKind.Door, type: 'door.opened', occurredAt: new Date(), source: 'bridge-1', sourceSeq: i, doorId: 'door-a1', body: {} });

// Regression: the time trigger counted from 0 in memory, so every process signed on its first tick after start
// whatever the interval, and a restarted or second api did not know when the last checkpoint was signed.
describe('checkpoints every T seconds, counted from the last stored checkpoint', () => {
  let t: ApiTestModule;
  let log: AccessLogRepository;
  let tree: LogTreeRepository;
  let checkpointer: Checkpointer;

  beforeAll(async () => {
    t = await apiTestModule([AccessLogModule], { ACS_CHECKPOINT_EVERY: '1000000', ACS_CHECKPOINT_INTERVAL_S: '3600' });
    log = t.moduleRef.get(AccessLogRepository);
    tree = t.moduleRef.get(LogTreeRepository);
    checkpointer = t.moduleRef.get(Checkpointer);
  });
  afterAll(() => t?.close());

  it('does not sign right after start: the interval runs from the start', async () => {
    await log.appendInTransaction([event(1), event(2), event(3)]);
    expect(await checkpointer.maybeSign(Date.now())).toBeUndefined();
    expect(await tree.latestCheckpoint()).toBeUndefined();
  });

  it('signs once the interval has passed', async () => {
    const signed = await checkpointer.maybeSign(Date.now() + HOUR_MS);
    expect(signed?.size).toBe((await tree.head()).size);
  });

  it('a restarted (or second) api continues from the stored checkpoint instead of signing at once', async () => {
    const last = (await tree.latestCheckpoint())!;
    await log.appendInTransaction([event(4), event(5)]);
    const restarted = new Checkpointer(t.config, t.ds, tree, t.moduleRef.get(LogSigner));
    expect(await restarted.maybeSign(Date.now() + 60_000)).toBeUndefined();
    expect((await tree.latestCheckpoint())!.size).toBe(last.size);
    const due = await restarted.maybeSign(last.createdAt.getTime() + HOUR_MS);
    expect(due?.size).toBe(last.size + 2);
  });
});
