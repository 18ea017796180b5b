export * from './access/reason-code.js';
export * from './access/decide-access.js';
export * from './access/keypad-code.js';
export * from './access/weekly-schedule.js';
export * from './ledger/index.js';
