import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DataImportError, readMetadataTable } from '../src/index.js';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'data-import-metadata-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function catchError(run: () => unknown): DataImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataImportError);
    return error as DataImportError;
  }
  throw new Error('expected a DataImportError');
}

describe(readMetadataTable, () => {
  it('TSV text with header and CRLF', () => {
    const table = readMetadataTable('label\tsplit\r\n7\ttrain\r\n2\ttest\r\n');

    expect(table.columns).toEqual(['label', 'split']);
    expect(table.rows).toEqual([
      ['7', 'train'],
      ['2', 'test'],
    ]);
  });

  it('CSV quotes, commas, quotes and line breaks', () => {
    const csv = 'name,comment\r\n"Smith, J.","said ""hi"""\r\n"multi\r\nline",plain\r\n"",x';

    const table = readMetadataTable(csv, { format: 'csv' });

    expect(table.columns).toEqual(['name', 'comment']);
    expect(table.rows).toEqual([
      ['Smith, J.', 'said "hi"'],
      ['multi\r\nline', 'plain'],
      ['', 'x'],
    ]);
  });

  it('auto format picks CSV by extension', () => {
    const path = join(folder, 'people.csv');
    writeFileSync(path, '\uFEFFid,city\n1,"Hanoi, VN"\n2,Paris\n');

    const table = readMetadataTable(path);

    expect(table.columns).toEqual(['id', 'city']);
    expect(table.rows).toEqual([
      ['1', 'Hanoi, VN'],
      ['2', 'Paris'],
    ]);
  });

  it('auto format picks TSV for a .tsv path', () => {
    const path = join(folder, 'labels.tsv');
    writeFileSync(path, 'label,with comma\tindex\na,b\t1\n');

    const table = readMetadataTable(path);

    expect(table.columns).toEqual(['label,with comma', 'index']);
    expect(table.rows).toEqual([['a,b', '1']]);
  });

  it('auto format picks CSV for comma text', () => {
    expect(readMetadataTable('a,b\n1,2\n').rows).toEqual([['1', '2']]);
  });

  it('CSV row length mismatch gives the line', () => {
    const error = catchError(() => readMetadataTable('a,b\n1,2\n"x\ny",3\n4\n', { format: 'csv' }));

    expect(error.message).toMatch(/line 5 of the text passed in has 1 fields, but the header has 2 \(a, b\)/);
    expect(error.line).toBe(5);
  });

  it('TSV row length mismatch gives the line', () => {
    const error = catchError(() => readMetadataTable('a\tb\n1\t2\n3\n'));

    expect(error.line).toBe(3);
  });

  it('unclosed quote gives its line', () => {
    const error = catchError(() => readMetadataTable('a,b\n1,"open\n2,3\n', { format: 'csv' }));

    expect(error.message).toMatch(/line 2, character 3 .* never closed/);
    expect(error.line).toBe(2);
  });

  it('text after a closing quote is rejected', () => {
    const error = catchError(() => readMetadataTable('a,b\n"x"y,1\n', { format: 'csv' }));

    expect(error.message).toMatch(/text follows the closing quote/);
    expect(error.line).toBe(2);
  });

  it('quote inside an unquoted field is rejected', () => {
    const error = catchError(() => readMetadataTable('a,b\nx"y,1\n', { format: 'csv' }));

    expect(error.message).toMatch(/quote appears inside an unquoted field/);
  });

  it('empty input has no header line', () => {
    const path = join(folder, 'empty.tsv');
    writeFileSync(path, '');

    expect(() => readMetadataTable(path)).toThrow(/has no header line/);
  });

  it('rejects an unknown format', () => {
    expect(() => readMetadataTable('a\tb\n', { format: 'xlsx' as 'csv' })).toThrow(RangeError);
  });
});
