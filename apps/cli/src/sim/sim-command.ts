import { encodePayload, decodePayload, SimPresentResult, topics, type SimPresentRequest } from '#contracts';
import { keypadCodeFor } from '#domain';
import { DEMO_DOOR, demoPerson, syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import mqtt from 'mqtt';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { uuidv7 } from 'uuidv7';
import type { RuntimeInfo } from '../infra/runtime-file.js';

export const SIM_USAGE = `usage: npm run sim -- <enter|exit> <PERSON_NO> [--card HEX] [--pin PIN] [--finger POSITION | --wrong-finger] [--reader READER_ID] [--timeout MS]

  Walks a synthetic person through the simulated door the real way: number on the keypad (or an IC card held
  to the reader with --card, its raw bits in hex; S0001's demo card is ${demoPerson('S0001')?.card ?? '-'}), PIN, vein sample.
  Exit code 0 when the door opened, 1 when denied, 2 on an error.`;

export interface SimOutcome {
  exitCode: 0 | 1 | 2;
  result?: SimPresentResult;
}

/** `npm run sim -- enter S0001`: one attempt at the simulated reader of the running instance. */
export async function runSim(argv: string[], runtime: RuntimeInfo, say: (line: string) => void = console.log): Promise<SimOutcome> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pin: { type: 'string' },
      card: { type: 'string' },
      finger: { type: 'string' },
      'wrong-finger': { type: 'boolean', default: false },
      reader: { type: 'string' },
      timeout: { type: 'string', default: '30000' },
    },
  });
  const [direction, personNoArg] = positionals;
  if ((direction !== 'enter' && direction !== 'exit') || !personNoArg) throw new UsageError(SIM_USAGE);
  const personNo = personNoArg.toUpperCase();
  const demo = demoPerson(personNo);
  const pin = values.pin ?? demo?.pin;
  if (!pin) throw new UsageError(`${personNo} is not a demo person: give --pin\n\n${SIM_USAGE}`);
  const finger = values['wrong-finger'] ? 'left-little' : (values.finger ?? demo?.fingers[0] ?? 'right-index');
  const readerId = values.reader ?? (direction === 'enter' ? DEMO_DOOR.entryReaderId : DEMO_DOOR.exitReaderId);
  const card = values.card;
  if (card !== undefined && !/^(?:[0-9a-fA-F]{2}){1,32}$/.test(card)) throw new UsageError(`--card takes the card's raw bits in hex (whole bytes)\n\n${SIM_USAGE}`);

  const request: SimPresentRequest = {
    requestId: uuidv7(),
    readerId,
    // With a card, the card is the identifier and the keypad takes only the PIN.
    keys: card === undefined ? `${keypadCodeFor(personNo)}#${pin}#` : `${pin}#`,
    veinSample: syntheticVeinSample(syntheticVeinPattern(personNo, finger)).toString('base64'),
    ...(card !== undefined && { card }),
  };
  const identifier = card === undefined ? `keys ${keypadCodeFor(personNo)}#` : 'holds a card to the reader';
  say(`${personNo} at ${readerId}: ${identifier}, PIN ${'*'.repeat(pin.length)}#, ${finger} on the vein sensor …`);
  const result = await presentAndWait(runtime, request, Number(values.timeout));
  return { exitCode: report(result, say), result };
}

export class UsageError extends Error {}

async function presentAndWait(runtime: RuntimeInfo, request: SimPresentRequest, timeoutMs: number): Promise<SimPresentResult> {
  const client = await mqtt.connectAsync(runtime.mqttUrl, { connectTimeout: 5000, reconnectPeriod: 0 });
  (client.stream as Socket).setNoDelay?.(true);
  try {
    const resultTopic = topics.simPresentResult(runtime.baseTopic, runtime.bridgeId);
    const result = new Promise<SimPresentResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result from bridge ${runtime.bridgeId} within ${timeoutMs} ms`)), timeoutMs);
      client.on('message', (topic, payload) => {
        if (topic !== resultTopic) return;
        const decoded = decodePayload(SimPresentResult, payload);
        if (decoded.ok && decoded.value.requestId === request.requestId) {
          clearTimeout(timer);
          resolve(decoded.value);
        }
      });
    });
    await client.subscribeAsync(resultTopic, { qos: 1 });
    await client.publishAsync(topics.simPresent(runtime.baseTopic, runtime.bridgeId), encodePayload(request), { qos: 1 });
    return await result;
  } finally {
    await client.endAsync();
  }
}

function report(r: SimPresentResult, say: (line: string) => void): 0 | 1 | 2 {
  if (!r.completed) {
    say(`✘ the bridge could not run the attempt: ${r.error ?? 'unknown error'}`);
    return 2;
  }
  const text = r.display ? `${r.display.ja} / ${r.display.en}` : '';
  if (r.outcome === 'grant') {
    say(`✔ 許可 / GRANTED  ${text}  (${r.reason}, attempt ${r.attemptId})`);
    say(`  door ${r.doorOpened ? 'opened' : 'did NOT open'}${r.doorClosed ? ' and closed again' : ''}`);
    return r.doorOpened ? 0 : 1;
  }
  say(`✘ 拒否 / DENIED  ${text}  (${r.reason ?? 'no reason'}, attempt ${r.attemptId ?? '-'})`);
  return 1;
}
