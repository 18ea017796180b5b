import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SiteConfig, siteConfigCrossChecks } from './site-config.schema.js';
import { ConfigError, deepFreeze, validateConfig } from './validate-config.js';

/** Reads, validates and freezes the site wiring file once at start; the result is passed down. */
export function loadSiteConfig(path: string): Readonly<SiteConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`site config ${path}`, [`cannot read file: ${(error as NodeJS.ErrnoException).code ?? error}`]);
  }
  return parseSiteConfig(text, path);
}

export function parseSiteConfig(text: string, source = 'site config'): Readonly<SiteConfig> {
  let plain: unknown;
  try {
    plain = parse(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  return deepFreeze(validateConfig(SiteConfig, plain, source, siteConfigCrossChecks));
}
