import { CommandCode, LedColor, ReplyCode, type OsdpCommand } from '#osdp';
import { scoreVeinSample, syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { osdpBusFixture, testScbk } from '../../testing/osdp-bus-fixture.js';
import { silentLogger } from '../../testing/test-logger.js';
import { SimulatedReaderPd } from '../../simulation/osdp/simulated-reader-pd.js';
import type { SecureChannelChange } from '../device-supervision.js';
import { OsdpReader } from './osdp-reader.js';

const template = syntheticVeinPattern('S0001', 'right-index');

async function setup(options: { pdKey?: Buffer } = {}) {
  const f = osdpBusFixture({ devices: 3, ...(options.pdKey && { pdKey: (i: number) => (i === 0 ? options.pdKey : testScbk(i)) }) });
  const sim = new SimulatedReaderPd(f.pds[0]!, f.clock);
  const commands: OsdpCommand[] = [];
  const onCommand = sim.onCommand.bind(sim);
  sim.onCommand = (c) => (commands.push(c), onCommand(c));
  const sut = new OsdpReader('reader-1', f.channels[0]!, f.clock, silentLogger());
  const seen = { keys: [] as string[], online: [] as boolean[], secure: [] as SecureChannelChange[], status: [] as unknown[], cards: [] as unknown[] };
  sut.on('keys', (k) => seen.keys.push(k));
  sut.on('online', (o) => seen.online.push(o));
  sut.on('secure-channel', (c) => seen.secure.push(c));
  sut.on('local-status', (s) => seen.status.push(s));
  sut.on('card', (c) => seen.cards.push(c));
  sut.start();
  await f.start();
  await f.clock.advance(500);
  return { f, sim, sut, seen, commands };
}

describe(OsdpReader.name, () => {
  it('should report online with Secure Channel up, and learn the tamper state once online', async () => {
    const { f, seen, commands } = await setup();
    expect(seen.online).toEqual([true]);
    expect(seen.secure).toEqual([{ state: 'up', defaultKey: false }]);
    expect(commands.map((c) => c.code)).toContain(CommandCode.Lstat);
    expect(seen.status).toEqual([]); // nothing wrong, nothing to report
    await f.stop();
  });

  it('should turn KEYPAD reports into keys, several keys per POLL', async () => {
    const { f, sim, seen } = await setup();
    const delivered = sim.pressKeys('70001');
    await f.clock.advance(10);
    void sim.pressKeys('#');
    await f.clock.advance(400);
    await delivered;
    expect(seen.keys.join('')).toBe('70001#');
    expect(seen.keys.length).toBeLessThanOrEqual(2);
    await f.stop();
  });

  it('should turn RAW card reads into card events (hex of the bits)', async () => {
    const { f, seen } = await setup();
    f.pds[0]!.enqueue({ code: ReplyCode.Raw, reader: 0, format: 1, bitCount: 26, data: Buffer.from([0x12, 0x34, 0x56, 0xc0]) });
    await f.clock.advance(300);
    expect(seen.cards).toEqual([{ format: 1, bitCount: 26, data: '123456c0' }]);
    await f.stop();
  });

  it('should send BIOMATCH with type 0x00 and the template format, and return the score', async () => {
    const { f, sim, sut, commands } = await setup();
    const sample = syntheticVeinSample(template);
    sim.placeFinger(sample);
    const result = sut.bioMatch({ template, format: 0x07, threshold: 150, timeoutMs: 5_000 });
    await f.clock.advance(100);
    await expect(result).resolves.toEqual({ status: 'success', score: scoreVeinSample(template, sample) });
    expect(commands.find((c) => c.code === CommandCode.Biomatch)).toEqual({
      code: CommandCode.Biomatch, reader: 0, bioType: 0x00, bioFormat: 0x07, qualityThreshold: 150, template,
    });
    await f.stop();
  });

  it('should wait for a finger without holding the line, then report the BIOMATCHR that came on a POLL', async () => {
    const { f, sim, sut } = await setup();
    const result = sut.bioMatch({ template, format: 0, threshold: 150, timeoutMs: 5_000 });
    await f.clock.advance(100);
    const others = f.channels.slice(1).map((c) => c.stats.polls);
    await f.clock.advance(2_000);
    f.channels.slice(1).forEach((c, i) => expect(c.stats.polls - others[i]!).toBeGreaterThanOrEqual(9));
    sim.placeFinger(syntheticVeinSample(template));
    await f.clock.advance(300);
    await expect(result).resolves.toMatchObject({ status: 'success', score: expect.any(Number) });
    await f.stop();
  });

  it('should report a timeout when no finger comes, and abort the scan', async () => {
    const { f, sut, commands } = await setup();
    const result = sut.bioMatch({ template, format: 0, threshold: 150, timeoutMs: 1_000 });
    await f.clock.advance(2_500);
    await expect(result).resolves.toEqual({ status: 'timeout', score: 0 });
    expect(commands.at(-1)?.code).toBe(CommandCode.Abort);
    await f.stop();
  });

  it('should drive LED, buzzer and text (English line, latin1, display width)', async () => {
    const { f, sim, sut } = await setup();
    const done = Promise.all([
      sut.showLed({ color: 'green', durationMs: 5_000 }),
      sut.beep({ onMs: 100, offMs: 100, count: 3 }),
      sut.showText({ ja: '確認中です', en: 'Checking… please wait for the result of the check' }, 3_000),
    ]);
    await f.clock.advance(200);
    await done;
    expect(sim.display).toEqual({ led: { color: LedColor.Green, temporary: true }, beeps: 3, text: 'Checking... please wait for the ' }); // 2 rows × 16
    await f.stop();
  });

  it('should report tamper and its clearing from LSTATR', async () => {
    const { f, sim, seen } = await setup();
    sim.setTamper(true);
    await f.clock.advance(300);
    sim.setTamper(false);
    await f.clock.advance(300);
    expect(seen.status).toEqual([{ tamper: true, powerFailure: false }, { tamper: false, powerFailure: false }]);
    await f.stop();
  });

  it('should go offline when the reader stops answering, and fail a waiting scan as a reader error', async () => {
    const { f, sut, seen } = await setup();
    const result = sut.bioMatch({ template, format: 0, threshold: 150, timeoutMs: 20_000 });
    await f.clock.advance(100);
    f.pds[0]!.powerOff();
    await f.clock.advance(9_000);
    expect(seen.online).toEqual([true, false]);
    expect(seen.secure.at(-1)).toEqual({ state: 'down', reason: 'offline' });
    await expect(result).resolves.toEqual({ status: 'error', score: 0 });
    await f.stop();
  });

  it('should report a wrong key once per offline period, never online', async () => {
    const { f, seen } = await setup({ pdKey: testScbk(77) });
    await f.clock.advance(30_000);
    expect(seen.online).toEqual([]);
    expect(seen.secure).toEqual([{ state: 'failed', defaultKey: false }]);
    await f.stop();
  });

  describe('BIOREAD (enrolment)', () => {
    const read = { bioType: 0x03, format: 0, minQuality: 50, timeoutMs: 5_000 };

    it('should send BIOREAD with the bio type, format and minimum quality, and return the template and quality', async () => {
      const { f, sim, sut, commands } = await setup();
      const sample = syntheticVeinSample(template);
      sim.placeFinger(sample, 88);
      const result = sut.bioRead(read);
      await f.clock.advance(100);
      await expect(result).resolves.toEqual({ status: 'success', quality: 88, template: sample });
      expect(commands.find((c) => c.code === CommandCode.Bioread)).toEqual({ code: CommandCode.Bioread, reader: 0, bioType: 0x03, bioFormat: 0, quality: 50 });
      await f.stop();
    });

    it('should wait for the finger without holding the line, and take the BIOREADR that comes on a POLL', async () => {
      const { f, sim, sut } = await setup();
      const result = sut.bioRead(read);
      await f.clock.advance(100);
      const others = f.channels.slice(1).map((c) => c.stats.polls);
      await f.clock.advance(2_000);
      f.channels.slice(1).forEach((c, i) => expect(c.stats.polls - others[i]!).toBeGreaterThanOrEqual(9));
      const sample = syntheticVeinSample(template);
      sim.placeFinger(sample);
      await f.clock.advance(300);
      await expect(result).resolves.toEqual({ status: 'success', quality: 80, template: sample });
      await f.stop();
    });

    it('should report a timeout when no finger comes, and abort the scan', async () => {
      const { f, sut, commands } = await setup();
      const result = sut.bioRead({ ...read, timeoutMs: 1_000 });
      await f.clock.advance(2_500);
      await expect(result).resolves.toEqual({ status: 'timeout' });
      expect(commands.at(-1)?.code).toBe(CommandCode.Abort);
      await f.stop();
    });

    it('should report a format or bio type the reader refuses (NAK) as not supported', async () => {
      const { f, sut } = await setup();
      const wrongFormat = sut.bioRead({ ...read, format: 0x02 });
      await f.clock.advance(300);
      await expect(wrongFormat).resolves.toEqual({ status: 'not-supported' });
      const iris = sut.bioRead({ ...read, bioType: 0x0b });
      await f.clock.advance(300);
      await expect(iris).resolves.toEqual({ status: 'not-supported' });
      await f.stop();
    });

    it('should say busy while a BIOMATCH is waiting for a finger', async () => {
      const { f, sut } = await setup();
      void sut.bioMatch({ template, format: 0, threshold: 150, timeoutMs: 5_000 });
      await f.clock.advance(100);
      await expect(sut.bioRead(read)).resolves.toEqual({ status: 'busy' });
      await f.clock.advance(7_000);
      await f.stop();
    });

    it('should report offline for a reader that stopped answering, before and during the scan', async () => {
      const { f, sut } = await setup();
      const during = sut.bioRead({ ...read, timeoutMs: 20_000 });
      await f.clock.advance(100);
      f.pds[0]!.powerOff();
      await f.clock.advance(9_000);
      await expect(during).resolves.toEqual({ status: 'offline' });
      await expect(sut.bioRead(read)).resolves.toEqual({ status: 'offline' });
      await f.stop();
    });

    it('should report offline for a reader unplugged a moment ago (no answer to BIOREAD)', async () => {
      const { f, sut } = await setup();
      f.pds[0]!.powerOff();
      const result = sut.bioRead(read);
      await f.clock.advance(3_000);
      await expect(result).resolves.toEqual({ status: 'offline' });
      await f.stop();
    });
  });
});
