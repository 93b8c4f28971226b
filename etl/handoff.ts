/**
 * DuckDB lets one process open a database file read-write, and while it does no other process
 * can open it at all. The dashboard server owns the file while it runs, so it leaves a note
 * beside the database — its port and a random token, readable only by its user — and
 * `npm run etl` hands its batch to the server through a local endpoint instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { LoadOptions, LoadReport } from './load';

export interface HandoffNote {
  pid: number;
  /** Where to reach the server from this machine (loopback when it listens on all addresses). */
  host: string;
  port: number;
  token: string;
}

export const HANDOFF_PATH = '/internal/etl';

export const notePath = (databasePath: string) => `${databasePath}.server.json`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Written by the server at start; removed at exit. */
export function writeHandoffNote(databasePath: string, host: string, port: number): HandoffNote {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const note = { pid: process.pid, host: reachable, port, token: randomBytes(32).toString('hex') };
  writeFileSync(notePath(databasePath), JSON.stringify(note), { mode: 0o600 });
  return note;
}

export function removeHandoffNote(databasePath: string): void {
  rmSync(notePath(databasePath), { force: true });
}

/** The running server's note, or null when no live server owns this database. */
export function readHandoffNote(databasePath: string): HandoffNote | null {
  const path = notePath(databasePath);
  if (!existsSync(path)) return null;
  try {
    const note = JSON.parse(readFileSync(path, 'utf8')) as HandoffNote;
    return alive(note.pid) ? note : null;
  } catch {
    return null;
  }
}

export interface HandoffRequest {
  paths: { name: string; path: string }[];
  kind?: LoadOptions['kind'];
  dryRun?: boolean;
  loadedBy: string;
}

/** The note's server did not answer: the note is stale (its PID now belongs to another process). */
export class ServerUnreachableError extends Error {}

/** Sends the batch (as file paths: the server is on this machine) and waits for the report. */
export async function handOff(note: HandoffNote, request: HandoffRequest): Promise<LoadReport> {
  const host = note.host.includes(':') ? `[${note.host}]` : note.host;
  let response: Response;
  try {
    response = await fetch(`http://${host}:${note.port}${HANDOFF_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${note.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
      // A large batch takes as long as it takes; undici's default would give up after 5 minutes.
      signal: AbortSignal.timeout(6 * 60 * 60 * 1000),
    });
  } catch (e) {
    throw new ServerUnreachableError((e as Error).message);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; zh?: string };
    throw Object.assign(
      new Error(body.error ?? `the server refused the batch (HTTP ${response.status})`),
      body.zh ? { zh: body.zh } : {},
    );
  }
  return (await response.json()) as LoadReport;
}
