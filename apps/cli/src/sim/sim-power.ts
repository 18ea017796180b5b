import { SimReaderPowerResult, topics, type SimReaderPower } from '#contracts';
import { uuidv7 } from 'uuidv7';
import type { RuntimeInfo } from '../infra/runtime-file.js';
import { simRequest } from './sim-request.js';

/**
 * `npm run sim -- unplug reader-a1-out` / `plug reader-a1-out`: cuts or restores a simulated reader's line (it
 * answers nothing; the bridge reports it offline after 8 s). Exit code 0 when done, 2 on an error.
 */
export async function runSimPower(argv: string[], runtime: RuntimeInfo, usage: () => Error, say: (line: string) => void): Promise<0 | 2> {
  const [verb, readerId] = argv;
  if ((verb !== 'unplug' && verb !== 'plug') || !readerId) throw usage();
  const request: SimReaderPower = { requestId: uuidv7(), readerId, powered: verb === 'plug' };
  const result = await simRequest(
    runtime,
    { request: topics.simReaderPower(runtime.baseTopic, runtime.bridgeId), result: topics.simReaderPowerResult(runtime.baseTopic, runtime.bridgeId) },
    SimReaderPowerResult,
    request,
    5_000,
  );
  say(result.completed ? `${readerId} ${verb === 'plug' ? 'plugged in again' : 'unplugged'}` : `✘ ${result.error ?? 'failed'}`);
  return result.completed ? 0 : 2;
}
