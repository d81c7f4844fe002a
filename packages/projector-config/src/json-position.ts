/**
 * Parses JSON like `JSON.parse`, but on a syntax error throws a SyntaxError whose message
 * gives the line and column (both from 1) of the first invalid character.
 *
 * Node 20's `JSON.parse` reports a byte position for some errors and only a text excerpt for
 * others, so the position comes from a small scanner that follows RFC 8259.
 */
export function parseJsonWithPosition(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = findJsonSyntaxError(text);
    const { line, column } = lineAndColumn(text, offset ?? text.length);
    throw new SyntaxError(`invalid JSON at line ${line}, column ${column}: ${(error as Error).message}`);
  }
}

/** Returns line and column (from 1) of a UTF-16 offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/** Returns the offset of the first character that breaks the JSON grammar, or null. */
export function findJsonSyntaxError(text: string): number | null {
  let position = 0;

  const skipSpace = (): void => {
    while (position < text.length && ' \t\n\r'.includes(text[position]!)) {
      position++;
    }
  };
  const fail = (): never => {
    throw position;
  };
  const expectLiteral = (literal: string): void => {
    for (const character of literal) {
      if (text[position] !== character) fail();
      position++;
    }
  };

  const parseString = (): void => {
    position++;
    while (text[position] !== '"') {
      const character = text[position];
      if (character === undefined || character < ' ') fail();
      if (character === '\\') {
        position++;
        if (text[position] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(position + 1, position + 5))) fail();
          position += 4;
        } else if (!'"\\/bfnrt'.includes(text[position] ?? 'x')) {
          fail();
        }
      }
      position++;
    }
    position++;
  };

  const parseNumber = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(position));
    if (match === null || match[0] === '' || match[0] === '-') fail();
    position += match![0].length;
  };

  const parseValue = (): void => {
    skipSpace();
    const character = text[position];
    if (character === '{') {
      parseContainer('}', () => {
        skipSpace();
        if (text[position] !== '"') fail();
        parseString();
        skipSpace();
        expectLiteral(':');
        parseValue();
      });
    } else if (character === '[') {
      parseContainer(']', parseValue);
    } else if (character === '"') {
      parseString();
    } else if (character === 't') {
      expectLiteral('true');
    } else if (character === 'f') {
      expectLiteral('false');
    } else if (character === 'n') {
      expectLiteral('null');
    } else {
      parseNumber();
    }
  };

  const parseContainer = (close: string, parseMember: () => void): void => {
    position++;
    skipSpace();
    if (text[position] === close) {
      position++;
      return;
    }
    for (;;) {
      parseMember();
      skipSpace();
      if (text[position] === close) {
        position++;
        return;
      }
      expectLiteral(',');
    }
  };

  try {
    parseValue();
    skipSpace();
    if (position < text.length) fail();
    return null;
  } catch (thrown) {
    if (typeof thrown === 'number') {
      return thrown;
    }
    throw thrown;
  }
}
