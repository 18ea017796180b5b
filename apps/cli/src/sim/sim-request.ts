import { decodePayload, encodePayload } from '#contracts';
import mqtt from 'mqtt';
import type { Socket } from 'node:net';
import type { RuntimeInfo } from '../infra/runtime-file.js';

/**
 * One request to the simulated bridge over its sim control topics (MQTT 3.1.1: the answer is matched by
 * `requestId`): subscribes to the result topic, publishes the request, waits for the matching result.
 */
export async function simRequest<T extends { requestId: string }>(
  runtime: RuntimeInfo,
  topics: { request: string; result: string },
  resultClass: new () => T,
  request: { requestId: string },
  timeoutMs: number,
): Promise<T> {
  const client = await mqtt.connectAsync(runtime.mqttUrl, { connectTimeout: 5000, reconnectPeriod: 0 });
  (client.stream as Socket).setNoDelay?.(true);
  try {
    const result = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result from bridge ${runtime.bridgeId} within ${timeoutMs} ms`)), timeoutMs);
      client.on('message', (topic, payload) => {
        if (topic !== topics.result) return;
        const decoded = decodePayload(resultClass, payload);
        if (decoded.ok && decoded.value.requestId === request.requestId) {
          clearTimeout(timer);
          resolve(decoded.value);
        }
      });
    });
    await client.subscribeAsync(topics.result, { qos: 1 });
    await client.publishAsync(topics.request, encodePayload(request), { qos: 1 });
    return await result;
  } finally {
    await client.endAsync();
  }
}
