/**
 * Console sign-in over real HTTP (issue 14): a person signs in with username and password, gets a short-lived
 * token of the console's client naming them and an HttpOnly, SameSite=Strict session cookie; reads and changes are
 * audited under their name; refresh needs the cookie and the console's header; signing out ends the session.
 */
import path from 'node:path';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { createConsoleUser, FREE_FAILURES } from '../auth/console-users';
import { TrustedDocuments } from '../src/trusted-documents';

const trusted = TrustedDocuments.load(path.join(__dirname, '..'));

let t: TestHub;
const PASSWORD = 'correct horse battery 9';

beforeAll(async () => {
  t = await createTestHub();
  const knex = t.hub.databases.bySource.get('directory')!.knex();
  await createConsoleUser(
    knex,
    {
      username: 'wang.lei',
      displayName: '王磊',
      departmentCode: '370200035',
      roles: ['DEPARTMENT_STAFF'],
      password: PASSWORD,
    },
    'hub-admin',
    'test',
  );
  await createConsoleUser(
    knex,
    { username: 'zhao.min', displayName: '赵敏', departmentCode: null, roles: ['ADMIN'], password: PASSWORD },
    'hub-admin',
    'test',
  );
  await createConsoleUser(
    knex,
    {
      username: 'sun.li',
      displayName: '孙丽',
      departmentCode: '370200035',
      roles: ['DASHBOARD'],
      password: PASSWORD,
    },
    'hub-admin',
    'test',
  );
  // The creations notify every hub process; this one reloads now rather than when the notification arrives.
  await t.hub.auth.directory.reload();
});
afterAll(() => t?.close());

