import os from 'node:os';
import { printReport, type Bench } from './bench-report.js';

/**
 * `npm run bench -- NAME [args]`: runs one benchmark, prints its table and, last, one line of JSON.
 * Each benchmark lives in bench/<name>.bench.ts and exports `bench: Bench`.
 */
const BENCHES: Record<string, () => Promise<{ bench: Bench }>> = {};

export function registerBench(name: string, load: () => Promise<{ bench: Bench }>): void {
  BENCHES[name] = load;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const { benches } = await import('./benches.js');
  for (const [n, load] of Object.entries(benches)) registerBench(n, load);
  if (!name || !BENCHES[name]) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHES).sort().join('|') || 'no benchmarks yet'}> [args]`);
    return 2;
  }
  console.log(`${name} on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`);
  printReport(await (await BENCHES[name]()).bench(args));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
