import { DEMO_AREA, DEMO_BRIDGE_ID, DEMO_PEOPLE } from '#demo-site';
import { relative } from 'node:path';
import type { StartConfig } from './start-config.js';

export interface BannerInfo {
  config: StartConfig;
  apiUrl: string;
  mqttUrl: string;
  databaseUrl: string;
  embeddedDb: boolean;
  embeddedBroker: boolean;
  admin: { password: string; created: boolean; file?: string };
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** What a newcomer needs after `npm start`: where things are, how to log in, what to try. */
export function printBanner(say: (line: string) => void, b: BannerInfo): void {
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const adminLine = b.admin.file
    ? b.admin.created
      ? `admin / ${b.admin.password}   (generated now; kept in ${rel(b.admin.file)})`
      : `admin / password in ${rel(b.admin.file)}`
    : 'admin / the password in ACS_ADMIN_PASSWORD';
  const lines = [
    '',
    'サーバ室入退室管理 / Server-room access control — running',
    `  API        ${b.apiUrl}/api/v1   (health: ${b.apiUrl}/api/v1/health)`,
    `  API docs   ${b.apiUrl}/docs   (OpenAPI JSON: ${b.apiUrl}/docs-json)`,
    `  Database   ${b.embeddedDb ? `embedded PostgreSQL, ${redact(b.databaseUrl)} (data in ${rel(b.config.dataDir)}/postgres)` : redact(b.databaseUrl)}`,
    `  Broker     ${b.embeddedBroker ? `embedded MQTT broker (Aedes), ${b.mqttUrl}` : redact(b.mqttUrl)}`,
    b.config.startBridge ? `  Bridge     ${DEMO_BRIDGE_ID}: simulated entry/exit readers and door of ${DEMO_AREA.nameJa} / ${DEMO_AREA.nameEn}` : '  Bridge     not started (ACS_START_BRIDGE=false)',
    `  Admin      ${adminLine}`,
    `  Logs       ${rel(b.config.dataDir)}/logs/`,
    '',
    '  Synthetic demo people (PINs are demo data):',
    ...DEMO_PEOPLE.map((p) => `    ${p.personNo}  ${p.familyName} ${p.givenName}  ${p.kind === 'staff' ? '職員 staff     ' : '委託 contractor'}  PIN ${p.pin}`),
    '',
    '  Try, in another terminal:',
    '    npm run sim -- enter S0001              # staff S0001 goes in: keypad, PIN, vein',
    '    npm run sim -- exit S0001               # and out again',
    '    npm run sim -- enter S0002 --pin 0000   # denied: wrong PIN',
    '    npm run sim -- enter C0001              # contractor: needs staff inside as escort',
    `    curl -s -X POST ${b.apiUrl}/api/v1/auth/login -H 'content-type: application/json' \\`,
    `         -d '{"username":"admin","password":"<admin password>"}'`,
    `    curl -s ${b.apiUrl}/api/v1/ledger -H 'authorization: Bearer <accessToken>'`,
    '',
    'Press Ctrl-C to stop.',
  ];
  for (const line of lines) say(line);
}
