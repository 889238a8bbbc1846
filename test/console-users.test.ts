/**
 * Console users (issue 14): created with a slow password hash and a change-log entry, signed in with a lockout
 * that grows with wrong passwords, and the first administrator created from the command line, never with a default
 * password.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { sources } from '../src/sources';
import {
  checkSignIn,
  ConsoleUserError,
  createConsoleUser,
  FREE_FAILURES,
  lockSeconds,
  SignInError,
} from '../auth/console-users';
import { PasswordChecker } from '../auth/passwords';

let t: TestHub;
const passwords = new PasswordChecker();
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t?.close());

const knex = () => t.hub.databases.bySource.get('directory')!.knex();
const PASSWORD = 'correct horse battery 9';

/** The sign-in's refusal, or null when it succeeded. */
async function refusal(username: string, password: string): Promise<SignInError | null> {
  try {
    await checkSignIn(knex(), passwords, username, password);
    return null;
  } catch (error) {
    if (error instanceof SignInError) return error;
    throw error;
  }
}

test('a console user is stored with a salted scrypt hash, and its creation is logged without the password', async () => {
  const person = await createConsoleUser(
    knex(),
    {
      username: 'wang.lei',
      displayName: '王磊',
      departmentCode: '370200035',
      roles: ['DEPARTMENT_STAFF', 'REVIEWER'],
      password: PASSWORD,
    },
    'hub-admin',
    '统计局新增审核员',
  );
  expect(person).toEqual({
    username: 'wang.lei',
    displayName: '王磊',
    departmentCode: '370200035',
    roles: ['DEPARTMENT_STAFF', 'REVIEWER'],
  });
  const [row] = await t.sql(
    'directory',
    `SELECT password_hash FROM console_user WHERE username = 'wang.lei'`,
  );
  expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  expect(row.password_hash).not.toContain(PASSWORD);
  const [log] = await t.sql(
    'directory',
    `SELECT actor, action, reason, new_value::text AS value FROM directory_change WHERE subject = 'console-user:wang.lei'`,
  );
  expect(log).toMatchObject({
    actor: 'hub-admin',
    action: 'CONSOLE_USER_CREATED',
    reason: '统计局新增审核员',
  });
  expect(log.value).not.toContain(PASSWORD);
  expect(log.value).not.toContain('scrypt');
});

test('bad input is refused, naming the field, and creates nothing', async () => {
  const base = {
    username: 'li.na',
    displayName: '李娜',
    departmentCode: '370200035',
    roles: ['REVIEWER'] as const,
  };
  const field = async (input: Partial<typeof base> & { password?: string }) => {
    try {
      await createConsoleUser(
        knex(),
        { ...base, password: PASSWORD, ...input, roles: [...(input.roles ?? base.roles)] },
        'hub-admin',
        'r',
      );
      return null;
    } catch (error) {
      if (error instanceof ConsoleUserError) return error.field;
      throw error;
    }
  };
  expect(await field({ password: 'short' })).toBe('password');
  expect(await field({ password: 'aaaaaaaaaaaaaaaa' })).toBe('password');
  expect(await field({ username: 'Li Na' })).toBe('username');
  expect(await field({ departmentCode: null as unknown as string })).toBe('departmentCode');
  expect(await field({ roles: ['OWNER' as 'REVIEWER'] })).toBe('roles');
  expect(await field({ username: 'wang.lei' })).toBe('username'); // taken
  expect(await t.sql('directory', `SELECT 1 FROM console_user WHERE username = 'li.na'`)).toEqual([]);
});

test('a right password signs in; an unknown user and a wrong password get the same answer', async () => {
  expect(await refusal('wang.lei', PASSWORD)).toBeNull();
  const unknown = await refusal('nobody', PASSWORD);
  const wrong = await refusal('wang.lei', `${PASSWORD}!`);
  expect(unknown?.reason).toBe('INVALID');
  expect(wrong?.message).toBe(unknown?.message);
  expect(await refusal('wang.lei', PASSWORD)).toBeNull(); // and the right one resets the count
  const [row] = await t.sql(
    'directory',
    `SELECT failed_attempts FROM console_user WHERE username = 'wang.lei'`,
  );
  expect(row.failed_attempts).toBe(0);
});

test('wrong passwords lock the account for a growing time, during which even the right one is refused', async () => {
  expect([4, 5, 6, 7, 20].map(lockSeconds)).toEqual([0, 60, 120, 240, 3600]);
  for (let i = 0; i < FREE_FAILURES; i++)
    expect((await refusal('wang.lei', 'wrong password 123'))?.reason).toBe('INVALID');
  const locked = await refusal('wang.lei', PASSWORD);
  expect(locked?.reason).toBe('LOCKED');
  expect(locked?.retryAfterSeconds).toBeGreaterThan(50);
  expect(locked?.retryAfterSeconds).toBeLessThanOrEqual(60);
  // The wait over (moved into the past here rather than waited for), the right password works again.
  await t.sql(
    'directory',
    `UPDATE console_user SET locked_until = now() - interval '1 second' WHERE username = 'wang.lei'`,
  );
  expect(await refusal('wang.lei', PASSWORD)).toBeNull();
});

test('npm run console:add-admin creates an administrator with the password it is given, and no default', () => {
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(
      sources.map((s) => [`${s.name.toUpperCase()}_DATABASE_URL`, t.hub.databases.bySource.get(s.name)!.url]),
    ),
  };
  const script = path.resolve(__dirname, '..', 'dist', 'src', 'console-add-admin.js');
  const withoutPassword = spawnSync(process.execPath, [script, 'first.admin'], {
    env,
    input: '',
    encoding: 'utf8',
  });
  expect(withoutPassword.status).not.toBe(0);
  const differing = spawnSync(process.execPath, [script, 'first.admin'], {
    env,
    input: `${PASSWORD}\n${PASSWORD}x\n`,
    encoding: 'utf8',
  });
  expect(differing.status).toBe(2);
  expect(differing.stderr).toMatch(/differ/);
  const created = spawnSync(process.execPath, [script, 'first.admin', '系统管理员'], {
    env,
    input: `${PASSWORD}\n${PASSWORD}\n`,
    encoding: 'utf8',
  });
  expect(created.stderr).toBe('');
  expect(created.status).toBe(0);
  return t
    .sql(
      'directory',
      `SELECT display_name, roles, department_code FROM console_user WHERE username = 'first.admin'`,
    )
    .then((rows) =>
      expect(rows).toEqual([{ display_name: '系统管理员', roles: ['ADMIN'], department_code: null }]),
    );
});
