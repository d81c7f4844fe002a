import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

import { projectorUrl } from '@projector-kit/projector-config';
import { scatterPlot } from '@projector-kit/plot';
import { PNG } from 'pngjs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderIndexHtml, type SiteRun } from '../src/site/index-html.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots are kept here after the run, so a person can look at the page. */
const SCREENSHOT_DIR = join(tmpdir(), 'projector-kit-site-test');

const PUBLIC_CONFIG_URL = 'https://someone.github.io/mnist projector/projector_config.json?v=1&x=2';

/** The parts of an `<img>` element that the test reads inside the page. */
interface ImageElement {
  decode(): Promise<void>;
  naturalWidth: number;
  naturalHeight: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serves `root` on 127.0.0.1 at a free port; only files directly inside it, GET only. */
async function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const name =
      normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)).replace(/^\/+/, '') || 'index.html';
    const file = join(root, name);
    if (name.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Writes a labelled scatter plot of a seeded spiral of `count` points to `file`. */
function writePlot(file: string, count: number, title: string): number {
  const data = new Float32Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 5;
    const angle = labels[i] * 1.25 + (i / count) * 0.6;
    data[i * 2] = Math.cos(angle) * (1 + (i % 7) / 10);
    data[i * 2 + 1] = Math.sin(angle) * (1 + (i % 11) / 10);
  }
  const plot = scatterPlot({ data, shape: [count, 2] }, { labels, title, width: 600, height: 450 });
  writeFileSync(file, plot.png);
  return plot.png.length;
}

describe.skipIf(!existsSync(CHROMIUM))(`summary page in headless Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  let folder: string;
  let profile: string;
  let server: Server;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'pk-site-'));
    profile = mkdtempSync(join(tmpdir(), 'pk-chromium-profile-'));
    const plotBytes = [
      writePlot(join(folder, 'plot_pca.png'), 500, 'PCA'),
      writePlot(join(folder, 'plot_tsne.png'), 800, 't-SNE'),
    ];
    writeFileSync(join(folder, 'projector_config.json'), '{"embeddings":[]}\n');

    const run: SiteRun = {
      title: 'MNIST <features> & "friends"',
      createdAt: '2026-03-01T12:00:00.000Z',
      counts: { points: 1300, dimensions: 128, classes: 5 },
      testAccuracy: 0.9861,
      explainedVariance: 0.8234,
      stageSeconds: { train: 299.4, features: 41.2, pca: 7.9 },
      plots: [
        { file: 'plot_pca.png', caption: 'PCA of 500 points' },
        { file: 'plot_tsne.png', caption: 't-SNE of 800 points' },
      ],
      files: [
        { path: 'plot_pca.png', bytes: plotBytes[0] },
        { path: 'plot_tsne.png', bytes: plotBytes[1] },
        { path: 'projector_config.json', bytes: 18 },
      ],
      configFile: 'projector_config.json',
      projectorLink: projectorUrl(PUBLIC_CONFIG_URL),
    };
    writeFileSync(join(folder, 'index.html'), renderIndexHtml(run));

    ({ server, url } = await serveStatic(folder));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(url, { waitUntil: 'load' });
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(folder, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows the title and the figures', async () => {
    expect(await page.title()).toBe('MNIST <features> & "friends"');
    expect(await page.locator('h1').innerText()).toBe('MNIST <features> & "friends"');

    const figures = await page.locator('.figure').allInnerTexts();
    expect(figures.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      'Points 1,300',
      'Dimensions 128',
      'Classes 5',
      'Test accuracy 98.61 %',
      'Variance kept by PCA 82.3 %',
    ]);
  });

  it('loads every image', async () => {
    const images = page.locator('img');
    expect(await images.count()).toBe(2);

    for (const image of await images.all()) {
      await image.scrollIntoViewIfNeeded();
      await image.evaluate((element) => (element as unknown as ImageElement).decode());
      const size = await image.evaluate((element) => [
        (element as unknown as ImageElement).naturalWidth,
        (element as unknown as ImageElement).naturalHeight,
      ]);
      expect(size).toEqual([600, 450]);
    }
  });

  it('links to the projector with the config URL', async () => {
    const href = await page.locator('#projector-link').getAttribute('href');
    const link = new URL(href!);

    expect(link.origin).toBe('https://projector.tensorflow.org');
    expect(link.searchParams.get('config')).toBe(PUBLIC_CONFIG_URL);
  });

  it('lists the files with links that resolve', async () => {
    const rows = await page.locator('#files tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/^projector_config\.json\s+18 B$/);

    const href = await page.locator('#files tbody a').nth(2).getAttribute('href');
    const config = await page.request.get(new URL(href!, url).href);
    expect(config.status()).toBe(200);
  });

  it('fetches nothing but the local server', () => {
    expect(requested.length).toBeGreaterThanOrEqual(3);
    expect(requested.filter((address) => !address.startsWith(url))).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // A string expression, because this package compiles without the DOM types.
    const widths = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
    const phone = await page.screenshot({ path: join(SCREENSHOT_DIR, 'phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    const desktop = await page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop.png'), fullPage: true });

    expect(widths[0]).toBeLessThanOrEqual(widths[1]);
    expect(PNG.sync.read(phone).width).toBe(390);
    expect(PNG.sync.read(desktop).width).toBe(1280);
  });
});
