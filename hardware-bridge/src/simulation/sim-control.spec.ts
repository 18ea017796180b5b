import type { SimPresentRequest } from '#contracts';
import { syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { FakeMqttPort } from '../testing/fake-mqtt-port.js';
import { waitFor } from '../testing/fake-clock.js';
import { ALICE, sequenceFixture } from '../testing/sequence-fixture.js';
import { silentLogger } from '../testing/test-logger.js';
import { SimControl } from './sim-control.js';

const RESULT = 'acs/sim/bridges/bridge-1/present/result';

describe(SimControl.name, () => {
  let f: Awaited<ReturnType<typeof sequenceFixture>>;
  let mqtt: FakeMqttPort;
  let sut: SimControl;
  const request = (overrides: Partial<SimPresentRequest> = {}): SimPresentRequest => ({
    requestId: '01960000-0000-7000-8000-0000000000f1',
    readerId: 'reader-a1-in',
    keys: `70001#${ALICE.pin}#`,
    veinSample: syntheticVeinSample(syntheticVeinPattern('S0001', 'right-index')).toString('base64'),
    ...overrides,
  });

  beforeEach(async () => {
    f = await sequenceFixture();
    mqtt = new FakeMqttPort();
    const stations = new Map([['reader-a1-in', { reader: f.reader, sequence: f.sut, door: f.door, io: f.io }]]);
    sut = new SimControl(stations, mqtt, RESULT, f.clock, silentLogger());
  });
  afterEach(async () => {
    sut.stop();
    await f.close();
  });

  /** Runs a walk while moving the fake clock (argon2 runs in real time in its thread pool). */
  const run = async (req: SimPresentRequest) => {
    let done = false;
    const walk = sut.handle(req).finally(() => (done = true));
    while (!done) await f.clock.advance(10);
    return walk;
  };

  it('should key, match and walk through the door on a grant', async () => {
    const result = await run(request());
    expect(result).toMatchObject({ completed: true, outcome: 'grant', reason: 'GRANTED', doorOpened: true, doorClosed: true });
    expect(result.attemptId).toBe(f.decisions.requests[0].attemptId);
    expect(mqtt.on(RESULT)).toEqual([expect.objectContaining({ requestId: result.requestId, completed: true })]);
    await f.clock.advance(10_000);
    expect(f.outbox.pending().map((e) => e.type)).toEqual(['reader.credential-presented', 'door.unlocked', 'door.opened', 'door.closed', 'door.relocked']);
  });

  it('should not open the door on a deny', async () => {
    f.decisions.answer = () => ({ outcome: 'deny', reason: 'OUTSIDE_SCHEDULE', display: { ja: '時間外です', en: 'Outside schedule' } });
    await expect(run(request())).resolves.toMatchObject({
      completed: true, outcome: 'deny', reason: 'OUTSIDE_SCHEDULE', display: { en: 'Outside schedule' }, doorOpened: false,
    });
  });

  it('should refuse an unknown reader and a busy one', async () => {
    await expect(run(request({ readerId: 'reader-zz' }))).resolves.toMatchObject({ completed: false, error: expect.stringMatching(/unknown/) });
    f.reader.pressKeys('70001#'); // someone else is at the reader
    await expect(run(request())).resolves.toMatchObject({ completed: false, error: expect.stringMatching(/busy/) });
  });

  it('should report keys that never start an attempt', async () => {
    await expect(run(request({ keys: '7000' }))).resolves.toMatchObject({ completed: false, error: expect.stringMatching(/did not start/) });
    await waitFor(() => f.sut.isIdle, 'idle');
  });
});
