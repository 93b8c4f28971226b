/**
 * npm run user -- <command> …
 *
 *   add <username> --role <role> [--district <code>…] --password-stdin
 *   passwd <username> --password-stdin
 *   disable <username> | enable <username>
 *   list
 *   token <username>                 prints a new API token as its last line
 *   revoke-token <token id | username>
 *   demo-users                       (OVERSIGHT_DEMO=1 only) one account per role, new passwords
 *   demo-cases                       (OVERSIGHT_DEMO=1 only) the demo city's rectification cases
 *
 * Works on the database at DATABASE_PATH directly; while the dashboard runs it owns that file,
 * so stop it first. Every change is recorded in the audit log as `cli:<OS user>`.
 * Exit codes: 0 done, 1 refused (the message says why), 2 usage.
 */
import { parseArgs } from 'node:util';
import { DatabaseLockedError, openDatabase, type Db } from '../../db/client';
import { env } from '../../db/env';
import { applyMigrations } from '../../db/migrate';
import { listUsers } from '../../db/queries/users';
import { readHandoffNote } from '../../etl/handoff';
import { cliActor } from '../auth/audit.server';
import { createDemoUsers } from '../auth/demo-users.server';
import { createDemoCases } from '../cases/demo-cases.server';
import { MAX_PASSWORD_LENGTH } from '../auth/password.server';
import {
  AccountError,
  addUser,
  changePassword,
  issueToken,
  revokeTokens,
  setDisabled,
} from '../auth/users.server';
import { isRole, ROLE_NAMES, ROLES, type Role } from '../auth/roles';

const USAGE = `用法 / usage:
  npm run user -- add <用户名 username> --role <${ROLES.join('|')}> [--district <区划代码 code>…] --password-stdin
  npm run user -- passwd <username> --password-stdin
  npm run user -- disable <username>
  npm run user -- enable <username>
  npm run user -- list
  npm run user -- token <username>
  npm run user -- revoke-token <令牌编号 token id | username>`;

function fail(message: string, code: 0 | 1 | 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function usage(zh: string, en: string): never {
  fail(`${zh} / ${en}\n${USAGE}`, 2);
}

function roleName(role: string): string {
  return isRole(role) ? `${ROLE_NAMES[role].zh} / ${ROLE_NAMES[role].en}` : role;
}

/** Reads a password typed at a terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let text = '';
    const done = (value: string | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (value === null) fail('已取消 / cancelled', 1);
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(text);
        if (ch === '\u0003' || ch === '\u0004') return done(ch === '\u0004' ? text : null);
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The password from standard input: piped (`printf '%s' "$PW" | npm run user -- …`, one trailing
 * newline dropped) or typed at a terminal without echo.
 */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) return readHidden('密码 / password: ');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_PASSWORD_LENGTH * 4 + 2) {
      fail(
        `密码过长（最多 ${MAX_PASSWORD_LENGTH} 个字符） / the password is too long (at most ${MAX_PASSWORD_LENGTH} characters)`,
        1,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function openForChanges(): Promise<Db> {
  const { DATABASE_PATH } = env();
  try {
    const db = await openDatabase(DATABASE_PATH);
    await applyMigrations(db);
    return db;
  } catch (e) {
    if (!(e instanceof DatabaseLockedError)) throw e;
    const pid = e.holderPid;
    const dashboard = readHandoffNote(DATABASE_PATH) !== null;
    const who = dashboard
      ? { zh: '看板服务', en: 'the dashboard server' }
      : { zh: '另一个进程', en: 'another process' };
    fail(
      `数据库 ${DATABASE_PATH} 正被${who.zh}${pid ? `（PID ${pid}）` : ''}使用。用户管理需直接写入数据库：请先停止它，运行本命令后再启动看板。\n` +
        `The database ${DATABASE_PATH} is in use by ${who.en}${pid ? ` (PID ${pid})` : ''}. Managing users writes to the database directly: stop it, run this command, then start the dashboard again.`,
      1,
    );
  }
}

function districtsOf(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[,\s，、]+/)).filter((v) => v !== '');
}

type Command =
  | { kind: 'add'; username: string; role: Role; districtCodes: string[] }
  | { kind: 'passwd' | 'disable' | 'enable' | 'token'; username: string }
  | { kind: 'revoke-token'; idOrUsername: string }
  | { kind: 'list' | 'demo-users' | 'demo-cases' };

