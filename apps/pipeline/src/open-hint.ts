import { projectorUrl } from '@projector-kit/projector-config';

/** Returns the lines that tell how to open a written folder in the Embedding Projector. */
export function howToOpen(dir: string, publicUrl: string | undefined): string[] {
  if (publicUrl) {
    return [`Publish ${dir} at ${publicUrl}, then open:`, `  ${projectorUrl(`${publicUrl}projector_config.json`)}`];
  }
  return [
    'To open it in the Embedding Projector:',
    `  projector-kit serve ${dir}`,
    'then follow the link it prints, or upload the .bytes tensor and metadata TSV at https://projector.tensorflow.org with "Load".',
  ];
}
