import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { migrateSiteConfig } from './migrate-site-config.js';
import { siteConfigCrossChecks } from './site-config.checks.js';
import { SiteConfig } from './site-config.schema.js';
import { ConfigError, deepFreeze, validateConfig } from './validate-config.js';

/**
 * Reads, migrates, validates and freezes the site wiring file once at start; the result is passed down.
 * `notes` receives what the operator should know (e.g. "migrated from configVersion 1").
 */
export function loadSiteConfig(path: string, notes: string[] = []): Readonly<SiteConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`site config ${path}`, [`cannot read file: ${(error as NodeJS.ErrnoException).code ?? error}`]);
  }
  return parseSiteConfig(text, path, notes);
}

export function parseSiteConfig(text: string, source = 'site config', notes: string[] = []): Readonly<SiteConfig> {
  let plain: unknown;
  try {
    plain = parse(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const current = migrateSiteConfig(plain, source, notes);
  return deepFreeze(validateConfig(SiteConfig, current, source, siteConfigCrossChecks));
}
