import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { parseOptions, UsageError } from '../src/options.js';
import { RUN_OPTIONS } from '../src/run-options.js';

describe(parseOptions, () => {
  it('fills defaults', () => {
    const { values } = parseOptions([], RUN_OPTIONS);

    expect(values['epochs']).toBe(1);
    expect(values['batchSize']).toBe(32);
    expect(values['samples']).toBe(10000);
    expect(values['components']).toBe(128);
    expect(values['backend']).toBe('auto');
    expect(values['retrain']).toBeUndefined();
  });

  it('converts integers and flags', () => {
    const { values } = parseOptions(['--epochs', '10', '--batch-size=64', '--retrain'], RUN_OPTIONS);

    expect(values['epochs']).toBe(10);
    expect(values['batchSize']).toBe(64);
    expect(values['retrain']).toBe(true);
  });

  it.each([
    [['--epochs', 'ten'], /Invalid --epochs "ten": expected an integer from 1 to 1000/],
    [['--epochs', '1.5'], /Invalid --epochs "1.5": expected an integer/],
    [['--epochs', '0'], /Invalid --epochs 0: expected an integer from 1 to 1000/],
    [['--samples=-3'], /Invalid --samples -3/],
    [['--samples', '-3'], /Option '--samples' argument is ambiguous/],
    [['--components', ''], /Invalid --components ""/],
    [['--backend', 'gpu'], /Invalid --backend "gpu": expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu/],
    [['--public-url', 'not a url'], /Invalid --public-url "not a url": expected an absolute http\(s\) URL/],
    [['--public-url', 'ftp://host/x'], /expected an http or https URL, got ftp:/],
    [['--public-url', 'https://host/x?v=1'], /cannot have a query \(\?\) or fragment/],
    [['--bogus'], /Unknown option '--bogus'.*--help/],
    [['--epochs'], /--epochs/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv, RUN_OPTIONS)).toThrow(UsageError);
    expect(() => parseOptions(argv, RUN_OPTIONS)).toThrow(message);
  });

  it('rejects a missing data folder by name', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'pk-options-')), 'nope');

    expect(() => parseOptions(['--data-dir', missing], RUN_OPTIONS)).toThrow(
      `Invalid --data-dir "${missing}": folder not found. Pass an existing folder.`,
    );
  });

  it('adds a trailing slash to the public URL', () => {
    const { values } = parseOptions(['--public-url', 'https://user.github.io/site'], RUN_OPTIONS);

    expect(values['publicUrl']).toBe('https://user.github.io/site/');
  });
});
