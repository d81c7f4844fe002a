import { formatAgreementLines } from '../layout-stage.js';
import { formatDuration } from '../progress.js';
import type { OwnOutput } from './write-own-folder.js';

/** Wall time per stage, in the order the stages ran. */
export interface StageTimer {
  /** Seconds per stage name. */
  stageSeconds: Record<string, number>;
  /** Runs `work` and records its wall time under `stage`. */
  timed<T>(stage: string, work: () => Promise<T>): Promise<T>;
}

/** Creates an empty {@link StageTimer}. */
export function createStageTimer(): StageTimer {
  const stageSeconds: Record<string, number> = {};
  return {
    stageSeconds,
    async timed(stage, work) {
      const startedAt = performance.now();
      const value = await work();
      stageSeconds[stage] = (performance.now() - startedAt) / 1000;
      return value;
    },
  };
}

/**
 * Formats the end-of-command summary: the input lines, tensor size, variance kept, time per
 * stage, label agreement, files and how to open the folder.
 *
 * @param inputLines - `[name, value]` pairs about the input, such as `['tensor', 'emb.npy']`.
 * @param labelled - Whether the rows have labels; without them the label agreement is left out.
 */
export function formatOwnSummary(
  inputLines: Array<[string, string]>,
  output: OwnOutput,
  stageSeconds: Record<string, number>,
  labelled: boolean,
): string {
  const lines = ['', 'Summary'];
  for (const [name, value] of inputLines) {
    lines.push(`  ${`${name}:`.padEnd(20)}${value}`);
  }
  lines.push(`  ${'projector tensor:'.padEnd(20)}${output.rows} x ${output.columns}`);
  if (output.explainedVariance !== undefined) {
    lines.push(`  ${'explained variance:'.padEnd(20)}${(output.explainedVariance * 100).toFixed(2)}% kept by PCA`);
  }

  lines.push('  time per stage:');
  for (const [stage, seconds] of Object.entries(stageSeconds)) {
    lines.push(`    ${stage.padEnd(18)} ${formatDuration(seconds)}`);
  }

  const layouts = output.layouts;
  if (layouts && labelled) {
    lines.push(...formatAgreementLines(layouts, 'the written tensor'));
  }

  lines.push(`  files written to ${output.written.dir}:`);
  for (const file of output.written.files) {
    lines.push(`    ${file.path.padEnd(34)} ${file.bytes.toLocaleString('en-US')} bytes`);
  }
  lines.push('', ...output.written.howToOpen);
  return lines.join('\n');
}
