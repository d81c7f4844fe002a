import { resolve } from 'node:path';

/** Target of a path from `projector_config.json`: a local file, a remote URL, or an invalid path. */
export type ResolvedPath =
  { kind: 'local'; path: string } | { kind: 'remote'; reason: string } | { kind: 'invalid'; reason: string };

/** Name of the config file that the standalone projector and `?config=` read. */
export const CONFIG_FILE = 'projector_config.json';

const URL_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** Returns true for an absolute URL such as `https://host/path` or `data:...`. */
export function isAbsoluteUrl(path: string): boolean {
  return URL_SCHEME.test(path) || path.startsWith('//');
}

/**
 * Resolves a path from `projector_config.json` to a file in `dir`.
 *
 * The projector fetches paths relative to the page that hosts it, so this assumes that the
 * page is in `dir` (as in a folder served with its own `index.html`). The path is a URL: its
 * query and fragment are dropped and percent-escapes decoded. Absolute URLs and
 * root-relative paths (`/data/x.bytes`) cannot be checked locally.
 */
export function resolveConfigPath(dir: string, configPath: string): ResolvedPath {
  if (isAbsoluteUrl(configPath)) {
    return { kind: 'remote', reason: 'an absolute URL' };
  }
  if (configPath.startsWith('/')) {
    return { kind: 'remote', reason: "a path from the site's root" };
  }

  const withoutQuery = configPath.split(/[?#]/, 1)[0]!;
  try {
    return { kind: 'local', path: resolve(dir, decodeURIComponent(withoutQuery)) };
  } catch {
    return { kind: 'invalid', reason: `"${configPath}" has an invalid percent-escape. Encode "%" as "%25".` };
  }
}

/**
 * Turns a tensor name into a file name stem: every character other than ASCII letters,
 * digits, `.`, `_` and `-` becomes `_`, and a leading `.` becomes `_` so that no file is hidden.
 * The stem needs no percent-encoding in a URL.
 */
export function fileStem(tensorName: string): string {
  return tensorName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
}
