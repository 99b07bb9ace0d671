// Packing of the Runs Table's integer columns for the wire: cells (string indices) in the fewest
// bytes that hold the column's largest index, row orders as uint32; little-endian, in base64.
import { type WireCells } from '../../protocol/runsTable';

/** Packs string indices into the narrowest width that holds them. */
export function packCells(codes: ArrayLike<number>): WireCells {
  let max = 0;
  for (let i = 0; i < codes.length; i++) if ((codes[i] ?? 0) > max) max = codes[i] ?? 0;
  const width = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
  const array = width === 1 ? new Uint8Array(codes.length) : width === 2 ? new Uint16Array(codes.length) : new Uint32Array(codes.length);
  for (let i = 0; i < codes.length; i++) array[i] = codes[i] ?? 0;
  return { width, data: base64(array) };
}

/** Packs a row order (slots) as uint32. */
export function packOrder(slots: ArrayLike<number>): string {
  return base64(Uint32Array.from({ length: slots.length }, (_, i) => slots[i] ?? 0));
}

/** Unpacks what packCells or packOrder made (tests and the page's twin of this use the same layout). */
export function unpack(data: string, width: 1 | 2 | 4): number[] {
  const bytes = Buffer.from(data, 'base64');
  const out: number[] = new Array<number>(bytes.length / width);
  for (let i = 0; i < out.length; i++) out[i] = width === 1 ? bytes.readUInt8(i) : width === 2 ? bytes.readUInt16LE(i * 2) : bytes.readUInt32LE(i * 4);
  return out;
}

function base64(array: Uint8Array | Uint16Array | Uint32Array): string {
  // Typed arrays are in the platform's byte order; every platform VS Code runs on is little-endian.
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}
