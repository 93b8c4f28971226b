/**
 * Bytes to rows: encoding detection, delimiter detection, papaparse streaming, line numbers.
 * Memory stays bounded by papaparse's chunk size whatever the file size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import Papa from 'papaparse';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le';
export type Delimiter = ',' | '\t';

/** A file to load: from disk (CLI, inbox) or from memory (upload). */
export interface SourceFile {
  name: string;
  path?: string;
  bytes?: Buffer;
}

export interface ReadStats {
  encoding: Encoding;
  delimiter: Delimiter;
  sha256: string;
  bytes: number;
}

export class ReadError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'ReadError';
  }
}

/** Bytes judged after the first non-ASCII byte before the encoding is decided. */
const SNIFF_BYTES = 64 * 1024;
/** An all-ASCII head this long is taken as UTF-8 without waiting for more. */
const SNIFF_LIMIT = 8 * 1024 * 1024;

/**
 * UTF-8 unless the sample fails to decode as UTF-8, in which case GB18030 (a superset of GBK
 * and GB2312, which is what Excel on a Chinese Windows writes as "CSV"). The sample runs from
 * the start of the file to 64 KiB past its first non-ASCII byte, since ASCII alone (an English
 * header, numbers) reads the same in both.
 */
export function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  try {
    // stream: true tolerates a character cut in half at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Tab if the header line has more tabs than commas: exports call TSV files ".csv" too. */
export function detectDelimiter(firstLine: string): Delimiter {
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}

function byteStream(file: SourceFile): Readable {
  if (file.bytes) return Readable.from([file.bytes]);
  if (file.path) return createReadStream(file.path, { highWaterMark: 1024 * 1024 });
  throw new Error(`${file.name}: neither path nor bytes`);
}

/** Decodes a byte stream into strings, hashing and counting the bytes on the way. */
class Decode extends Transform {
  private decoder: TextDecoder | null = null;
  private head: Buffer[] = [];
  private headLength = 0;
  private firstHighByte = -1;
  private hash = createHash('sha256');
  bytes = 0;
  encoding: Encoding = 'utf-8';

  constructor(private readonly onEncoding: (e: Encoding, firstText: string) => void) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    try {
      if (this.decoder) {
        this.pushText(this.decoder.decode(chunk, { stream: true }));
      } else {
        if (this.firstHighByte < 0) {
          const high = chunk.findIndex((b) => b >= 0x80);
          if (high >= 0) this.firstHighByte = this.headLength + high;
        }
        this.head.push(chunk);
        this.headLength += chunk.length;
        const sampled =
          this.firstHighByte >= 0 && this.headLength - this.firstHighByte >= SNIFF_BYTES;
        if (sampled || this.headLength >= SNIFF_LIMIT) this.startDecoding();
      }
      done();
    } catch (e) {
      done(this.decodeFailure(e));
    }
  }

  override _flush(done: (e?: Error | null) => void) {
    try {
      if (!this.decoder) this.startDecoding();
      this.pushText(this.decoder!.decode());
      done();
    } catch (e) {
      done(this.decodeFailure(e));
    }
  }

  sha256(): string {
    return this.hash.digest('hex');
  }

  private startDecoding() {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.encoding = detectEncoding(head);
    const label = this.encoding === 'utf-8-bom' ? 'utf-8' : this.encoding;
    // fatal: a byte sequence that is not valid in the detected encoding is an error, never a
    // silently replaced character in somebody's name.
    this.decoder = new TextDecoder(label, { fatal: true });
    const text = this.decoder.decode(head, { stream: true });
    this.onEncoding(this.encoding, text);
    this.pushText(text);
  }

  private pushText(text: string) {
    if (text.length > 0) this.push(text);
  }

  private decodeFailure(e: unknown): Error {
    if (e instanceof TypeError) {
      return new ReadError(
        `文件编码无法识别：开头部分按 ${this.encoding} 识别，但之后出现无效字节（文件可能混用了多种编码）`,
        `cannot decode the file: its beginning reads as ${this.encoding} but later bytes are invalid in it (mixed encodings?)`,
      );
    }
    return e instanceof Error ? e : new Error(String(e));
  }
}

export interface RowSink {
  /** Called once with the header row (line 1). */
  header(cells: string[]): void;
  /** Called with a block of data rows and the file line number each starts on. */
  rows(rows: string[][], lines: Int32Array): void;
}

/**
 * Streams a file through papaparse into the sink. Line numbers count physical lines (header is
 * line 1), so a quoted cell with a line break moves every later row down, as in a text editor.
 */
export async function readRows(file: SourceFile, sink: RowSink): Promise<ReadStats> {
  let delimiter: Delimiter = ',';
  const decode = new Decode((_encoding, firstText) => {
    delimiter = detectDelimiter(firstText.slice(0, firstText.search(/\r?\n|$/)));
  });
  const text = byteStream(file).pipe(decode);
  let nextLine = 1;
  let headerSeen = false;
  await new Promise<void>((resolve, reject) => {
    text.once('error', reject);
    // Wait for the decoder's first text (it has then picked encoding and delimiter), and hand
    // the stream to papaparse in the same tick, before 'end' of a small file can go by unseen.
    text.once('readable', () => {
      const first = text.read() as string | null;
      if (first === null || first.trim() === '') {
        reject(
          new ReadError('文件为空，缺少表头行', 'the file is empty: a header row is required'),
        );
        return;
      }
      const input = new Readable({ objectMode: true, read() {} });
      input.push(first);
      text.on('data', (chunk: string) => input.push(chunk));
      text.on('end', () => input.push(null));
      text.on('error', () => input.destroy());
      text.resume();
      Papa.parse<string[]>(input as unknown as File, {
        delimiter,
        skipEmptyLines: false,
        chunkSize: 1024 * 1024,
        chunk(results, parser) {
          try {
            let data = results.data;
            if (!headerSeen) {
              headerSeen = true;
              const header = data[0] ?? [];
              nextLine += 1 + newlinesIn(header);
              sink.header(header);
              data = data.slice(1);
            }
            const kept: string[][] = [];
            const lines = new Int32Array(data.length);
            for (const row of data) {
              const line = nextLine;
              nextLine += 1 + newlinesIn(row);
              // A blank line (one empty cell) is skipped, but still counted.
              if (row.length === 1 && row[0]!.trim() === '') continue;
              lines[kept.length] = line;
              kept.push(row);
            }
            if (kept.length > 0) sink.rows(kept, lines.subarray(0, kept.length));
          } catch (e) {
            parser.abort();
            text.destroy();
            reject(e);
          }
        },
        complete: () => resolve(),
        error: (e: Error) => reject(e),
      });
    });
  });
  return { encoding: decode.encoding, delimiter, sha256: decode.sha256(), bytes: decode.bytes };
}

function newlinesIn(row: string[]): number {
  let n = 0;
  for (const cell of row) {
    if (cell.length > 0 && cell.includes('\n')) n += cell.split('\n').length - 1;
  }
  return n;
}
