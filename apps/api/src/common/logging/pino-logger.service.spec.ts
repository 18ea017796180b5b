import { Logger } from '@nestjs/common';
import { pino } from 'pino';
import { PassThrough } from 'node:stream';
import { PinoLoggerService } from './pino-logger.service.js';
import { requestContext } from './request-context.js';

describe(PinoLoggerService.name, () => {
  let lines: Array<Record<string, unknown>>;
  let sut: PinoLoggerService;

  beforeEach(() => {
    lines = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => chunk.toString().trim().split('\n').forEach((l) => lines.push(JSON.parse(l))));
    sut = new PinoLoggerService(pino({ level: 'trace' }, stream));
  });

  const flush = () => new Promise((r) => setImmediate(r));

  it('writes Nest-style calls with their context', async () => {
    sut.log('Mapped {/x, GET} route', 'RouterExplorer');
    await flush();
    expect(lines[0]).toMatchObject({ level: 30, context: 'RouterExplorer', msg: 'Mapped {/x, GET} route' });
  });

  it('merges structured fields and keeps the message', async () => {
    sut.warn({ kind: 'bridge-events', errors: ['x'] }, 'dropped an invalid MQTT payload', 'Consumer');
    await flush();
    expect(lines[0]).toMatchObject({ level: 40, context: 'Consumer', kind: 'bridge-events', msg: 'dropped an invalid MQTT payload' });
  });

  it('adds the request id of the request being served', async () => {
    requestContext.run({ requestId: 'req-12345678' }, () => sut.error('failed', 'Ctx'));
    await flush();
    expect(lines[0]).toMatchObject({ level: 50, reqId: 'req-12345678', msg: 'failed' });
  });

  it('serialises errors', async () => {
    sut.error(new Error('boom'));
    await flush();
    expect(lines[0]).toMatchObject({ msg: 'boom', err: { message: 'boom', type: 'Error' } });
  });

  it('serves Nest Logger instances', async () => {
    Logger.overrideLogger(sut);
    new Logger('Seeder').log({ people: 4 }, 'seeded');
    await flush();
    expect(lines[0]).toMatchObject({ context: 'Seeder', people: 4, msg: 'seeded' });
  });
});
