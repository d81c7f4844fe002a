import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

import { createSprite } from '@projector-kit/sprite';
import { afterEach } from 'vitest';

import type { Problem, ValidationReport } from '../src/index.js';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Creates an empty temporary folder that is deleted after the test. */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'projector-config-'));
  created.push(dir);
  return dir;
}

/** Seeded PRNG (mulberry32) returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a `[rows, cols]` tensor of seeded values in [-1, 1). */
export function makeTensor(rows: number, cols: number, seed = 1): { data: Float32Array; shape: [number, number] } {
  const random = createRandom(seed);
  return { data: Float32Array.from({ length: rows * cols }, () => random() * 2 - 1), shape: [rows, cols] };
}

/** Draws a sprite of `rows` random grey images of `cell` px with @projector-kit/sprite. */
export function makeSprite(rows: number, cell = 4): { png: Buffer; cellWidth: number; cellHeight: number } {
  const random = createRandom(rows);
  const data = Uint8Array.from({ length: rows * cell * cell }, () => Math.floor(random() * 256));
  const sprite = createSprite({ data, shape: [rows, cell, cell] });
  return { png: sprite.png, cellWidth: sprite.cellWidth, cellHeight: sprite.cellHeight };
}

/**
 * Encodes a black PNG of any size with 1-bit grey pixels, so a test can write a sprite above
 * the projector's 8192 px limit without megabytes of pixels.
 */
export function encodeBlackPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1;
  header[9] = 0;
  const rowBytes = 1 + Math.ceil(width / 8);
  const pixels = deflateSync(Buffer.alloc(rowBytes * height));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typeAndBody = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndBody));
  return Buffer.concat([length, typeAndBody, crc]);
}

/** Writes files into `dir` by relative path, creating folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** Returns the problems of one severity in a report. */
export function problemsOf(report: ValidationReport, severity: Problem['severity']): Problem[] {
  return report.problems.filter((problem) => problem.severity === severity);
}
