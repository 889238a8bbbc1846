/**
 * The directory's change log: every change with actor, reason, before and after, hash-chained; grant expiry is
 * logged by the hub itself.
 */
import { createTestHub, type TestHub } from './helpers/test-hub';
import { logExpiredGrants } from '../audit/change-log';
import { DECLARATION_ACTOR } from '../auth/catalogue-declarations';
import { hubCatalogue } from '../src/schema';
import { PROJECT_ROOT } from '../src/config';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

const grant = (until: string) =>
  t.query(
    `mutation ($until: DateTime) { createGrant(input: { consumerDepartmentCode: "370200035", resourceCode: "FIS-TAX-PAYMENT",
       items: ["TaxPayment.amount"], purpose: "p", validUntil: $until, reason: "审批单 2026-117" }) { id } }`,
    { until },
    { as: 'hub-admin' },
  );

test('changes are chained with actor, reason, before and after; expiry is logged once', async () => {
  const created = await grant(new Date(Date.now() + 3_600_000).toISOString());
  const id = created.body.data.createGrant.id;
  await t.query(
    `mutation { disableClient(clientId: "ndrc-projects-app", reason: "系统下线") { clientId } }`,
    {},
    { as: 'hub-admin' },
  );
  // Its hour passes (no waiting on the clock: the test must not depend on how busy the machine is).
  await t.sql(
    'directory',
    `UPDATE access_grant SET valid_from = now() - interval '1 hour', valid_until = now() - interval '1 second' WHERE id = $1`,
    [id],
  );
  const knex = t.hub.databases.bySource.get('directory')!.knex();
  expect(await logExpiredGrants(knex)).toBe(1);
  expect(await logExpiredGrants(knex)).toBe(0); // idempotent

  const log = await t.sql(
    'directory',
    `SELECT actor, action, subject, reason, old_value, new_value FROM directory_change ORDER BY id`,
  );
  // The catalogue stored from the sources' declarations when the directory was made: each entry once.
  const declared = log.filter((l) => l.actor === DECLARATION_ACTOR);
  const catalogue = hubCatalogue(PROJECT_ROOT);
  expect(declared.map((l) => l.subject).sort()).toEqual(
    [
      ...catalogue.resources.map((r) => `resource:${r.code}`),
      ...catalogue.resources.flatMap((r) => r.items.map((i) => `item:${i.coordinate}`)),
    ].sort(),
  );
  expect(log.filter((l) => l.actor !== DECLARATION_ACTOR).map((l) => [l.actor, l.action, l.subject])).toEqual(
    [
      ['hub-admin', 'GRANT_CREATED', 'resource:FIS-TAX-PAYMENT'],
      ['hub-admin', 'CLIENT_DISABLED', 'client:ndrc-projects-app'],
      ['hub', 'GRANT_EXPIRED', `grant:${id}`],
    ],
  );
  const disabled = log.find((l) => l.action === 'CLIENT_DISABLED');
  expect(disabled.old_value.disabledAt).toBeNull();
  expect(disabled.new_value.disabledReason).toBe('系统下线');

  const verified = await t.query('{ verifyAudit { intact changesChecked } }', {}, { as: 'hub-auditor' });
  expect(verified.body.data.verifyAudit).toEqual({ intact: true, changesChecked: declared.length + 3 });
});

test('editing a logged change by hand (trigger disabled) is found at that entry', async () => {
  const [entry] = await t.sql(
    'directory',
    `SELECT id::int FROM directory_change WHERE action = 'CLIENT_DISABLED'`,
  );
  await t.sql(
    'directory',
    `ALTER TABLE directory_change DISABLE TRIGGER directory_change_append_only;
     UPDATE directory_change SET reason = '误操作' WHERE id = ${entry.id};
     ALTER TABLE directory_change ENABLE TRIGGER directory_change_append_only;`,
  );
  const verified = await t.query(
    '{ verifyAudit { intact firstBrokenSeq reason } }',
    {},
    { as: 'hub-auditor' },
  );
  expect(verified.body.data.verifyAudit).toMatchObject({ intact: false, firstBrokenSeq: String(entry.id) });
  expect(verified.body.data.verifyAudit.reason).toMatch(/directory change log/);
});
