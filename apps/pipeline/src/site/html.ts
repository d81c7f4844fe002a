/** Escapes `&`, `<`, `>`, `"` and `'` so that `text` reads as text in HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Returns a relative URL for a file of the run folder, each path segment percent-encoded, so
 * that a name with `#`, `?`, `:` or spaces still links to that file.
 *
 * @throws RangeError when `path` is empty, absolute, has a URL scheme, contains a backslash or
 *   steps outside the folder with `..`.
 */
export function fileHref(operation: string, name: string, path: string): string {
  const segments = path.split('/');
  const invalid =
    path === '' || path.startsWith('/') || path.includes('\\') || /^[a-z][a-z0-9+.-]*:/i.test(path) || segments.includes('..');
  if (invalid) {
    throw new RangeError(
      `${operation}: ${name} must be a relative path inside the run folder, such as "plots/pca.png", received ${JSON.stringify(path)}.`,
    );
  }
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}

/**
 * Checks that `url` is an absolute http(s) URL and returns it normalised by the URL parser.
 *
 * @throws RangeError for any other value.
 */
export function httpUrl(operation: string, name: string, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new RangeError(`${operation}: ${name} must be an absolute http(s) URL, received ${JSON.stringify(url)}.`);
  }
  return parsed.href;
}

/** Formats an integer with commas between groups of three digits, independent of the locale. */
export function formatInteger(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats a byte count with binary units: `512 B`, `3.4 KiB`, `39.1 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** Formats a duration in seconds: `0.42 s`, `12.3 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) {
    return `${seconds.toFixed(2)} s`;
  }
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const whole = Math.round(seconds);
  if (whole < 3600) {
    return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  }
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/** Formats a fraction in [0, 1] as a percentage with `digits` decimals: `0.9861` to `98.61 %`. */
export function formatPercent(fraction: number, digits: number): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}
