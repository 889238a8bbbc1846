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
