/**
 * Rewrites every file path in a projector config text (`tensorPath`, `metadataPath`,
 * `bookmarksPath` and the sprite's `imagePath`) with `rewrite`, and returns the new text.
 */
export function mapConfigPaths(configText: string, rewrite: (path: string) => string): string {
  const config = JSON.parse(configText) as { embeddings?: Array<Record<string, unknown>> };

  for (const embedding of config.embeddings ?? []) {
    for (const key of ['tensorPath', 'metadataPath', 'bookmarksPath']) {
      const path = embedding[key];
      if (typeof path === 'string') {
        embedding[key] = rewrite(path);
      }
    }
    const sprite = embedding['sprite'] as { imagePath?: unknown } | undefined;
    if (sprite && typeof sprite.imagePath === 'string') {
      sprite.imagePath = rewrite(sprite.imagePath);
    }
  }

  return `${JSON.stringify(config, null, 2)}\n`;
}

/** True for a path that carries its own scheme, such as `https://host/x.bytes`. */
export function isAbsoluteUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(path);
}
