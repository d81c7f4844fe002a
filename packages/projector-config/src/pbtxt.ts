/** One embedding of TensorBoard's `projector_config.pbtxt`, with paths relative to the folder. */
export interface PbtxtEmbedding {
  tensorName: string;
  tensorShape: readonly [number, number];
  /** A TSV tensor file: TensorBoard reads it without a checkpoint. */
  tensorPath: string;
  metadataPath?: string;
  sprite?: { imagePath: string; singleImageDim: readonly [number, number] };
  bookmarksPath?: string;
}

/**
 * Formats TensorBoard's `projector_config.pbtxt`: a `ProjectorConfig` message of
 * `tensorboard/plugins/projector/projector_config.proto` in protobuf text format. TensorBoard's
 * projector plugin reads it from a log directory, and resolves relative paths against it.
 */
export function formatProjectorPbtxt(embeddings: readonly PbtxtEmbedding[]): string {
  const lines: string[] = [];
  for (const embedding of embeddings) {
    lines.push('embeddings {');
    lines.push(`  tensor_name: ${quoteText(embedding.tensorName)}`);
    for (const size of embedding.tensorShape) {
      lines.push(`  tensor_shape: ${size}`);
    }
    lines.push(`  tensor_path: ${quoteText(embedding.tensorPath)}`);
    if (embedding.metadataPath !== undefined) {
      lines.push(`  metadata_path: ${quoteText(embedding.metadataPath)}`);
    }
    if (embedding.sprite !== undefined) {
      lines.push('  sprite {');
      lines.push(`    image_path: ${quoteText(embedding.sprite.imagePath)}`);
      for (const size of embedding.sprite.singleImageDim) {
        lines.push(`    single_image_dim: ${size}`);
      }
      lines.push('  }');
    }
    if (embedding.bookmarksPath !== undefined) {
      lines.push(`  bookmarks_path: ${quoteText(embedding.bookmarksPath)}`);
    }
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

/** Quotes a string for protobuf text format: backslash, quotes and control characters escaped, UTF-8 kept. */
function quoteText(value: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what this escapes
  const escaped = value.replace(/[\\"'\n\r\t\x00-\x1f\x7f]/g, (character) => {
    const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[character] ?? `\\${character.charCodeAt(0).toString(8).padStart(3, '0')}`;
  });
  return `"${escaped}"`;
}
