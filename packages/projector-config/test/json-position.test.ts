import { describe, expect, it } from 'vitest';

import { findJsonSyntaxError, lineAndColumn, parseJsonWithPosition } from '../src/json-position.js';

describe(findJsonSyntaxError, () => {
  it.each([
    ['{"a": 1}', null],
    ['[1, -2.5e3, "x\\n", true, false, null, {}]', null],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['{"a": tru}', 6 + 3],
    ['{"a": 01}', 7],
    ['"abc', 4],
    ['"bad \\q"', 6],
    ['{"a": 1} x', 9],
    ['', 0],
  ])('finds the error in %j at %s', (text, offset) => {
    expect(findJsonSyntaxError(text)).toBe(offset);
  });

  it('agrees with JSON.parse on every prefix of a config', () => {
    const config = JSON.stringify(
      { embeddings: [{ tensorName: 'a', tensorShape: [1, 2], sprite: { singleImageDim: [28, 28] } }] },
      null,
      2,
    );

    for (let length = 0; length <= config.length; length++) {
      const prefix = config.slice(0, length);
      const parses = (() => {
        try {
          JSON.parse(prefix);
          return true;
        } catch {
          return false;
        }
      })();
      expect(findJsonSyntaxError(prefix) === null, `prefix of ${length} characters`).toBe(parses);
    }
  });
});

describe(parseJsonWithPosition, () => {
  it('names line and column of the error', () => {
    expect(() => parseJsonWithPosition('{\n  "a": [1,\n  ]\n}')).toThrow('invalid JSON at line 3, column 3');
  });

  it('returns the parsed value', () => {
    expect(parseJsonWithPosition('{"a": [1]}')).toEqual({ a: [1] });
  });
});

describe(lineAndColumn, () => {
  it('counts from 1', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});
