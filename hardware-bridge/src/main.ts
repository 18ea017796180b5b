import { SystemClock } from './clock/clock.js';
import { loadEnvConfig } from './config/env.config.js';
import { loadSiteConfig } from './config/load-site-config.js';
import { ConfigError } from './config/validate-config.js';
import { createLogger, errorMessage } from './logging/logger.js';
import { startBridge, type RunningBridge } from './start-bridge.js';

/** Process entry: `node dist/hardware-bridge/src/main.js --simulate`. */
async function main(): Promise<void> {
  let env;
  let site;
  const notes: string[] = [];
  try {
    env = loadEnvConfig(process.env, process.argv.slice(2));
    site = loadSiteConfig(env.siteConfigPath, notes);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : errorMessage(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(env.logLevel, site.bridgeId);
  for (const note of notes) logger.warn(note);
  let bridge: RunningBridge | undefined;

  const exit = (code: number): void => {
    const stopped = bridge ? bridge.stop() : Promise.resolve();
    stopped.then(
      () => process.exit(code),
      (error: unknown) => {
        logger.fatal({ err: errorMessage(error) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping');
      exit(0);
    });
  }
  // Anything unexpected: relock every strike (stop does) and exit non-zero for the supervisor to restart us.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: errorMessage(error) }, 'uncaught exception');
    exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: errorMessage(reason) }, 'unhandled rejection');
    exit(1);
  });

  try {
    bridge = await startBridge({ env, site, logger, clock: new SystemClock() });
  } catch (error) {
    logger.fatal({ err: errorMessage(error) }, 'bridge could not start');
    process.exit(1);
  }
}

void main();
