/**
 * Files a district attaches to its response: checked by their first bytes (not by the name
 * the browser sends), capped in size, and stored outside the database under their SHA-256 in
 * CASE_FILES_DIR, written to a temporary name first so a half-written file never has a hash
 * name. The case keeps the name, type, size and hash; the bytes can be checked against it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { env } from '../../db/env';
import type { CaseRefusal, StoredAttachment } from './cases.server';

export const MAX_FILES = 5;

const OOXML = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;
const LEGACY_OFFICE = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  wps: 'application/vnd.ms-works',
} as const;

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  magic.every((b, i) => bytes[i] === b);

/** The media type the bytes are, for the kinds a case accepts; null for anything else. */
export function mediaTypeOf(bytes: Uint8Array, name: string): string | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // Office Open XML is a ZIP; the extension tells which (a plain ZIP is refused).
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && ext in OOXML) {
    return OOXML[ext as keyof typeof OOXML];
  }
  // Old Office and WPS files are OLE compound documents.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) && ext in LEGACY_OFFICE) {
    return LEGACY_OFFICE[ext as keyof typeof LEGACY_OFFICE];
  }
  return null;
}

const filesDir = () => resolve(env().CASE_FILES_DIR);

/** Where a stored file's bytes are. */
export function caseFilePath(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
  return join(filesDir(), sha256);
}

/** The stored bytes of a file, or null when they are missing or no longer match the hash. */
export function readCaseFile(sha256: string): Buffer | null {
  const path = caseFilePath(sha256);
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes : null;
}

/** Checks and stores the files of a response; nothing is stored unless every file passes. */
export async function storeAttachments(
  files: readonly File[],
): Promise<{ ok: true; stored: StoredAttachment[] } | CaseRefusal> {
  const given = files.filter((f) => f.size > 0 || f.name !== '');
  if (given.length > MAX_FILES) {
    return refuse(`最多附加 ${MAX_FILES} 个文件`, `at most ${MAX_FILES} files`);
  }
  const maxBytes = env().CASE_FILE_MAX_MB * 1024 * 1024;
  const checked: { bytes: Uint8Array; attachment: StoredAttachment }[] = [];
  for (const file of given) {
    if (file.size > maxBytes) {
      return refuse(
        `${file.name} 超过 ${env().CASE_FILE_MAX_MB} MB`,
        `${file.name} is larger than ${env().CASE_FILE_MAX_MB} MB`,
      );
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const mediaType = mediaTypeOf(bytes, file.name);
    if (!mediaType) {
      return refuse(
        `${file.name} 不是 PDF、图片或 Office 文件`,
        `${file.name} is not a PDF, an image or an Office file`,
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // A path or control characters in the name the browser sent are not kept.
    // eslint-disable-next-line no-control-regex
    const fileName = file.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || sha256;
    checked.push({ bytes, attachment: { fileName, mediaType, bytes: bytes.length, sha256 } });
  }
  mkdirSync(filesDir(), { recursive: true });
  for (const { bytes, attachment } of checked) {
    const path = caseFilePath(attachment.sha256);
    if (existsSync(path)) continue;
    const part = `${path}.${process.pid}.part`;
    writeFileSync(part, bytes);
    renameSync(part, path);
  }
  return { ok: true, stored: checked.map((c) => c.attachment) };
}

const refuse = (zh: string, en: string): CaseRefusal => ({
  ok: false,
  status: 422,
  reason: { zh, en },
});
