/** Address of the hosted Embedding Projector. */
export const PROJECTOR_HOST = 'https://projector.tensorflow.org/';

/**
 * Builds the link that opens a config in the hosted Embedding Projector:
 * `https://projector.tensorflow.org/?config=` followed by the percent-encoded config URL.
 *
 * Every path in that config must be an absolute URL (write the folder with `publicUrl`), and
 * the host must send CORS headers, as GitHub Pages does.
 *
 * NOTE: the hosted projector is served over HTTPS, so browsers block an `http://` config
 * URL as mixed content, except on localhost.
 *
 * @param configUrl - Absolute http(s) URL of `projector_config.json`.
 * @throws RangeError when `configUrl` is not an absolute http(s) URL.
 */
export function projectorUrl(configUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(configUrl);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new RangeError(
      `projectorUrl: configUrl must be an absolute http(s) URL such as ` +
        `"https://user.github.io/repo/projector_config.json", received ${JSON.stringify(configUrl)}.`,
    );
  }
  return `${PROJECTOR_HOST}?config=${encodeURIComponent(configUrl)}`;
}
