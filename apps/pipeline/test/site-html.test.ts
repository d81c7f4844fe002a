import { describe, expect, it } from 'vitest';

import { renderGithubPagesWorkflow } from '../src/site/github-pages.js';
import { escapeHtml, fileHref, formatBytes, formatSeconds } from '../src/site/html.js';
import { renderIndexHtml, type SiteRun } from '../src/site/index-html.js';

function baseRun(overrides: Partial<SiteRun> = {}): SiteRun {
  return {
    title: 'MNIST run',
    createdAt: '2026-03-01T12:34:56.789Z',
    counts: { points: 10000, dimensions: 128 },
    plots: [{ file: 'plot_pca.png', caption: 'PCA' }],
    files: [{ path: 'mnist_tensor.bytes', bytes: 5_120_000 }],
    configFile: 'projector_config.json',
    ...overrides,
  };
}

/** Returns every `href` and `src` attribute value of `html`. */
function links(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]);
}

describe(renderIndexHtml, () => {
  it('escapes every text from the run', () => {
    const html = renderIndexHtml(
      baseRun({
        title: '<script>alert(1)</script>',
        createdAt: '"yesterday" <b>',
        plots: [{ file: 'a.png', caption: '" onerror="alert(1)' }],
        files: [{ path: 'x<y>.tsv', bytes: 1 }],
        stageSeconds: { '<i>train</i>': 1 },
      }),
    );

    expect(html).not.toMatch(/<script|<b>|<i>|<y>/);
    expect(html).toContain('<title>&#60;script&#62;alert(1)&#60;/script&#62;</title>');
    expect(html).toContain('alt="&#34; onerror=&#34;alert(1)"');
    expect(html).toContain('&#34;yesterday&#34; &#60;b&#62;');
  });

  it('has no scripts or external links', () => {
    const html = renderIndexHtml(baseRun());

    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(links(html).filter((link) => /^[a-z]+:|^\/\//i.test(link))).toEqual([]);
  });

  it('links only the projector outside the folder', () => {
    const projectorLink = 'https://projector.tensorflow.org/?config=https%3A%2F%2Fa.github.io%2Fb%2Fprojector_config.json';
    const html = renderIndexHtml(baseRun({ projectorLink }));

    expect(links(html).filter((link) => /^[a-z]+:/i.test(link))).toEqual([projectorLink]);
    expect(html).not.toContain('projector-kit serve');
  });

  it('explains projector-kit serve without a public link', () => {
    const html = renderIndexHtml(baseRun());

    expect(html).toContain('<pre><code>projector-kit serve DIR</code></pre>');
    expect(html).toContain('https://projector.tensorflow.org/?config=http%3A%2F%2F127.0.0.1%3A8080%2Fprojector_config.json');
    expect(html).toContain('--public-url');
    expect(html).not.toContain('id="projector-link"');
  });

  it('links the self-hosted projector', () => {
    const html = renderIndexHtml(baseRun({ selfHostedProjector: 'projector/' }));

    expect(html).toContain('id="self-hosted-projector" href="projector/"');
  });

  it('shows the figures that are given', () => {
    const html = renderIndexHtml(
      baseRun({ counts: { points: 10000, dimensions: 128, classes: 10 }, testAccuracy: 0.98614, explainedVariance: 0.5 }),
    );

    expect(html).toContain('<dt>Points</dt><dd>10,000</dd>');
    expect(html).toContain('<dt>Classes</dt><dd>10</dd>');
    expect(html).toContain('<dt>Test accuracy</dt><dd>98.61 %</dd>');
    expect(html).toContain('<dt>Variance kept by PCA</dt><dd>50.0 %</dd>');
    expect(renderIndexHtml(baseRun())).not.toContain('Test accuracy');
  });

  it('formats an ISO creation time and keeps other text', () => {
    expect(renderIndexHtml(baseRun())).toContain('<time datetime="2026-03-01T12:34:56.789Z">2026-03-01 12:34 UTC</time>');
    expect(renderIndexHtml(baseRun({ createdAt: 'last week' }))).toContain('Created last week</p>');
  });

  it('totals the stage times and the file sizes', () => {
    const html = renderIndexHtml(
      baseRun({
        stageSeconds: { train: 60, pca: 5.5 },
        files: [
          { path: 'a.bytes', bytes: 1024 },
          { path: 'b.tsv', bytes: 1024 },
        ],
      }),
    );

    expect(html).toContain('<td>Total</td><td class="number">1 min 06 s</td>');
    expect(html).toContain('<td>2 files</td><td class="number" title="2,048 bytes">2.00 KiB</td>');
  });

  it('percent-encodes file paths per segment', () => {
    const html = renderIndexHtml(baseRun({ files: [{ path: 'plots/t-SNE #1?.png', bytes: 3 }] }));

    expect(html).toContain('href="plots/t-SNE%20%231%3F.png"');
  });

  it.each([
    [
      'an absolute path',
      { files: [{ path: '/etc/passwd', bytes: 1 }] },
      /files\[0\]\.path must be a relative path inside the run folder.*"\/etc\/passwd"/,
    ],
    [
      'a parent folder',
      { plots: [{ file: '../x.png', caption: '' }] },
      /plots\[0\]\.file must be a relative path.*"\.\.\/x\.png"/,
    ],
    ['a javascript: URL', { selfHostedProjector: 'javascript:alert(1)' }, /selfHostedProjector must be a relative path/],
    [
      'a projector link without http',
      { projectorLink: 'javascript:alert(1)' },
      /projectorLink must be an absolute http\(s\) URL, received "javascript:alert\(1\)"/,
    ],
    [
      'an accuracy in percent',
      { testAccuracy: 98.6 },
      /testAccuracy must be a fraction from 0 to 1 \(0\.98 for 98 %\), received 98\.6/,
    ],
    ['a NaN variance', { explainedVariance: NaN }, /explainedVariance must be a fraction from 0 to 1.*received NaN/],
    [
      'a negative file size',
      { files: [{ path: 'a', bytes: -1 }] },
      /files\[0\]\.bytes must be a finite number of at least 0, received -1/,
    ],
  ])('rejects %s', (_, overrides, message) => {
    expect(() => renderIndexHtml(baseRun(overrides as Partial<SiteRun>))).toThrow(message);
  });
});

describe('site formatting helpers', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">Tom's & Jerry's</a>`)).toBe(
      '&#60;a href=&#34;x&#34;&#62;Tom&#39;s &#38; Jerry&#39;s&#60;/a&#62;',
    );
  });

  it('formats byte counts', () => {
    expect([0, 1023, 1024, 5_120_000, 3 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.00 KiB',
      '4.88 MiB',
      '3.00 GiB',
    ]);
  });

  it('formats durations', () => {
    expect([0.421, 12.34, 245, 3725].map(formatSeconds)).toEqual(['0.42 s', '12.3 s', '4 min 05 s', '1 h 02 min']);
  });

  it('keeps a trailing slash of a folder path', () => {
    expect(fileHref('test', 'path', 'projector/')).toBe('projector/');
  });
});

