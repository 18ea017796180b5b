import { parseArgs } from 'node:util';
import { ExportSetupError } from '../ledger/export-sources.js';
import { KeyUsageError } from '../ledger/trusted-keys.js';
import { ExportUnreadable } from '../ledger/verify-files.js';
import { KeyCommandError, type KeyAction } from './key-command.js';
import { RetentionError } from './retention-policy.js';

export const LOG_USAGE = `usage:
  npm run acs -- log prune --export-dir <dir> [--dry-run] [--before <ISO date>] [--log main] [--verifier-key KEY]...
      Retention: redacts the access-log records older than ACS_RETENTION_DAYS (default 1826 days = 5 years; never
      less than 365), keeping their leaf hashes so every old checkpoint and proof still verifies. First exports the
      whole log into <dir> (new or empty) and verifies that export with the log's own key; stops, changing
      nothing, if anything fails. Then, in one transaction: redacts records up to the cut (no stay is split, no
      later record names a pruned stay, nothing unsigned), removes their stays from the entry ledger, and appends
      a log.pruned record with the export's manifest SHA-256. --before only moves the cutoff earlier.
      --dry-run reports the cut and counts and changes nothing (no export needed). Runs as the database owner:
      DATABASE_URL, else the running \`npm start\` instance. Exit 0 done (or nothing to prune), 1 the export did not
      verify or the database refused the prune (nothing changed), 2 refused before starting.
  npm run acs -- log key show | generate [--print] | rotate | retire
      The Ed25519 keys that sign checkpoints (ACS_LOG_SIGNING_KEY, else ACS_LOG_SIGNING_KEY_FILE or
      <ACS_DATA_DIR>/log-signing.key). show: their verifier keys. generate: a first key into the key file (or, with
      --print, to stdout for a secret store). rotate: a new current key, the old one kept co-signing so every
      checkpoint until retire carries both signatures. retire: drop all but the current key. A running api picks
      the rewritten file up at its next checkpoint. Exit 0 done, 2 refused (nothing changed).`;

class UsageError extends Error {}

/** `acs log <prune> …`. Returns the process exit code. */
export async function logCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'prune') return await runPrune(rest, env);
    if (sub === 'key') return await runKey(rest, env);
    console.log(LOG_USAGE);
    return sub === undefined || sub === '--help' ? 0 : 2;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${LOG_USAGE}`);
      return 2;
    }
    if (err instanceof RetentionError || err instanceof KeyCommandError || err instanceof ExportSetupError || err instanceof ExportUnreadable || err instanceof KeyUsageError) {
      console.error(err.message);
      return 2;
    }
    const code = (err as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      console.error(`${(err as Error).message}\n\n${LOG_USAGE}`);
      return 2;
    }
    throw err;
  }
}

async function runPrune(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'export-dir': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      before: { type: 'string' },
      log: { type: 'string', default: 'main' },
      'verifier-key': { type: 'string', multiple: true, default: [] },
    },
  });
  if (!values['dry-run'] && !values['export-dir']) throw new UsageError('log prune needs --export-dir <dir> (or --dry-run)');
  const { pruneCommand } = await import('./prune-command.js');
  return pruneCommand(
    { exportDir: values['export-dir'], dryRun: values['dry-run'], before: values.before, logId: values.log, verifierKeys: values['verifier-key'] },
    env,
    (line) => console.log(line),
  );
}

const KEY_ACTIONS: readonly KeyAction[] = ['show', 'generate', 'rotate', 'retire'];

async function runKey(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { print: { type: 'boolean', default: false } } });
  const action = positionals[0] as KeyAction;
  if (positionals.length !== 1 || !KEY_ACTIONS.includes(action)) throw new UsageError(`log key needs one of ${KEY_ACTIONS.join(', ')}`);
  if (values.print && action !== 'generate') throw new UsageError('--print goes with log key generate');
  const { keyCommand } = await import('./key-command.js');
  return keyCommand(action, { print: values.print }, env, (line) => console.log(line));
}
