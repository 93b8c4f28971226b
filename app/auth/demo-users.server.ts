/**
 * `npm run demo`'s accounts: one per role, each with a fresh random password printed once —
 * there is no default password anywhere, in the demo or out of it. Run again, the accounts keep
 * their names and get new passwords (and their old sessions end).
 */
import type { Db } from '../../db/client';
import { findUserByUsername } from '../../db/queries/users';
import type { Role } from './roles';
import type { Actor } from './audit.server';
import { generatePassword } from './password.server';
import { addUser, changePassword, setDisabled } from './users.server';

/** 道里区, where the demo plants the Harbin case: the district officer's one district. */
export const DEMO_DISTRICT = '230102';

export const DEMO_ACCOUNTS: readonly { username: string; role: Role; districtCodes: string[] }[] = [
  { username: 'admin', role: 'admin', districtCodes: [] },
  { username: 'data-officer', role: 'data_officer', districtCodes: [] },
  { username: 'leader', role: 'leader', districtCodes: [] },
  { username: 'commission', role: 'commission', districtCodes: [] },
  { username: 'daoli', role: 'district_officer', districtCodes: [DEMO_DISTRICT] },
];

export interface DemoUser {
  username: string;
  role: Role;
  districtCodes: string[];
  password: string;
}

const DEMO_ACTOR: Actor = { actor: 'demo', actorRole: null, ip: null };

/** Creates (or re-passwords) the demo accounts; returns them with their passwords to print. */
export async function createDemoUsers(db: Db, actor: Actor = DEMO_ACTOR): Promise<DemoUser[]> {
  const users: DemoUser[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const password = generatePassword();
    const existing = await findUserByUsername(db, account.username);
    if (existing) {
      await changePassword(db, account.username, password, actor);
      if (existing.disabled) await setDisabled(db, account.username, false, actor);
    } else {
      await addUser(db, { ...account, password }, actor);
    }
    users.push({ ...account, password });
  }
  return users;
}
