/**
 * Identity over real HTTP: the client-credentials token endpoint, the JWKS, and every way a token can be wrong.
 */
import pino from 'pino';
import { decodeProtectedHeader, importJWK, SignJWT, UnsecuredJWT, generateKeyPair, type JWK } from 'jose';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { initHub } from '../src/hub';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const ME = '{ me { clientId role department { code } } }';

async function postToken(body: string | Record<string, string>, headers: Record<string, string> = {}) {
  const json = typeof body !== 'string';
  const res = await fetch(`${t.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', ...headers },
    body: json ? JSON.stringify(body) : body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

/** Signs a token with the hub's current private key, so only the claims under test are wrong. */
async function signWithHubKey(
  claims: Record<string, unknown>,
  exp: number | string,
  audience = t.hub.config.tokenAudience,
) {
  const [key] = await t.sql<{ private_jwk: JWK; kid: string }>(
    'directory',
    `SELECT kid, private_jwk FROM signing_key WHERE retired_at IS NULL`,
  );
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(t.hub.config.tokenIssuer)
    .setAudience(audience)
    .setSubject('tax-office-app')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await importJWK(key.private_jwk, 'ES256'));
}

describe('POST /oauth/token', () => {
  test('form-encoded client credentials give a short-lived ES256 bearer token', async () => {
    const res = await postToken(
      'grant_type=client_credentials&client_id=tax-office-app&client_secret=dev-secret-tax-office',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(decodeProtectedHeader(res.body.access_token)).toMatchObject({ alg: 'ES256' });
    const me = await t.query(ME, {}, { token: res.body.access_token });
    expect(me.body.data.me).toEqual({
      clientId: 'tax-office-app',
      role: 'DEPARTMENT',
      department: { code: '370200029' },
    });
  });

  test('JSON bodies and HTTP Basic credentials work too', async () => {
    const json = await postToken({
      grant_type: 'client_credentials',
      client_id: 'hub-admin',
      client_secret: 'dev-secret-hub-admin',
    });
    expect(json.status).toBe(200);
    const basic = await postToken('grant_type=client_credentials', {
      authorization: `Basic ${Buffer.from('hub-auditor:dev-secret-hub-auditor').toString('base64')}`,
    });
    expect(basic.status).toBe(200);
  });

  test.each([
    [
      'a wrong secret',
      'grant_type=client_credentials&client_id=tax-office-app&client_secret=guess',
      401,
      'invalid_client',
    ],
    [
      'an unknown client',
      'grant_type=client_credentials&client_id=nobody&client_secret=x',
      401,
      'invalid_client',
    ],
    ['no secret', 'grant_type=client_credentials&client_id=tax-office-app', 400, 'invalid_request'],
    ['another grant type', 'grant_type=password&username=a&password=b', 400, 'unsupported_grant_type'],
  ])('%s is refused with an OAuth2 error', async (_name, body, status, error) => {
    const res = await postToken(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect(res.body.access_token).toBeUndefined();
  });
});

test('GET /.well-known/jwks.json publishes public keys only', async () => {
  const res = await fetch(`${t.baseUrl}/.well-known/jwks.json`);
  const jwks = (await res.json()) as { keys: JWK[] };
  expect(jwks.keys.length).toBeGreaterThan(0);
  for (const key of jwks.keys) {
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key.d).toBeUndefined();
  }
});

describe('/graphql refuses requests without a valid token: 401, a GraphQL error, no data', () => {
  async function expect401(token: string | null, message: RegExp) {
    const res = await t.query('{ regions { name } }', {}, { token });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.errors?.[0].message).toMatch(message);
  }

  test('no token', () => expect401(null, /Authorization: Bearer/));
  test('not a JWT', () => expect401('abc.def', /Authorization: Bearer/));
  test('expired', async () =>
    expect401(await signWithHubKey({ role: 'DEPARTMENT' }, Math.floor(Date.now() / 1000) - 60), /expired/));
  test('a token accepted before is refused once it expires (verified tokens are remembered only until then)', async () => {
    const token = await signWithHubKey({ role: 'DEPARTMENT' }, Math.floor(Date.now() / 1000) + 2);
    const before = await t.query('{ regions { name } }', {}, { token });
    expect(before.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await expect401(token, /expired/);
  });
  test('wrong audience', async () =>
    expect401(await signWithHubKey({ role: 'DEPARTMENT' }, '5m', 'urn:someone-else'), /not for this hub/));
  test('signed by another key with the hub key id', async () => {
    const [{ kid }] = await t.sql('directory', `SELECT kid FROM signing_key WHERE retired_at IS NULL`);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(t.hub.config.tokenIssuer)
      .setAudience(t.hub.config.tokenAudience)
      .setSubject('hub-admin')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect401(forged, /invalid/);
  });
  test('alg none', async () => {
    const unsigned = new UnsecuredJWT({ role: 'ADMIN' })
      .setIssuer(t.hub.config.tokenIssuer)
      .setAudience(t.hub.config.tokenAudience)
      .setSubject('hub-admin')
      .setExpirationTime('5m')
      .encode();
    await expect401(unsigned, /invalid|Authorization/);
  });
  test('a token whose payload was edited', async () => {
    const token = await t.token('tax-office-app');
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...payload, sub: 'hub-admin' })).toString('base64url');
    await expect401(`${h}.${edited}.${s}`, /invalid/);
  });
});

test('only /health, /ready, the token endpoint and the JWKS are open', async () => {
  for (const path of ['/health', '/ready', '/.well-known/jwks.json'])
    expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(200);
  expect((await fetch(`${t.baseUrl}/graphql?query=%7Bregions%7Bname%7D%7D`)).status).toBe(401);
  expect(
    (
      await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).status,
  ).toBe(401);
});

test('disabling a client stops its live tokens at the next request', async () => {
  const token = await t.token('ndrc-projects-app');
  expect((await t.query(ME, {}, { token })).status).toBe(200);
  const res = await t.query(
    'mutation { disableClient(clientId: "ndrc-projects-app", reason: "app retired") { disabledAt disabledReason } }',
    {},
    { as: 'hub-admin' },
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.disableClient.disabledReason).toBe('app retired');
  expect((await t.query(ME, {}, { token })).status).toBe(401);
  const again = await postToken(
    'grant_type=client_credentials&client_id=ndrc-projects-app&client_secret=dev-secret-ndrc',
  );
  expect(again.status).toBe(401);
});

test("keys persist and are shared: a second hub process on the same directory accepts the first one's tokens", async () => {
  const second = await initHub(t.hub.config, pino({ level: 'silent' }));
  try {
    expect(second.auth.keys.jwks()).toEqual(t.hub.auth.keys.jwks());
    await second.server.listen({ host: '127.0.0.1', port: 0 });
    const address = second.server.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${address.port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await t.token('tax-office-app')}`,
      },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(200);
  } finally {
    await second.close();
  }
});

