/** A layout computed offline: one row of 2 or 3 coordinates per tensor row. */
export interface Layout {
  /** Projection the coordinates belong to. They are stored under `<kind>-0`, `<kind>-1` (and `<kind>-2`). */
  kind: 'tsne' | 'umap' | 'pca';
  /** `[rows, 2]` or `[rows, 3]` finite coordinates, in any unit: the projector rescales them to fit. */
  coordinates: { data: Float32Array; shape: [number, number] };
  /** Bookmark name shown in the projector's bookmark tray. */
  label: string;
  /** Parameters recorded in the bookmark, shown by the projector's t-SNE and UMAP panels. */
  tsne?: { perplexity: number; learningRate: number; iterations: number };
  umap?: { neighbors: number; minDist: number };
}

/** Options of {@link layoutBookmarks}. */
export interface LayoutBookmarkOptions {
  /** Columns of the tensor the bookmarks are for: the projector checks `[rows, cols]`. */
  tensorColumns: number;
  /** Metadata column to colour points by, such as `label`. */
  colorBy?: string;
  /** Metadata column shown as each point's label on hover. */
  labelBy?: string;
}

/**
 * Builds projector bookmarks (saved states) that show layouts computed offline: one bookmark
 * per layout, all carrying every layout's coordinates, so switching between them in the
 * bookmark tray is instant.
 *
 * NOTE: the projector (TensorBoard's vz-projector bookmark panel) lists the bookmarks of
 * `bookmarksPath` in an opened tray but does not apply the first one by itself. One click on a
 * bookmark shows its layout without computing anything in the browser.
 *
 * @throws RangeError when layouts differ in row count, have 1 or more than 3 columns, or hold
 *   a NaN or infinite coordinate (the message names the layout, row and column).
 */
export function layoutBookmarks(layouts: readonly Layout[], options: LayoutBookmarkOptions): Record<string, unknown>[] {
  if (layouts.length === 0) {
    throw new RangeError('layoutBookmarks: no layouts given; pass at least one t-SNE, UMAP or PCA layout.');
  }
  const rows = layouts[0]!.coordinates.shape[0];
  for (const layout of layouts) {
    checkLayout(layout, rows);
  }

  const projections = pointProjections(layouts, rows);

  return layouts.map((layout, index) => {
    const dims = layout.coordinates.shape[1];
    const tsne = layouts.find((candidate) => candidate.kind === 'tsne');
    const umap = layouts.find((candidate) => candidate.kind === 'umap');
    return {
      label: layout.label,
      isSelected: index === 0,
      selectedProjection: layout.kind,
      dataSetDimensions: [rows, options.tensorColumns],
      tSNEIteration: tsne?.tsne?.iterations ?? 0,
      tSNEPerplexity: tsne?.tsne?.perplexity ?? 30,
      tSNELearningRate: tsne?.tsne?.learningRate ?? 10,
      tSNEis3d: (tsne?.coordinates.shape[1] ?? dims) === 3,
      umapIs3d: (umap?.coordinates.shape[1] ?? dims) === 3,
      umapNeighbors: umap?.umap?.neighbors ?? 15,
      umapMinDist: umap?.umap?.minDist ?? 0.1,
      pcaComponentDimensions: [0, 1, 2],
      projections,
      selectedPoints: [],
      selectedColorOptionName: options.colorBy ?? '',
      forceCategoricalColoring: options.colorBy !== undefined,
      selectedLabelOption: options.labelBy ?? options.colorBy ?? '',
    };
  });
}

function checkLayout(layout: Layout, rows: number): void {
  const [layoutRows, dims] = layout.coordinates.shape;
  const name = `layoutBookmarks: layout "${layout.label}" (${layout.kind})`;

  if (layoutRows !== rows) {
    throw new RangeError(
      `${name} has ${layoutRows} rows where the first layout has ${rows}; every layout needs one row per tensor row.`,
    );
  }
  if (dims !== 2 && dims !== 3) {
    throw new RangeError(`${name} has ${dims} columns; the projector shows 2 or 3.`);
  }
  if (layout.coordinates.data.length !== rows * dims) {
    throw new RangeError(
      `${name} has ${layout.coordinates.data.length} values for shape [${rows}, ${dims}]; expected ${rows * dims}.`,
    );
  }
  const data = layout.coordinates.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(
        `${name} has ${data[i]} at row ${Math.floor(i / dims)}, column ${i % dims}; coordinates must be finite numbers.`,
      );
    }
  }
}

/** Coordinates are kept to 6 significant digits: float32 has about 7, and the JSON stays small. */
function pointProjections(layouts: readonly Layout[], rows: number): Array<Record<string, number>> {
  const projections: Array<Record<string, number>> = [];
  for (let row = 0; row < rows; row++) {
    const point: Record<string, number> = {};
    for (const layout of layouts) {
      const dims = layout.coordinates.shape[1];
      for (let col = 0; col < dims; col++) {
        point[`${layout.kind}-${col}`] = Number(layout.coordinates.data[row * dims + col]!.toPrecision(6));
      }
    }
    projections.push(point);
  }
  return projections;
}
