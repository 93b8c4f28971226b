/**
 * Bytes to rows: encoding detection, delimiter detection, papaparse streaming, line numbers.
 * Memory stays bounded by papaparse's chunk size whatever the file size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import Papa from 'papaparse';
import type { Reason } from './contract/codecs';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be' | 'xlsx';
export type Delimiter = ',' | '\t' | ';';

/** A file to load: from disk (CLI, inbox) or from memory (upload). */
export interface SourceFile {
  name: string;
  path?: string;
  bytes?: Buffer;
  /** One sheet of a workbook: the file is then named `book.xlsx#Sheet1`. */
  sheet?: SheetRef;
}

/** Where a sheet's rows are inside its workbook. */
export interface SheetRef {
  name: string;
  /** The part holding the sheet's XML, e.g. xl/worksheets/sheet1.xml. */
  part: string;
  /** The workbook file's own name, for messages that concern all its sheets. */
  workbook: string;
}

export interface ReadStats {
  encoding: Encoding;
  delimiter: Delimiter | null;
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
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // stream: true tolerates a character cut in half at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];

/**
 * The delimiter that splits some line of the head into the most cells: exports call TSV and
 * semicolon files ".csv" too, and a title line above the header may hold no delimiter at all.
 * Ties go to the comma, then the tab.
 */
export function detectDelimiter(head: string): Delimiter {
  const lines = head.split(/\r?\n/, 20);
  let best: Delimiter = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    for (const line of lines) {
      const n = line.split(d).length - 1;
      if (n > most) [best, most] = [d, n];
    }
  }
  return best;
}

/** What a file's first bytes say it is, when that is not delimited text. */
export type Sniffed = { kind: 'text' } | { kind: 'xlsx' } | { kind: 'refused'; reason: Reason };

const SAVE_AS = {
  zh: '请在 Excel 或 WPS 中另存为 .xlsx 工作簿或“CSV UTF-8”后再导入',
  en: 'save it from Excel or WPS as an .xlsx workbook or as "CSV UTF-8" and load that',
};

/**
 * Office files are ZIP archives (XLSX) or OLE compound files (the old XLS); a NUL byte never
 * occurs in UTF-8 or GB18030 text, only in UTF-16, which announces itself with a byte-order mark.
 */
export function sniffFile(head: Uint8Array): Sniffed {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const refused = (zh: string, en: string): Sniffed => ({
    kind: 'refused',
    reason: { zh: `${zh}，${SAVE_AS.zh}`, en: `${en}; ${SAVE_AS.en}` },
  });
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return { kind: 'xlsx' };
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return refused(
      '这是旧版 Excel 97-2003（.xls）文件，无法直接读取',
      'this is an old Excel 97-2003 (.xls) file, which cannot be read',
    );
  }
  if (starts(0x25, 0x50, 0x44, 0x46))
    return refused('这是 PDF 文件，不是数据表', 'this is a PDF, not a table');
  const utf16 = starts(0xff, 0xfe) || starts(0xfe, 0xff);
  if (!utf16 && head.includes(0)) {
    return refused(
      '文件含二进制数据，不是文本表格',
      'the file holds binary data, not a text table',
    );
  }
  return { kind: 'text' };
}

/** The first bytes of a file, enough to tell what it is. */
export async function readHead(file: SourceFile, length = 8192): Promise<Buffer> {
  if (file.bytes) return file.bytes.subarray(0, length);
  const handle = await open(file.path!, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
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
  /** Whether any quote has been decoded yet: without one, no cell can hold a line break. */
  quoted = false;

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
    if (text.length === 0) return;
    // Decoding runs ahead of parsing, so once set this is true for every row it could matter to.
    if (!this.quoted && text.includes('"')) this.quoted = true;
    this.push(text);
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

/** Decoded chunks (of up to 1 MiB) allowed to wait for papaparse. */
const MAX_AHEAD = 8;

export interface RowSink {
  /** Called with a block of rows, header included, and the line number each starts on. */
  rows(rows: string[][], lines: Int32Array): void;
}

/**
 * Streams a file through papaparse into the sink. Line numbers count physical lines (header is
 * line 1), so a quoted cell with a line break moves every later row down, as in a text editor.
 */
export async function readRows(file: SourceFile, sink: RowSink): Promise<ReadStats> {
  let delimiter: Delimiter = ',';
  const decode = new Decode((_encoding, firstText) => {
    delimiter = detectDelimiter(firstText.slice(0, 64 * 1024));
  });
  const text = byteStream(file).pipe(decode);
  let nextLine = 1;
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
      // papaparse queues whatever a stream gives it without ever pausing it, so a file read
      // faster than it parses would sit in memory whole: the decoder is paused while more than
      // MAX_AHEAD chunks wait, and resumed as papaparse reports each one parsed.
      const input = new Readable({ objectMode: true, read() {} });
      let ahead = 1;
      input.push(first);
      text.on('data', (chunk: string) => {
        input.push(chunk);
        if (++ahead > MAX_AHEAD) text.pause();
      });
      text.on('end', () => input.push(null));
      text.on('error', () => input.destroy());
      text.resume();
      Papa.parse<string[]>(input as unknown as File, {
        delimiter,
        skipEmptyLines: false,
        chunkSize: 1024 * 1024,
        chunk(results, parser) {
          if (--ahead <= MAX_AHEAD / 2 && text.isPaused()) text.resume();
          try {
            const data = results.data;
            const kept: string[][] = [];
            const lines = new Int32Array(data.length);
            for (const row of data) {
              const line = nextLine;
              nextLine += decode.quoted ? 1 + newlinesIn(row) : 1;
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
