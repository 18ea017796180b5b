import { parseArgs } from 'node:util';
import { DEFAULT_RECORDS_PER_FILE } from './export-layout.js';
import { ExportSetupError } from './export-sources.js';
import { KeyUsageError } from './trusted-keys.js';
import { ExportUnreadable } from './verify-files.js';

export const LEDGER_USAGE = `usage:
  npm run acs -- ledger export <dir> [--log main] [--verifier-key KEY] [--records-per-file 65536] [--origin ORIGIN] [--[no-]progress]
      Writes the access log, its signed checkpoints, the stored tree nodes, the verifier key and the entry ledger
      (one consistent snapshot) into <dir>, which must be new or empty. Database: DATABASE_URL, else the running
      \`npm start\` instance (.data/runtime.json). Layout: docs/ledger-export.md.

  npm run acs -- ledger verify <dir> [--trusted-key KEY]... [--trusted-key-file FILE]... [--origin ORIGIN]
                                     [--workers 0|1|2] [--json] [--[no-]progress]
      Verifies an export with no database and no network: every record's leaf hash, every checkpoint signature,
      all checkpoints against one rebuilt tree, the manifest's file hashes, and the ledger rebuilt from the
      records against the exported one. Pass the published verifier key with --trusted-key; without it the
      export's own key is used, with a warning. Exit code 0 only when everything verifies, 1 when something does
      not (the first bad index is printed), 2 on a usage error or an unreadable export.

  npm run acs -- ledger records <dir> [--from 0] [--count N]
      Prints an export's records as JSON lines (the records files hold their canonical bytes): each decoded
      record with its leaf hash. It reads, it does not verify: use ledger verify for that.`;

class UsageError extends Error {}

/** `acs ledger <export|verify|records> …`. Returns the process exit code. */
export async function ledgerCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'export') return await runExport(rest, env);
    if (sub === 'verify') return await runVerify(rest);
    if (sub === 'records') return await runRecords(rest);
    console.log(LEDGER_USAGE);
    return sub === undefined || sub === '--help' ? 0 : 2;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${LEDGER_USAGE}`);
      return 2;
    }
    if (err instanceof ExportSetupError || err instanceof ExportUnreadable || err instanceof KeyUsageError) {
      console.error(err.message);
      return 2;
    }
    if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (err as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      console.error(`${(err as Error).message}\n\n${LEDGER_USAGE}`);
      return 2;
    }
    throw err;
  }
}

async function runExport(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      log: { type: 'string', default: 'main' },
      'verifier-key': { type: 'string', multiple: true, default: [] },
      'records-per-file': { type: 'string', default: String(DEFAULT_RECORDS_PER_FILE) },
      origin: { type: 'string' },
      progress: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('ledger export needs exactly one directory');
  const perFile = Number(values['records-per-file']);
  if (!Number.isSafeInteger(perFile) || perFile < 1 || (perFile & (perFile - 1)) !== 0 || perFile > 2 ** 24) {
    throw new UsageError('--records-per-file must be a power of two (1 … 16777216): each file is then one segment for the verifier');
  }
  const { exportCommand } = await import('./export-command.js');
  return exportCommand(
    { dir: positionals[0]!, logId: values.log, recordsPerFile: perFile, verifierKeys: values['verifier-key'], origin: values.origin, progress: values.progress },
    env,
    (line) => console.log(line),
  );
}

async function runVerify(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      'trusted-key': { type: 'string', multiple: true, default: [] },
      'trusted-key-file': { type: 'string', multiple: true, default: [] },
      origin: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean', default: false },
      progress: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('ledger verify needs exactly one directory');
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 16)) throw new UsageError('--workers must be 0 (one thread) … 16');
  const { verifyExport } = await import('./verify-command.js');
  const { printSummary, summaryJson } = await import('./verify-summary.js');
  const result = await verifyExport({
    dir: positionals[0]!, trustedKeys: values['trusted-key'], trustedKeyFiles: values['trusted-key-file'], origin: values.origin, workers, progress: values.progress,
  });
  if (values.json) console.log(summaryJson(result));
  else printSummary(result, (line) => console.log(line));
  for (const w of result.warnings.filter((w) => w.startsWith('checked against'))) console.error(`warning: ${w}`);
  return result.ok ? 0 : 1;
}

async function runRecords(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { from: { type: 'string', default: '0' }, count: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('ledger records needs exactly one directory');
  const from = Number(values.from);
  const count = values.count === undefined ? Number.MAX_SAFE_INTEGER - from : Number(values.count);
  if (!Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(count) || count < 0) throw new UsageError('--from and --count must be whole numbers ≥ 0');
  const { recordsCommand } = await import('./records-command.js');
  return recordsCommand(positionals[0]!, from, count, process.stdout);
}
