import { randomBytes } from 'node:crypto';
import { decodeVeinCaptureResult, openCapturedTemplate, type VeinCaptureParams } from '#contracts';
import { syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { SimulatedReader } from '../devices/simulated/simulated-reader.js';
import { FakeClock } from '../testing/fake-clock.js';
import { FakeMqttPort } from '../testing/fake-mqtt-port.js';
import { captureLogger } from '../testing/test-logger.js';
import { VeinCapture } from './vein-capture.js';

const RESULTS = 'acs/v1/bridges/bridge-1/captures/result';
const CAPTURE_ID = '01960000-0000-7000-8000-000000000c01';
const params: VeinCaptureParams = { personId: '01960000-0000-7000-8000-000000000003', readerId: 'reader-a1-in', position: 'right-middle', format: 0, timeoutMs: 10_000 };
const binding = { captureId: CAPTURE_ID, bridgeId: 'bridge-1', ...params };

function setup(options: { attemptInProgress?: boolean } = {}) {
  const clock = new FakeClock();
  const reader = new SimulatedReader('reader-a1-in', clock);
  const mqtt = new FakeMqttPort();
  const key = { id: 'k1', key: randomBytes(32) };
  const { logger, lines } = captureLogger();
  const sut = new VeinCapture({
    bridgeId: 'bridge-1', readers: new Map([['reader-a1-in', reader]]), attemptInProgress: () => options.attemptInProgress ?? false,
    sealingKey: key, minQuality: 50, mqtt, resultTopic: RESULTS, clock, logger,
  });
  return { clock, reader, mqtt, key, sut, lines };
}

describe(VeinCapture.name, () => {
  const finger = syntheticVeinSample(syntheticVeinPattern('S0003', 'right-middle'));

  it('should prompt the person, read the finger with BIOREAD and publish it sealed for this capture only', async () => {
    const { clock, reader, mqtt, key, sut, lines } = setup();
    const running = sut.run(CAPTURE_ID, params);
    await clock.advance(1_000);
    expect(reader.texts[0]).toEqual({ ja: '静脈登録: 指を読取部に置いてください', en: 'Enrolment: place your finger on the reader' });
    expect(reader.leds[0]).toMatchObject({ color: 'blue', flash: true });
    expect(reader.bioReads).toEqual([{ bioType: 0x03, format: 0, minQuality: 50, timeoutMs: 10_000 }]);
    reader.placeFinger(finger, 90);
    const result = await running;

    expect(result).toMatchObject({ captureId: CAPTURE_ID, status: 'captured', quality: 90, readerId: 'reader-a1-in', position: 'right-middle' });
    const [published] = mqtt.on(RESULTS);
    expect(decodeVeinCaptureResult(JSON.stringify(published))).toMatchObject({ ok: true });
    expect(mqtt.published[0]!.options.qos).toBe(1);
    expect(openCapturedTemplate(result.template!, key, binding)).toEqual({ ok: true, template: finger });
    expect(openCapturedTemplate(result.template!, key, { ...binding, personId: '01960000-0000-7000-8000-000000000004' })).toMatchObject({ ok: false });
    expect(reader.texts.at(-1)).toEqual({ ja: '登録しました', en: 'Enrolled' });
    expect(reader.leds.at(-1)).toMatchObject({ color: 'green' });
    // Never in a log line or in the clear on the wire.
    const wire = JSON.stringify(mqtt.published);
    for (const text of [lines.join(''), wire]) {
      expect(text).not.toContain(finger.toString('base64').slice(0, 20));
      expect(text).not.toContain(finger.toString('hex').slice(0, 20));
    }
  });

  it('should ask for palms without a finger bio type (OSDP has no palm code)', async () => {
    const { clock, reader, sut } = setup();
    reader.placeFinger(finger);
    await sut.run(CAPTURE_ID, { ...params, position: 'left-palm' });
    await clock.advance(10);
    expect(reader.bioReads[0]).toMatchObject({ bioType: 0x00 });
    expect(reader.texts[0]?.en).toBe('Enrolment: hold your palm over the reader');
  });

  it('should refuse a template below the minimum quality and say so on the reader', async () => {
    const { reader, mqtt, sut } = setup();
    reader.placeFinger(finger, 20);
    await expect(sut.run(CAPTURE_ID, params)).resolves.toMatchObject({ status: 'failed', reason: 'quality-too-low', quality: 20 });
    expect(mqtt.on(RESULTS)[0]).not.toHaveProperty('template');
    expect(reader.texts.at(-1)?.ja).toBe('読み取れませんでした。置き直してください');
    expect(reader.leds.at(-1)).toMatchObject({ color: 'red' });
  });

  it('should report a timeout when nobody presents a finger', async () => {
    const { clock, sut } = setup();
    const running = sut.run(CAPTURE_ID, params);
    await clock.advance(10_001);
    await expect(running).resolves.toMatchObject({ status: 'failed', reason: 'timeout' });
  });

  it.each([
    ['offline', 'reader-offline'],
    ['not-supported', 'not-supported'],
    ['error', 'reader-error'],
  ] as const)('should report a reader answering %s as %s', async (status, reason) => {
    const { reader, sut } = setup();
    reader.answerBioReadWith(status);
    await expect(sut.run(CAPTURE_ID, params)).resolves.toMatchObject({ status: 'failed', reason });
  });

  it('should not take the sensor from a door attempt in progress, nor run two captures at one reader', async () => {
    const busyDoor = setup({ attemptInProgress: true });
    await expect(busyDoor.sut.run(CAPTURE_ID, params)).resolves.toMatchObject({ status: 'failed', reason: 'reader-busy' });
    expect(busyDoor.reader.bioReads).toEqual([]);

    const { clock, reader, sut } = setup();
    const first = sut.run(CAPTURE_ID, params);
    await clock.advance(10);
    await expect(sut.run('01960000-0000-7000-8000-000000000c02', params)).resolves.toMatchObject({ reason: 'reader-busy' });
    reader.placeFinger(finger);
    await expect(first).resolves.toMatchObject({ status: 'captured' });
  });

  it('should still finish (and log) when the result cannot be published', async () => {
    const { reader, mqtt, sut, lines } = setup();
    mqtt.connected = false;
    reader.placeFinger(finger);
    await expect(sut.run(CAPTURE_ID, params)).resolves.toMatchObject({ status: 'captured' });
    expect(lines.join('')).toMatch(/vein capture result not published/);
  });
});
