import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { renderGithubPagesWorkflow } from '../src/site/github-pages.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('examples/github-pages.yml', () => {
  it('matches the rendered default workflow', () => {
    const committed = readFileSync(join(repositoryRoot, 'examples', 'github-pages.yml'), 'utf8');

    expect(committed).toBe(renderGithubPagesWorkflow());
  });
});
