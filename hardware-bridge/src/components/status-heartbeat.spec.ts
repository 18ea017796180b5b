import { FakeClock } from '../testing/fake-clock.js';
import { silentLogger } from '../testing/test-logger.js';
import { StatusHeartbeat } from './status-heartbeat.js';

describe(StatusHeartbeat.name, () => {
  it('publishes the status every interval until stopped, and survives a failed publish', async () => {
    const clock = new FakeClock();
    let published = 0;
    const sut = new StatusHeartbeat(async () => {
      published++;
      if (published === 2) throw new Error('broker away');
    }, 30_000, clock, silentLogger());
    sut.start();
    await clock.advance(29_999);
    expect(published).toBe(0);
    await clock.advance(1);
    expect(published).toBe(1);
    await clock.advance(60_000);
    expect(published).toBe(3);
    sut.stop();
    await clock.advance(120_000);
    expect(published).toBe(3);
  });
});
