import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { absoluteConfig, serveFolder, type RunningServer } from '../src/serve.js';

const config = {
  embeddings: [
    {
      tensorName: 't',
      tensorShape: [2, 3],
      tensorPath: 't_tensor.bytes',
      metadataPath: 't_metadata.tsv',
      sprite: { imagePath: 't_sprite.png', singleImageDim: [28, 28] },
    },
  ],
};

describe(serveFolder, () => {
  let dir: string;
  let running: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pk-serve-'));
    writeFileSync(join(dir, 'projector_config.json'), JSON.stringify(config));
    writeFileSync(join(dir, 't_tensor.bytes'), Buffer.from(new Float32Array([1, 2, 3, 4, 5, 6]).buffer));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>run</title>');
    running = await serveFolder(dir, 0);
  });

  afterAll(async () => {
    await running.close();
  });

  it('listens on loopback only', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('sends CORS headers with files', async () => {
    const response = await fetch(`${running.url}t_tensor.bytes`, { headers: { Origin: 'https://projector.tensorflow.org' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(new Float32Array(await response.arrayBuffer())).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(`${running.url}t_tensor.bytes`, { method: 'OPTIONS' });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
    expect(response.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('serves the config with absolute URLs on this server', async () => {
    const served = (await (await fetch(`${running.url}projector_config.json`)).json()) as typeof config;

    expect(served.embeddings[0]!.tensorPath).toBe(`${running.url}t_tensor.bytes`);
    expect(served.embeddings[0]!.metadataPath).toBe(`${running.url}t_metadata.tsv`);
    expect(served.embeddings[0]!.sprite.imagePath).toBe(`${running.url}t_sprite.png`);
  });

  it('serves index.html for the folder root', async () => {
    const response = await fetch(running.url);

    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<title>run</title>');
  });

  it('rejects invalid percent-encoding with 400', async () => {
    const response = await fetch(`${running.url}%`);

    expect(response.status).toBe(400);
  });

  it('ignores the Host header in the config', async () => {
    const { request } = await import('node:http');
    const body = await new Promise<string>((resolve, reject) => {
      const call = request(`${running.url}projector_config.json`, { headers: { Host: 'evil.example:1' } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
      });
      call.on('error', reject);
      call.end();
    });

    expect(body).not.toContain('evil.example');
    expect(body).toContain(`${running.url}t_tensor.bytes`);
  });

  it('returns 404 for a folder named like a file', async () => {
    mkdirSync(join(dir, 'sub', 'index.html'), { recursive: true });

    expect((await fetch(`${running.url}sub/`)).status).toBe(404);
  });

  it('returns 404 for a missing file', async () => {
    expect((await fetch(`${running.url}missing.tsv`)).status).toBe(404);
  });

  it('serves nothing outside the folder', async () => {
    writeFileSync(join(dir, '..', 'pk-serve-secret.txt'), 'secret');

    const response = await fetch(`${running.url}..%2fpk-serve-secret.txt`);

    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret\n');
  });
});

describe(absoluteConfig, () => {
  it('keeps absolute URLs as they are', () => {
    const text = JSON.stringify({ embeddings: [{ tensorPath: 'https://example.org/a.bytes', tensorShape: [1, 1] }] });

    const result = JSON.parse(absoluteConfig(text, 'http://127.0.0.1:1/')) as typeof config;

    expect(result.embeddings[0]!.tensorPath).toBe('https://example.org/a.bytes');
  });
});
