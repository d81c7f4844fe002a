import { describe, expect, it } from 'vitest';

import { escapeTsvValue, formatMetadataTsv } from '../src/index.js';

describe(escapeTsvValue, () => {
  it.each([
    ['a\tb', 'a\\tb'],
    ['a\nb', 'a\\nb'],
    ['a\rb', 'a\\rb'],
    ['a\\b', 'a\\\\b'],
    ['a\\tb', 'a\\\\tb'],
    ['Ünïcödé 数字 🙂', 'Ünïcödé 数字 🙂'],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeTsvValue(value)).toBe(escaped);
  });
});

describe(formatMetadataTsv, () => {
  it('writes one column without a header', () => {
    const tsv = formatMetadataTsv([3, 'seven', 0.5]);

    expect(tsv.text).toBe('3\nseven\n0.5\n');
    expect(tsv.hasHeader).toBe(false);
    expect(tsv.rows).toBe(3);
    expect(tsv.columns).toEqual(['label']);
  });

  it('writes a Uint8Array of digits as labels', () => {
    expect(formatMetadataTsv(Uint8Array.from([7, 2, 1])).text).toBe('7\n2\n1\n');
  });

  it('drops the name of a single named column', () => {
    const tsv = formatMetadataTsv({ columns: ['digit'], rows: [[1], [2]] });

    expect(tsv.text).toBe('1\n2\n');
  });

  it('writes column names first for two columns', () => {
    const tsv = formatMetadataTsv({
      columns: ['digit', 'split'],
      rows: [
        [1, 'train'],
        [2, 'test'],
      ],
    });

    expect(tsv.text).toBe('digit\tsplit\n1\ttrain\n2\ttest\n');
    expect(tsv.hasHeader).toBe(true);
    expect(tsv.rows).toBe(2);
  });

  it('escapes column names', () => {
    expect(formatMetadataTsv({ columns: ['a\tb', 'c'], rows: [] }).text).toBe('a\\tb\tc\n');
  });

  it('replaces blank single labels with <empty>', () => {
    expect(formatMetadataTsv(['a', '', ' \u00a0', 'b']).text).toBe('a\n<empty>\n<empty>\nb\n');
  });

  it('uses a custom emptyValue', () => {
    expect(formatMetadataTsv([''], { emptyValue: '(none)' }).text).toBe('(none)\n');
  });

  it('keeps one empty value in a row with others', () => {
    expect(formatMetadataTsv({ columns: ['a', 'b'], rows: [['', 'x']] }).text).toBe('a\tb\n\tx\n');
  });

  it('fills every value of an all-blank row', () => {
    expect(formatMetadataTsv({ columns: ['a', 'b'], rows: [['', ' ']] }).text).toBe('a\tb\n<empty>\t<empty>\n');
  });

  it('rejects a row with missing values', () => {
    expect(() => formatMetadataTsv({ columns: ['a', 'b'], rows: [['1', '2'], ['3']] })).toThrow(
      'metadata row 1 has 1 values, but there are 2 columns (a, b)',
    );
  });

  it('rejects duplicate column names', () => {
    expect(() => formatMetadataTsv({ columns: ['a', 'a'], rows: [] })).toThrow('metadata column "a" appears twice');
  });

  it('rejects an empty column name', () => {
    expect(() => formatMetadataTsv({ columns: ['a', ' '], rows: [] })).toThrow('received " "');
  });

  it('rejects an emptyValue with a tab', () => {
    expect(() => formatMetadataTsv(['a'], { emptyValue: 'a\tb' })).toThrow('emptyValue must be a visible string');
  });

  it('rejects metadata that is neither form', () => {
    expect(() => formatMetadataTsv({ labels: [] } as never)).toThrow(TypeError);
  });
});