describe(renderGithubPagesWorkflow, () => {
  it('uses the official Pages actions and the default folder', () => {
    const yaml = renderGithubPagesWorkflow();

    for (const action of ['actions/configure-pages@', 'actions/upload-pages-artifact@', 'actions/deploy-pages@']) {
      expect(yaml).toContain(`uses: ${action}`);
    }
    expect(yaml).toContain('default: out/mnist');
    expect(yaml).toContain("SITE_DIR: ${{ inputs.path || 'out/mnist' }}");
    expect(yaml).toMatch(/pages: write\n\s+id-token: write/);
  });

  it('warns that data files must not use Git LFS', () => {
    const yaml = renderGithubPagesWorkflow();

    expect(yaml).toMatch(/^# Data files must not be stored with Git LFS/m);
    expect(yaml).toContain('git-lfs.github.com/spec/v1');
  });

  it('is indented with spaces and keeps expressions out of shell code', () => {
    const yaml = renderGithubPagesWorkflow({ path: 'site/run-2', branch: 'release' });
    const run = /run: \|\n([\s\S]*?)\n\n/.exec(yaml)![1];

    expect(yaml).not.toContain('\t');
    expect(yaml).toContain('branches: [release]');
    expect(yaml).toContain('default: site/run-2');
    expect(run).not.toContain('${{');
    for (const line of yaml.split('\n')) {
      expect(/^ */.exec(line)![0].length % 2, line).toBe(0);
    }
  });

  it.each(['', '../x', 'a b', 'x: y', '${{ github.token }}'])('rejects path %j', (path) => {
    expect(() => renderGithubPagesWorkflow({ path })).toThrow(/path must be a relative path of letters, digits and "\._-\/"/);
  });
});
