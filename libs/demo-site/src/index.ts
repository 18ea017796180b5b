export * from './demo-site.js';
export * from './synthetic-vein.js';
