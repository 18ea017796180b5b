import { SimPlaceFingerResult, topics, type SimPlaceFinger } from '#contracts';
import { DEMO_DOOR, demoPerson, syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { parseArgs } from 'node:util';
import { uuidv7 } from 'uuidv7';
import type { RuntimeInfo } from '../infra/runtime-file.js';
import { simRequest } from './sim-request.js';

/** What the sensor reports for a badly placed finger with `--poor` (below the bridge's default minimum of 50). */
const POOR_QUALITY = 20;

export interface SimEnrolOutcome {
  exitCode: 0 | 1 | 2;
  result?: SimPlaceFingerResult;
}

/**
 * `npm run sim -- enrol S0003`: the synthetic person rests a finger on the simulated reader until it is read
 * (an operator has started a capture: POST /api/v1/people/{id}/vein-templates/captures) or `--hold` ms pass.
 */
export async function runSimEnrol(argv: string[], runtime: RuntimeInfo, usage: () => Error, say: (line: string) => void): Promise<SimEnrolOutcome> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      finger: { type: 'string' },
      reader: { type: 'string' },
      poor: { type: 'boolean', default: false },
      hold: { type: 'string', default: '30000' },
    },
  });
  const [, personNoArg] = positionals;
  if (!personNoArg) throw usage();
  const personNo = personNoArg.toUpperCase();
  const finger = values.finger ?? demoPerson(personNo)?.fingers[0] ?? 'right-index';
  const readerId = values.reader ?? DEMO_DOOR.entryReaderId;
  const holdMs = Number(values.hold);
  if (!Number.isInteger(holdMs) || holdMs < 100 || holdMs > 120_000) throw usage();

  const request: SimPlaceFinger = {
    requestId: uuidv7(),
    readerId,
    veinSample: syntheticVeinSample(syntheticVeinPattern(personNo, finger)).toString('base64'),
    holdMs,
    ...(values.poor && { quality: POOR_QUALITY }),
  };
  say(`${personNo} rests ${finger} on ${readerId}${values.poor ? ' (badly placed)' : ''} for up to ${holdMs} ms …`);
  const result = await simRequest(
    runtime,
    { request: topics.simPlaceFinger(runtime.baseTopic, runtime.bridgeId), result: topics.simPlaceFingerResult(runtime.baseTopic, runtime.bridgeId) },
    SimPlaceFingerResult,
    request,
    holdMs + 5_000,
  );
  if (!result.completed) {
    say(`✘ the bridge could not place the finger: ${result.error ?? 'unknown error'}`);
    return { exitCode: 2, result };
  }
  say(result.read ? '✔ the reader read the finger (see the capture for the outcome)' : '✘ the reader did not read the finger (no capture running at this reader?)');
  return { exitCode: result.read ? 0 : 1, result };
}
