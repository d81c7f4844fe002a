import { relative } from 'node:path';

import { projectorUrl } from '@projector-kit/projector-config';

/** Returns the lines that tell how to open a written folder in the Embedding Projector. */
export function howToOpen(dir: string, publicUrl: string | undefined): string[] {
  if (publicUrl) {
    return [`Publish ${dir} at ${publicUrl}, then open:`, `  ${projectorUrl(`${publicUrl}projector_config.json`)}`];
  }
  return [
    'To open it in the Embedding Projector:',
    `  ${invocation()} serve ${dir}`,
    'then follow the link it prints, or upload the .bytes tensor and metadata TSV at https://projector.tensorflow.org with "Load".',
  ];
}

/**
 * Returns how this CLI was started, for the commands it prints: `npm run projector-kit --`
 * under npm, else `node` and the script path relative to the working folder.
 */
export function invocation(): string {
  if (process.env['npm_lifecycle_event'] === 'projector-kit' || process.env['npm_lifecycle_event'] === 'start') {
    return 'npm run projector-kit --';
  }
  const script = process.argv[1];
  return script ? `node ${relative(process.cwd(), script) || script}` : 'projector-kit';
}
