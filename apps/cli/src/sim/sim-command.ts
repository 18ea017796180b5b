import { SimPresentResult, topics, type SimPresentRequest } from '#contracts';
import { keypadCodeFor } from '#domain';
import { DEMO_DOOR, demoPerson, syntheticVeinPattern, syntheticVeinSample } from '#demo-site';
import { parseArgs } from 'node:util';
import { uuidv7 } from 'uuidv7';
import type { RuntimeInfo } from '../infra/runtime-file.js';
import { runSimEnrol } from './sim-enrol.js';
import { runSimPower } from './sim-power.js';
import { simRequest } from './sim-request.js';

export const SIM_USAGE = `usage: npm run sim -- <enter|exit> <PERSON_NO> [--card HEX] [--pin PIN] [--finger POSITION | --wrong-finger] [--reader READER_ID] [--timeout MS]
       npm run sim -- enrol <PERSON_NO> [--finger POSITION] [--reader READER_ID] [--poor] [--hold MS]
       npm run sim -- <unplug|plug> <READER_ID>

  enter/exit: walks a synthetic person through the simulated door the real way: number on the keypad (or an IC
  card held to the reader with --card, its raw bits in hex; S0001's demo card is ${demoPerson('S0001')?.card ?? '-'}), PIN, vein sample.
  Exit code 0 when the door opened, 1 when denied, 2 on an error.
  enrol: the person rests a finger (default: their first demo finger) on the reader (default: the entry reader)
  while an operator captures it through the reader (POST /api/v1/people/{id}/vein-templates/captures);
  --poor places it badly (low quality). Exit code 0 when the reader read it, 1 when not within --hold ms.
  unplug/plug: cuts or restores a simulated reader's line (the bridge reports it offline after 8 s).`;

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
  const result = await simRequest(
    runtime,
    { request: topics.simPresent(runtime.baseTopic, runtime.bridgeId), result: topics.simPresentResult(runtime.baseTopic, runtime.bridgeId) },
    SimPresentResult,
    request,
    Number(values.timeout),
  );
  return { exitCode: report(result, say), result };
}

export class UsageError extends Error {}

/** Every `npm run sim` subcommand, by its first word; resolves with the exit code. */
export async function runSimCli(argv: string[], runtime: RuntimeInfo, say: (line: string) => void = console.log): Promise<number> {
  const usage = () => new UsageError(SIM_USAGE);
  if (argv[0] === 'enrol') return (await runSimEnrol(argv, runtime, usage, say)).exitCode;
  if (argv[0] === 'unplug' || argv[0] === 'plug') return runSimPower(argv, runtime, usage, say);
  return (await runSim(argv, runtime, say)).exitCode;
}

/** `npm run sim -- enrol S0003`: rest a finger on the reader while an operator captures it (see sim-enrol.ts). */
export function runSimEnrolCommand(argv: string[], runtime: RuntimeInfo, say: (line: string) => void = console.log): ReturnType<typeof runSimEnrol> {
  return runSimEnrol(argv, runtime, () => new UsageError(SIM_USAGE), say);
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
