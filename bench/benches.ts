import type { Bench } from './bench-report.js';

/** Every benchmark by name (`npm run bench -- NAME`). */
export const benches: Record<string, () => Promise<{ bench: Bench }>> = {
  auth: () => import('./auth.bench.js'),
  decision: () => import('./decision.bench.js'),
  ledger: () => import('./ledger.bench.js'),
  'ledger-verify': () => import('./ledger-verify.bench.js'),
  osdp: () => import('./osdp.bench.js'),
};