const session = (
  method: string,
  path = '',
  init: { body?: unknown; cookie?: string; console?: boolean } = {},
) =>
  fetch(`${t.baseUrl}/console/api/session${path}`, {
    method,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.console ? { 'x-console-request': '1' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });

async function signIn(username: string) {
  const res = await session('POST', '', { body: { username, password: PASSWORD } });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return { res, cookie, body: (await res.json()) as { accessToken: string; expiresIn: number; person: any } };
}

test('signing in sets an HttpOnly, SameSite=Strict session cookie and returns a token acting for the person', async () => {
  const { res, cookie, body } = await signIn('wang.lei');
  expect(res.headers.get('set-cookie')).toMatch(
    /^hub_console_session=[A-Za-z0-9_-]{43}; Path=\/console\/api\/session; HttpOnly; SameSite=Strict; Max-Age=28800$/,
  );
  expect(JSON.stringify(body)).not.toContain(cookie.split('=')[1]); // the session token only in the cookie
  expect(body.person).toEqual({
    username: 'wang.lei',
    displayName: '王磊',
    departmentCode: '370200035',
    roles: ['DEPARTMENT_STAFF'],
  });

  const me = await t.query(
    '{ me { clientId role endUser department { code } } enterprises(first: 1) { nodes { name } } }',
    {},
    {
      token: body.accessToken,
    },
  );
  expect(me.body.errors).toBeUndefined();
  expect(me.body.data.me).toEqual({
    clientId: 'hub-console',
    role: 'DEPARTMENT',
    endUser: 'wang.lei',
    department: { code: '370200035' },
  });
  // The audit trail names the person, from the token: a header cannot change it.
  const spoofed = await t.query(
    '{ me { endUser } }',
    {},
    { token: body.accessToken, headers: { 'x-end-user': 'someone.else' } },
  );
  expect(spoofed.body.data.me.endUser).toBe('wang.lei');
  const [record] = await t.sql(
    'directory',
    `SELECT client_id, department_code, end_user FROM audit_record WHERE request_id = $1`,
    [me.headers.get('x-request-id')],
  );
  expect(record).toEqual({ client_id: 'hub-console', department_code: '370200035', end_user: 'wang.lei' });
});

test('each person acts in their own role: an administrator, a department dashboard', async () => {
  const admin = await signIn('zhao.min');
  const adminMe = await t.query(
    '{ me { role } clients(first: 1) { nodes { clientId } } }',
    {},
    { token: admin.body.accessToken },
  );
  expect(adminMe.body.errors).toBeUndefined();
  expect(adminMe.body.data.me.role).toBe('ADMIN');
  const dashboard = await signIn('sun.li');
  const denied = await t.query(
    '{ clients(first: 1) { nodes { clientId } } }',
    {},
    { token: dashboard.body.accessToken },
  );
  expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('refresh needs the cookie and the console header; signing out ends the session', async () => {
  const { cookie } = await signIn('wang.lei');
  expect((await session('POST', '/refresh', { cookie })).status).toBe(403); // a cross-site form cannot add the header
  expect((await session('POST', '/refresh', { console: true })).status).toBe(401); // no cookie
  const refreshed = await session('POST', '/refresh', { cookie, console: true });
  expect(refreshed.status).toBe(200);
  const { accessToken } = (await refreshed.json()) as { accessToken: string };
  expect((await t.query('{ me { endUser } }', {}, { token: accessToken })).body.data.me.endUser).toBe(
    'wang.lei',
  );

  const out = await session('DELETE', '', { cookie, console: true });
  expect(out.status).toBe(204);
  expect(out.headers.get('set-cookie')).toMatch(/^hub_console_session=; .*Max-Age=0$/);
  const after = await session('POST', '/refresh', { cookie, console: true });
  expect(after.status).toBe(401);
  expect(((await after.json()) as { error: string }).error).toBe('NO_SESSION');
  const [row] = await t.sql(
    'directory',
    `SELECT count(*)::int AS open FROM console_session WHERE username = 'wang.lei' AND ended_at IS NULL`,
  );
  expect(row.open).toBe(1); // the first test's session is still open; this one ended
});

test('wrong passwords answer 401 and then lock the account (429 with Retry-After); bad input is a 400', async () => {
  expect((await session('POST', '', { body: { username: 'sun.li' } })).status).toBe(400);
  for (let i = 0; i < FREE_FAILURES; i++) {
    const wrong = await session('POST', '', { body: { username: 'sun.li', password: 'not the password 1' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  }
  const locked = await session('POST', '', { body: { username: 'sun.li', password: PASSWORD } });
  expect(locked.status).toBe(429);
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
});

test("nobody gets a client-credentials token for the console's client", async () => {
  const res = await fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'hub-console',
      client_secret: 'guess',
    }),
  });
  expect(res.status).toBe(401);
});

/** Runs the console's trusted document `operation` with `token`. */
async function page(token: string, operation: string, variables: Record<string, unknown>) {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ documentId: trusted.idOfOperation(operation), variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

test('an administrator creates, lists and disables console users; a disabled person is refused at once', async () => {
  const admin = (await signIn('zhao.min')).body.accessToken;
  // Through the console's own documents (its administration page): a console session changes nothing otherwise.
  const created = await page(admin, 'CreateConsoleUser', {
    input: {
      username: 'qian.wei',
      displayName: '钱伟',
      departmentCode: '370200035',
      roles: ['REVIEWER'],
      password: PASSWORD,
      reason: '统计局审核员',
    },
  });
  expect(created.body.errors).toBeUndefined();
  expect(created.body.data.createConsoleUser).toEqual({
    username: 'qian.wei',
    roles: ['REVIEWER'],
    department: { code: '370200035' },
    disabled: false,
  });
  const refused = await page(admin, 'CreateConsoleUser', {
    input: { username: 'x.y.z', displayName: 'x', roles: ['ADMIN'], password: 'short', reason: 'r' },
  });
  expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'password' });
  const listed = await t.query(
    '{ consoleUsers(departmentCode: "370200035") { nodes { username } } }',
    {},
    { token: admin },
  );
  expect(listed.body.data.consoleUsers.nodes.map((n: any) => n.username)).toEqual([
    'qian.wei',
    'sun.li',
    'wang.lei',
  ]);

  const reviewer = await signIn('qian.wei');
  const notAdmin = await t.query(
    '{ consoleUsers { nodes { username } } }',
    {},
    { token: reviewer.body.accessToken },
  );
  expect(notAdmin.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

  const disabled = await page(admin, 'DisableConsoleUser', { username: 'qian.wei', reason: '调岗' });
  expect(disabled.body.data.disableConsoleUser).toEqual({ username: 'qian.wei', disabled: true });
  expect((await t.query('{ me { endUser } }', {}, { token: reviewer.body.accessToken })).status).toBe(401);
  expect((await session('POST', '/refresh', { cookie: reviewer.cookie, console: true })).status).toBe(401);
  const log = await t.sql(
    'directory',
    `SELECT action, new_value::text AS value FROM directory_change WHERE subject = 'console-user:qian.wei' ORDER BY id`,
  );
  expect(log.map((l) => l.action)).toEqual(['CONSOLE_USER_CREATED', 'CONSOLE_USER_DISABLED']);
  expect(log.map((l) => l.value).join()).not.toContain(PASSWORD);
});

test('sign-ins are in the audit trail, under the person tried, and never with the password', async () => {
  const wrong = await session('POST', '', { body: { username: 'wang.lei', password: 'not the password 2' } });
  const right = await session('POST', '', { body: { username: 'wang.lei', password: PASSWORD } });
  const recordOf = async (res: Response) =>
    (
      await t.sql(
        'directory',
        `SELECT client_id, department_code, end_user, path, outcome, http_status, variables::text AS variables
         FROM audit_record WHERE request_id = $1`,
        [res.headers.get('x-request-id')],
      )
    )[0];
  expect(await recordOf(wrong)).toEqual({
    client_id: 'hub-console',
    department_code: null,
    end_user: 'wang.lei',
    path: '/console/api/session',
    outcome: 'UNAUTHENTICATED',
    http_status: 401,
    variables: null,
  });
  expect(await recordOf(right)).toMatchObject({
    client_id: 'hub-console',
    department_code: '370200035',
    end_user: 'wang.lei',
    outcome: 'ANSWERED',
  });
  const [{ leaks }] = await t.sql(
    'directory',
    `SELECT count(*)::int AS leaks FROM audit_record WHERE audit_record::text LIKE '%' || $1 || '%'`,
    [PASSWORD],
  );
  expect(leaks).toBe(0);
});