test('rotating the keys keeps tokens signed by the old key valid and publishes both', async () => {
  const old = await t.token('stats-bureau-app');
  const oldKid = decodeProtectedHeader(old).kid;
  const newKid = await t.hub.auth.keys.rotate();
  const kids = t.hub.auth.keys.jwks().keys.map((k) => k.kid);
  expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
  expect((await t.query(ME, {}, { token: old })).status).toBe(200);
  const fresh = await t.token('stats-bureau-app');
  expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
  expect((await t.query(ME, {}, { token: fresh })).status).toBe(200);
});

test('end user and case headers are carried, not trusted', async () => {
  const res = await t.query(
    '{ me { clientId endUser caseId } }',
    {},
    {
      as: 'shinan-planning-app',
      headers: { 'x-end-user': 'hub-admin', 'x-case-id': 'QD-2009-0042' },
    },
  );
  expect(res.body.data.me).toEqual({
    clientId: 'shinan-planning-app',
    endUser: 'hub-admin',
    caseId: 'QD-2009-0042',
  });
  const denied = await t.query(
    '{ clients { nodes { clientId } } }',
    {},
    { as: 'shinan-planning-app', headers: { 'x-end-user': 'hub-admin' } },
  );
  expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('a rotation made by one process reaches the others: they publish the new key and sign with it', async () => {
  const second = await initHub(t.hub.config, pino({ level: 'silent' }));
  try {
    const newKid = await t.hub.auth.keys.rotate();
    for (let i = 0; i < 40 && !second.auth.keys.jwks().keys.some((k) => k.kid === newKid); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(second.auth.keys.jwks().keys.map((k) => k.kid)).toContain(newKid);
    const issued = await second.auth.identity.issueToken(
      { grant_type: 'client_credentials', client_id: 'hub-auditor', client_secret: 'dev-secret-hub-auditor' },
      undefined,
      '127.0.0.1',
    );
    expect(decodeProtectedHeader(issued.access_token).kid).toBe(newKid);
  } finally {
    await second.close();
  }
});

test('registering a client shows its secret once and stores only a keyed hash of it', async () => {
  const REGISTER = `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { clientSecret client { clientId role department { code } } } }`;
  const res = await t.query(
    REGISTER,
    {
      input: {
        clientId: 'laoshan-permits-app',
        name: '崂山区审批系统',
        role: 'DEPARTMENT',
        departmentCode: '370212001',
        reason: '新接入',
      },
    },
    { as: 'hub-admin' },
  );
  expect(res.body.errors).toBeUndefined();
  const { clientSecret, client } = res.body.data.registerClient;
  expect(client).toEqual({
    clientId: 'laoshan-permits-app',
    role: 'DEPARTMENT',
    department: { code: '370212001' },
  });
  expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const [stored] = await t.sql(
    'directory',
    `SELECT secret_hash FROM client WHERE client_id = 'laoshan-permits-app'`,
  );
  expect(stored.secret_hash).toMatch(/^hmac-sha256\$[A-Za-z0-9_-]{43}$/);
  expect(stored.secret_hash).not.toContain(clientSecret);
  const token = await postToken({
    grant_type: 'client_credentials',
    client_id: 'laoshan-permits-app',
    client_secret: clientSecret,
  });
  expect(token.status).toBe(200);

  const again = await t.query(
    REGISTER,
    {
      input: {
        clientId: 'laoshan-permits-app',
        name: 'x',
        role: 'DEPARTMENT',
        departmentCode: '370212001',
        reason: 'r',
      },
    },
    { as: 'hub-admin' },
  );
  expect(again.body.errors?.[0].message).toMatch(/already exists/);
  const noDepartment = await t.query(
    REGISTER,
    { input: { clientId: 'orphan-app', name: 'x', role: 'DEPARTMENT', reason: 'r' } },
    { as: 'hub-admin' },
  );
  expect(noDepartment.body.errors?.[0].message).toMatch(/needs "departmentCode"/);
});
