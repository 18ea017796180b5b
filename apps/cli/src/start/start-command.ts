import { Orchestrator } from './orchestrator.js';
import { readStartConfig } from './start-config.js';

/** Runs until Ctrl-C / SIGTERM; returns -1 so main leaves the process to the signal handlers. */
export async function startCommand(argv: string[]): Promise<number> {
  const orchestrator = new Orchestrator(readStartConfig(process.env, argv));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the bridge, api, broker and database …`);
    void orchestrator.shutdown().then(() => {
      console.log('stopped.');
      process.exit(process.exitCode ?? 0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  try {
    await orchestrator.run();
  } catch (err) {
    console.error(`\nCould not start: ${(err as Error).message}`);
    await orchestrator.shutdown();
    return 1;
  }
  return -1;
}
