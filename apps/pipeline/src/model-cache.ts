import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The settings that decide a trained model: a rerun with equal settings reuses it. */
export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  seed: number;
  trainCount: number;
  /** Fingerprint of the training labels, so a different data folder gets its own model. */
  dataFingerprint: string;
}

/** Position (epoch, step) at which training stopped, stored beside a checkpoint for `--resume`. */
export interface CheckpointState {
  settings: TrainingSettings;
  epoch: number;
  step: number;
  stepsRun: number;
  savedAt: string;
}

/** Paths of one settings' cache entry: the finished model and the interrupted-run checkpoint. */
export interface ModelCacheEntry {
  key: string;
  dir: string;
  modelDir: string;
  checkpointDir: string;
  checkpointStateFile: string;
}

/** Returns the cache entry for `settings` under `cacheDir` (nothing is created yet). */
export function modelCacheEntry(cacheDir: string, settings: TrainingSettings): ModelCacheEntry {
  const key = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
  const dir = join(cacheDir, `model-${key}`);
  return {
    key,
    dir,
    modelDir: join(dir, 'model'),
    checkpointDir: join(dir, 'checkpoint'),
    checkpointStateFile: join(dir, 'checkpoint', 'state.json'),
  };
}

/** Fingerprints a label array (SHA-256 of its bytes, first 16 hex digits). */
export function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** True when a finished model is stored for this entry. */
export function hasTrainedModel(entry: ModelCacheEntry): boolean {
  return existsSync(join(entry.modelDir, 'model.json'));
}

/** Reads the checkpoint state, or returns undefined when there is no complete checkpoint. */
export async function readCheckpointState(entry: ModelCacheEntry): Promise<CheckpointState | undefined> {
  if (!existsSync(entry.checkpointStateFile)) {
    return undefined;
  }
  return JSON.parse(await readFile(entry.checkpointStateFile, 'utf8')) as CheckpointState;
}

/**
 * Saves a checkpoint: `save` writes the model and optimizer into a fresh folder, then the
 * state file is written last and the folder renamed into place, so a crash mid-save leaves
 * the previous checkpoint intact.
 */
export async function writeCheckpoint(
  entry: ModelCacheEntry,
  state: CheckpointState,
  save: (dir: string) => Promise<void>,
): Promise<void> {
  const staging = `${entry.checkpointDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await save(staging);
  await writeFile(join(staging, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);

  await rm(entry.checkpointDir, { recursive: true, force: true });
  await rename(staging, entry.checkpointDir);
}

/** Stores the finished model in the cache (atomically) and drops the checkpoint. */
export async function storeTrainedModel(entry: ModelCacheEntry, save: (dir: string) => Promise<void>): Promise<void> {
  const staging = `${entry.modelDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await save(staging);

  await rm(entry.modelDir, { recursive: true, force: true });
  await rename(staging, entry.modelDir);
  await rm(entry.checkpointDir, { recursive: true, force: true });
}
