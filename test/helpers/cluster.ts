/**
 * Facts the global setup hands to test files through environment variables (workers inherit them).
 */
export const TEMPLATE_PREFIX = 'tpl_';

/** Demo-data scale of the test databases: 4,000 enterprises and ~110,000 tax payments. */
export const TEST_SCALE = 0.2;

/** Connection URL of `database` on the test cluster. */
export function testDatabaseUrl(database: string): string {
  const base = process.env.HUB_TEST_PG_BASE_URL;
  if (!base)
    throw new Error(
      'HUB_TEST_PG_BASE_URL is not set: run tests through jest, whose global setup starts PostgreSQL.',
    );
  return `${base}/${database}`;
}

/**
 * The client most tests call as: an app of the general office (市政府办公厅), which provides documents,
 * supervision and performance data, holding clear, unscoped grants on every other CONDITIONAL resource, so that
 * it reads every field in clear. Created by the global setup in the template directory.
 */
export const TEST_READER = {
  clientId: 'test-reader',
  secret: 'test-reader-secret',
  departmentCode: '370200001',
};
