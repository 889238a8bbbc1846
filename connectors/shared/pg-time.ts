/**
 * MikroORM's driver hands PostgreSQL timestamps back as text ('2026-11-27 05:01:16.238853+00'); this turns them
 * into Dates.
 */

/** A Date from a timestamptz as the driver returns it (text or Date); null stays null. */
export function pgTimestamp(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  // '2026-11-27 05:01:16.238853+00' -> '2026-11-27T05:01:16.238853+00:00'
  const iso = String(value)
    .replace(' ', 'T')
    .replace(/([+-]\d{2})$/, '$1:00');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a timestamp: ${String(value)}`);
  return date;
}
