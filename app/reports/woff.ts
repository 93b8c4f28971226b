/**
 * WOFF 1.0 → TrueType/OpenType (sfnt), in memory. fontkit reads WOFF, but re-inflates tables on
 * access and lays out text from it many times slower, and it draws WOFF2 glyphs invisible; so
 * the report unwraps the WOFF that @openfonts ships once, with node:zlib, and hands fontkit a
 * plain sfnt. Format: https://www.w3.org/TR/WOFF/ (header 44 bytes, table directory 20 bytes
 * an entry, each table zlib-compressed unless its compressed length equals its original one).
 *
 * The tables are inflated on libuv's thread pool, not on the main thread: Noto Sans SC's glyph
 * table alone is 6 MB compressed (≈ 65 ms to inflate), so the two weights inflate side by side
 * on two cores while the first report fetches its data.
 */
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';

const inflateAsync = promisify(inflate);

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

export async function woffToSfnt(woff: Uint8Array): Promise<Buffer> {
  const input = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.length < WOFF_HEADER || input.readUInt32BE(0) !== WOFF_SIGNATURE) {
    throw new Error('not a WOFF 1.0 font');
  }
  const flavor = input.readUInt32BE(4);
  const numTables = input.readUInt16BE(12);
  const tables = await Promise.all(
    Array.from({ length: numTables }, async (_, i) => {
      const at = WOFF_HEADER + i * WOFF_ENTRY;
      const offset = input.readUInt32BE(at + 4);
      const compLength = input.readUInt32BE(at + 8);
      const origLength = input.readUInt32BE(at + 12);
      const stored = input.subarray(offset, offset + compLength);
      // One output chunk of the known size: the default 16 KB chunks make the 10 MB glyph
      // table hundreds of round trips to the thread pool.
      const data =
        compLength < origLength
          ? await inflateAsync(stored, { chunkSize: Math.max(origLength, 64) })
          : stored;
      if (data.length !== origLength) throw new Error('WOFF table length mismatch');
      return { tag: input.readUInt32BE(at), checksum: input.readUInt32BE(at + 16), data };
    }),
  );

  // Tables start 4-byte aligned; the directory's binary-search fields follow the sfnt spec.
  const padded = (n: number) => (n + 3) & ~3;
  let size = SFNT_HEADER + SFNT_ENTRY * numTables;
  for (const t of tables) size += padded(t.data.length);
  const out = Buffer.alloc(size);
  const power = 2 ** Math.floor(Math.log2(Math.max(numTables, 1)));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(Math.log2(power), 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = SFNT_HEADER + SFNT_ENTRY * numTables;
  tables.forEach((t, i) => {
    const at = SFNT_HEADER + i * SFNT_ENTRY;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += padded(t.data.length);
  });
  return out;
}
