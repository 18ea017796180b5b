import { decodePayload, DecisionReply, encodePayload, topics } from '#contracts';
import { DEMO_BRIDGE_ID } from '#demo-site';
import { getDataSourceToken } from '@nestjs/typeorm';
import mqtt from 'mqtt';
import type { DataSource } from 'typeorm';
import type { Socket } from 'node:net';
import { createApp } from '../apps/api/src/create-app.js';
import { decisionRequest } from '../test/support/decision-request.js';
import { testApiConfig } from '../test/support/test-config.js';
import { createTestDatabase } from '../test/support/test-database.js';
import type { Bench } from './bench-report.js';
import { benchServices, percentile } from './bench-services.js';

/**
 * A door decision round trip as the bridge sees it: decision request → broker → api (facts, decideAccess,
 * attempt + decision appended and committed, ledger updated) → broker → reply. One outstanding request at a
 * time, like one reader; then 8 in flight, like a busy site.
 */
export const bench: Bench = async (args) => {
  const count = Number(args[0] ?? 2000);
  const services = await benchServices();
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.MQTT_URL = services.mqttUrl;
  const db = await createTestDatabase();
  const config = testApiConfig(db.url, { LOG_LEVEL: 'error' });
  const app = await createApp(config);
  await app.init();
  const client = await mqtt.connectAsync(services.mqttUrl);
  (client.stream as Socket).setNoDelay(true);
  const base = config.mqtt.baseTopic;
  const pending = new Map<string, (reply: DecisionReply) => void>();
  client.on('message', (_t, payload) => {
    const reply = decodePayload(DecisionReply, payload);
    if (reply.ok) pending.get(reply.value.correlationId)?.(reply.value);
  });
  await client.subscribeAsync(topics.decisionReplies(base, DEMO_BRIDGE_ID), { qos: 1 });
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ id: personId }] = await dataSource.query('SELECT id FROM people WHERE person_no = $1', ['S0001']);

  const once = async (direction: 'entry' | 'exit'): Promise<number> => {
    const req = decisionRequest(base, 'S0001', personId, { direction });
    const started = performance.now();
    const replied = new Promise<DecisionReply>((resolve) => pending.set(req.correlationId, resolve));
    await client.publishAsync(topics.decisionRequests(base, DEMO_BRIDGE_ID), encodePayload(req), { qos: 1 });
    const reply = await replied;
    pending.delete(req.correlationId);
    if (reply.outcome !== 'grant') throw new Error(`unexpected ${reply.reason}`);
    return performance.now() - started;
  };

  for (let i = 0; i < 50; i++) await once(i % 2 === 0 ? 'entry' : 'exit'); // warm-up
  const serial: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) serial.push(await once(i % 2 === 0 ? 'entry' : 'exit'));
  const serialSeconds = (performance.now() - t0) / 1000;
  serial.sort((a, b) => a - b);

  const concurrency = 8;
  const t1 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    for (let i = 0; i < count / concurrency; i++) await once((i + w) % 2 === 0 ? 'entry' : 'exit');
  }));
  const concurrentRate = count / ((performance.now() - t1) / 1000);

  await client.endAsync();
  await app.close();
  await db.drop();
  await services.stop();
  const where = `${services.embedded.database ? 'embedded' : 'server'} PostgreSQL, ${services.embedded.broker ? 'embedded Aedes' : 'external broker'}`;
  return {
    name: `decision round trip (${count} requests, ${where})`,
    rows: [
      { metric: 'p50 latency, 1 in flight', value: percentile(serial, 50), unit: 'ms', target: '≤ 1000 (bridge timeout)' },
      { metric: 'p95 latency, 1 in flight', value: percentile(serial, 95), unit: 'ms' },
      { metric: 'p99 latency, 1 in flight', value: percentile(serial, 99), unit: 'ms' },
      { metric: 'decisions/s, 1 in flight', value: count / serialSeconds, unit: '/s' },
      { metric: `decisions/s, ${concurrency} in flight`, value: concurrentRate, unit: '/s' },
    ],
    figures: {
      requests: count,
      p50Ms: round(percentile(serial, 50)),
      p95Ms: round(percentile(serial, 95)),
      p99Ms: round(percentile(serial, 99)),
      serialPerSecond: round(count / serialSeconds),
      concurrentPerSecond: round(concurrentRate),
      embeddedDatabase: services.embedded.database,
      embeddedBroker: services.embedded.broker,
    },
  };
};

const round = (n: number) => Math.round(n * 100) / 100;