/** The command line as a Command; usage problems exit 2 before the database is touched. */
function parse(): Command {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        district: { type: 'string', multiple: true },
        'password-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) fail(USAGE, 0);
  const [command, ...args] = positionals;
  if (!command) usage('缺少命令', 'no command given');
  const one = (zh: string, en: string): string => {
    if (args.length !== 1)
      usage(`"${command}" 需要且只需要一个${zh}`, `"${command}" takes exactly one ${en}`);
    return args[0]!;
  };
  const needsPassword = command === 'add' || command === 'passwd';
  if (needsPassword && !values['password-stdin']) {
    usage(
      '请用 --password-stdin 从标准输入提供密码（不要写在命令行上，它会留在历史记录里）',
      'give the password on standard input with --password-stdin (not on the command line, where it stays in the history)',
    );
  }
  if (command !== 'add' && (values.role !== undefined || values.district !== undefined)) {
    usage('--role 和 --district 只用于 add', '--role and --district belong to add');
  }
  switch (command) {
    case 'add': {
      const username = one('用户名', 'username');
      const role = values.role;
      if (!isRole(role)) {
        usage(`--role 应为 ${ROLES.join('、')} 之一`, `--role must be one of ${ROLES.join(', ')}`);
      }
      return { kind: 'add', username, role, districtCodes: districtsOf(values.district) };
    }
    case 'passwd':
    case 'disable':
    case 'enable':
    case 'token':
      return { kind: command, username: one('用户名', 'username') };
    case 'revoke-token':
      return { kind: command, idOrUsername: one('令牌编号或用户名', 'token id or username') };
    case 'list':
    case 'demo-users':
    case 'demo-cases':
      if (args.length > 0) usage(`${command} 不带参数`, `${command} takes no arguments`);
      return { kind: command };
    default:
      usage(`未知命令"${command}"`, `unknown command "${command}"`);
  }
}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function run(db: Db, command: Command, password: string | null): Promise<void> {
  const actor = cliActor();
  switch (command.kind) {
    case 'add': {
      const { username, role, districtCodes } = command;
      await addUser(db, { username, role, districtCodes, password: password ?? '' }, actor);
      const where = districtCodes.length ? `，区县 ${districtCodes.join('、')}` : '';
      const whereEn = districtCodes.length ? `, districts ${districtCodes.join(', ')}` : '';
      out(
        `已添加用户 ${username}（${ROLE_NAMES[role].zh}${where}） / added user ${username} (${ROLE_NAMES[role].en}${whereEn})`,
      );
      return;
    }
    case 'passwd': {
      const { username } = command;
      const { sessionsEnded } = await changePassword(db, username, password ?? '', actor);
      out(
        `已更新 ${username} 的密码，结束了 ${sessionsEnded} 个会话 / password of ${username} changed; ${sessionsEnded} session(s) ended`,
      );
      return;
    }
    case 'disable':
    case 'enable': {
      const { username } = command;
      const disabled = command.kind === 'disable';
      const { sessionsEnded, tokensRevoked } = await setDisabled(db, username, disabled, actor);
      out(
        disabled
          ? `已停用 ${username}：结束 ${sessionsEnded} 个会话，撤销 ${tokensRevoked.length} 个令牌 / disabled ${username}: ${sessionsEnded} session(s) ended, ${tokensRevoked.length} token(s) revoked`
          : `已启用 ${username} / enabled ${username}`,
      );
      return;
    }
    case 'list': {
      const users = await listUsers(db);
      if (users.length === 0) {
        out('还没有用户 / no users yet');
        return;
      }
      out(
        '用户名 username\t角色 role\t区县 districts\t状态 state\t最近登录 last sign-in (UTC)\t令牌 tokens',
      );
      for (const u of users) {
        out(
          [
            u.username,
            roleName(u.role),
            u.districtCodes.length ? u.districtCodes.join(',') : '全市 / city',
            u.disabled ? '停用 / disabled' : '启用 / enabled',
            u.lastLoginAt ?? '—',
            String(u.activeTokens),
          ].join('\t'),
        );
      }
      return;
    }
    case 'token': {
      const { tokenId, token, user } = await issueToken(db, command.username, actor);
      out(
        `已为 ${user.username}（${roleName(user.role)}）签发 API 令牌 ${tokenId} / issued API token ${tokenId} for ${user.username}`,
      );
      out(`令牌只显示这一次，请妥善保存；撤销：npm run user -- revoke-token ${tokenId}`);
      out(
        `the token is shown only this once; keep it safe. Revoke: npm run user -- revoke-token ${tokenId}`,
      );
      // The token is the last line, so scripts can take it with `| tail -n 1`.
      out(token);
      return;
    }
    case 'revoke-token': {
      const { revoked, username } = await revokeTokens(db, command.idOrUsername, actor);
      if (revoked.length === 0) {
        out(`${username ?? ''} 没有有效的令牌 / ${username ?? ''} has no live tokens`);
      } else {
        out(
          `已撤销 ${revoked.length} 个令牌 / revoked ${revoked.length} token(s): ${revoked.join(', ')}`,
        );
      }
      return;
    }
    case 'demo-users': {
      const users = await createDemoUsers(db, actor);
      out('演示账号（密码只显示这一次） / demo accounts (passwords are shown only this once):');
      for (const u of users) {
        const where = u.districtCodes.length ? ` [${u.districtCodes.join(',')}]` : '';
        out(`  ${u.username.padEnd(14)} ${u.password}   ${roleName(u.role)}${where}`);
      }
      return;
    }
    case 'demo-cases': {
      const made = await createDemoCases(db);
      out(`演示整改事项 ${made} 项 / demo rectification cases: ${made}`);
      return;
    }
  }
}

async function main(): Promise<void> {
  const command = parse();
  if ((command.kind === 'demo-users' || command.kind === 'demo-cases') && !env().OVERSIGHT_DEMO) {
    fail(
      '演示账号和演示整改事项只在演示模式下创建（OVERSIGHT_DEMO=1） / demo accounts and cases are created only in demo mode (OVERSIGHT_DEMO=1)',
      1,
    );
  }
  // The password is read before the database is opened, so a typo at the prompt holds no lock.
  const password =
    command.kind === 'add' || command.kind === 'passwd' ? await readPassword() : null;
  const db = await openForChanges();
  try {
    await run(db, command, password);
  } finally {
    db.close();
  }
}

main().catch((e: unknown) => {
  if (e instanceof AccountError) fail(`${e.zh} / ${e.en}`, 1);
  process.stderr.write(`失败 / failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
