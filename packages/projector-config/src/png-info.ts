import { inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS_BY_COLOR_TYPE: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Header fields of a PNG image. */
export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

/**
 * Reads a PNG's header and checks that the file is complete: the signature, the CRC of every
 * chunk, an IHDR first and an IEND last, and image data that inflates to the size the header
 * implies (checked for non-interlaced images).
 *
 * @throws Error with a message that names the damaged or missing part.
 */
export function readPngInfo(bytes: Uint8Array): PngInfo {
  if (bytes.length < 8 || SIGNATURE.some((value, i) => bytes[i] !== value)) {
    throw new Error('not a PNG file: the 8-byte PNG signature is missing');
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataChunks: Uint8Array[] = [];
  let info: PngInfo | undefined;
  let offset = 8;
  let ended = false;

  while (offset < bytes.length && !ended) {
    if (offset + 12 > bytes.length) {
      throw new Error(`truncated PNG: a chunk header at byte ${offset} is cut off`);
    }
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (end > bytes.length) {
      throw new Error(`truncated PNG: chunk ${type} at byte ${offset} needs ${length} bytes, the file ends first`);
    }
    const crc = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) {
      throw new Error(`damaged PNG: the CRC of chunk ${type} at byte ${offset} does not match`);
    }

    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (info === undefined && type !== 'IHDR') {
      throw new Error(`invalid PNG: the first chunk is ${type}, expected IHDR`);
    }
    if (type === 'IHDR') {
      info = parseHeader(body);
    } else if (type === 'IDAT') {
      dataChunks.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    offset = end;
  }

  if (info === undefined || !ended) {
    throw new Error('truncated PNG: the IEND chunk is missing');
  }
  checkImageData(info, dataChunks);
  return info;
}

function parseHeader(body: Uint8Array): PngInfo {
  if (body.length !== 13) {
    throw new Error(`invalid PNG: IHDR has ${body.length} bytes, expected 13`);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const info = {
    width: view.getUint32(0),
    height: view.getUint32(4),
    bitDepth: body[8]!,
    colorType: body[9]!,
    interlaced: body[12] === 1,
  };
  if (info.width === 0 || info.height === 0 || CHANNELS_BY_COLOR_TYPE[info.colorType] === undefined) {
    throw new Error(`invalid PNG header: ${info.width}x${info.height} px, colour type ${info.colorType}`);
  }
  return info;
}

function checkImageData(info: PngInfo, dataChunks: Uint8Array[]): void {
  if (dataChunks.length === 0) {
    throw new Error('invalid PNG: there is no IDAT chunk, so the file has no pixels');
  }

  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(dataChunks));
  } catch (error) {
    throw new Error(`damaged PNG: the image data does not inflate (${(error as Error).message})`);
  }

  if (!info.interlaced) {
    const bitsPerPixel = CHANNELS_BY_COLOR_TYPE[info.colorType]! * info.bitDepth;
    const expected = info.height * (1 + Math.ceil((info.width * bitsPerPixel) / 8));
    if (pixels.length !== expected) {
      throw new Error(`damaged PNG: the image data has ${pixels.length} bytes, the header implies ${expected}`);
    }
  }
}

let crcTable: Uint32Array | undefined;

/** CRC-32 as PNG and zlib define it (polynomial 0xEDB88320). */
function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      crcTable[n] = c >>> 0;
    }
  }

  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
