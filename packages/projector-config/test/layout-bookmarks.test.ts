import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { layoutBookmarks, validateProjectorFolder, writeProjectorFolder, type Layout } from '../src/index.js';

function layout(kind: Layout['kind'], rows: number, dims: 2 | 3, offset: number): Layout {
  const data = new Float32Array(rows * dims);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.sin(i + offset) * 10;
  }
  return { kind, label: `${kind} layout`, coordinates: { data, shape: [rows, dims] } };
}

describe(layoutBookmarks, () => {
  it('puts every layout on every point', () => {
    const tsne = layout('tsne', 5, 2, 0);
    const umap = layout('umap', 5, 3, 1);

    const states = layoutBookmarks([tsne, umap], { tensorColumns: 8, colorBy: 'label' });

    expect(states).toHaveLength(2);
    const projections = states[0]!['projections'] as Array<Record<string, number>>;
    expect(projections).toHaveLength(5);
    expect(Object.keys(projections[3]!).sort()).toEqual(['tsne-0', 'tsne-1', 'umap-0', 'umap-1', 'umap-2']);
    expect(projections[3]!['tsne-1']).toBeCloseTo(tsne.coordinates.data[7]!, 4);
    expect(projections[4]!['umap-2']).toBeCloseTo(umap.coordinates.data[14]!, 4);
  });

  it('records the projection, shape and 2-D or 3-D mode', () => {
    const states = layoutBookmarks([layout('tsne', 4, 2, 0), layout('umap', 4, 3, 0)], { tensorColumns: 16, colorBy: 'label' });

    expect(states[0]).toMatchObject({
      selectedProjection: 'tsne',
      dataSetDimensions: [4, 16],
      tSNEis3d: false,
      isSelected: true,
    });
    expect(states[1]).toMatchObject({
      selectedProjection: 'umap',
      umapIs3d: true,
      isSelected: false,
      selectedColorOptionName: 'label',
    });
  });

  it('rejects a NaN coordinate with its row and column', () => {
    const bad = layout('umap', 4, 2, 0);
    bad.coordinates.data[5] = Number.NaN;

    expect(() => layoutBookmarks([bad], { tensorColumns: 2 })).toThrow(
      'layoutBookmarks: layout "umap layout" (umap) has NaN at row 2, column 1; coordinates must be finite numbers.',
    );
  });

  it('rejects layouts of different row counts', () => {
    expect(() => layoutBookmarks([layout('tsne', 4, 2, 0), layout('umap', 5, 2, 0)], { tensorColumns: 2 })).toThrow(
      /has 5 rows where the first layout has 4/,
    );
  });

  it('writes bookmarks the validator accepts', async () => {
    const rows = 6;
    const dir = join(mkdtempSync(join(tmpdir(), 'pk-bookmarks-')), 'folder');
    const tensor = { data: new Float32Array(rows * 3).map((_, i) => i / 7), shape: [rows, 3] as [number, number] };

    await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 't', tensor, bookmarks: layoutBookmarks([layout('tsne', rows, 2, 0)], { tensorColumns: 3 }) }],
    });
    const report = await validateProjectorFolder(dir);

    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('is rejected by the writer when a point is missing', async () => {
    const rows = 6;
    const dir = join(mkdtempSync(join(tmpdir(), 'pk-bookmarks-')), 'folder');
    const tensor = { data: new Float32Array((rows + 1) * 3), shape: [rows + 1, 3] as [number, number] };
    const bookmarks = layoutBookmarks([layout('tsne', rows, 2, 0)], { tensorColumns: 3 });

    await expect(writeProjectorFolder(dir, { embeddings: [{ tensorName: 't', tensor, bookmarks }] })).rejects.toThrow(
      /bookmark/i,
    );
  });
});
