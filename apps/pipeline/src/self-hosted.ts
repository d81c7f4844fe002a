import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';

import { isAbsoluteUrl, mapConfigPaths } from './config-paths.js';

/** Sub-folder of the site that receives the standalone projector. */
export const PROJECTOR_SUBDIR = 'projector';

/** Config path that the standalone projector's `index.html` loads when it sets no `projector-config-json-path`. */
const DEFAULT_CONFIG_PATH = 'oss_data/oss_demo_projector_config.json';

const SKIPPED = new Set(['.git', 'node_modules', '.github']);

/** Files of a standalone projector checkout, ready to add to the site, and its page. */
export interface BundledProjector {
  files: Record<string, Uint8Array | string>;
  /** Path of the projector's page inside the site, such as `projector/index.html`. */
  page: string;
  /** Path inside the site where the page loads its config by default; write the rebased config there. */
  configPath: string;
}

/**
 * Reads a checkout of the standalone Embedding Projector for the site's `projector/` folder and
 * finds where its page loads a config by default (the `projector-config-json-path` attribute
 * of its `index.html`, else `oss_data/oss_demo_projector_config.json`). The caller writes the
 * site's config there with `rebaseConfig(config, '../')`, because the projector fetches paths
 * relative to its page. The projector's code comes from the user's checkout: none of it ships
 * with projector-kit.
 *
 * @param checkout - Folder that contains the projector's `index.html`.
 * @throws Error when `checkout` has no `index.html`.
 */
export async function bundleStandaloneProjector(checkout: string): Promise<BundledProjector> {
  const indexFile = join(checkout, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(
      `--projector ${checkout}: index.html not found. Pass the folder of a checkout of the standalone ` +
        'Embedding Projector (the one that contains index.html).',
    );
  }

  const files: Record<string, Uint8Array | string> = {};
  for (const file of await listFiles(checkout)) {
    const path = posix.join(PROJECTOR_SUBDIR, relative(checkout, file).split(sep).join('/'));
    files[path] = await readFile(file);
  }

  const html = await readFile(indexFile, 'utf8');
  const configPath = /projector-config-json-path\s*=\s*"([^"]+)"/.exec(html)?.[1] ?? DEFAULT_CONFIG_PATH;

  return { files, page: `${PROJECTOR_SUBDIR}/index.html`, configPath: posix.join(PROJECTOR_SUBDIR, configPath) };
}

/** Prefixes every relative path of a projector config with `prefix`; absolute URLs stay. */
export function rebaseConfig(configText: string, prefix: string): string {
  return mapConfigPaths(configText, (path) => (isAbsoluteUrl(path) ? path : `${prefix}${path}`));
}

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) {
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...(await listFiles(path)));
    } else if (entry.isFile()) {
      found.push(path);
    }
  }
  return found;
}
