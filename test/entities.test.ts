/**
 * Each table's shape is written once, in its source's entities: the committed migrations must leave every source
 * database exactly as its entities describe it (MikroORM's schema diff is empty), so that the next migration can
 * be generated from the entities (npm run migration:create -- <source>).
 */
import { createTestHub, type TestHub } from './helpers/test-hub';
import { sources } from '../src/sources';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t?.close());

test.each(sources.map((s) => s.name))(
  'the %s database is exactly what its entities describe',
  async (name) => {
    const orm = t.hub.databases.bySource.get(name)!.orm;
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  },
);

test('a column the entities do not describe is noticed', async () => {
  const orm = t.hub.databases.bySource.get('decision')!.orm;
  await t.sql('decision', 'ALTER TABLE key_project ADD COLUMN stray integer');
  try {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toMatch(/drop column "stray"/);
  } finally {
    await t.sql('decision', 'ALTER TABLE key_project DROP COLUMN stray');
  }
});
