/**
 * Electronic supervision (电子监察): alerts computed from the data each time they are asked for, so they are right
 * after a restart and need no scheduler.
 *
 * - SHARING_REQUEST_OVERDUE: a request still pending after its review deadline.
 * - GRANT_EXPIRING: an active grant that ends within 7 days.
 * - UNUSUAL_VOLUME: a department read more rows of a sensitive resource today than 5x its daily mean over the
 *   previous 30 days.
 * - REPEATED_DENIALS: a client with 10 or more denied or unauthenticated requests in the last hour.
 */
import type pg from 'pg';

export type AlertKind = 'SHARING_REQUEST_OVERDUE' | 'GRANT_EXPIRING' | 'UNUSUAL_VOLUME' | 'REPEATED_DENIALS';

export interface Alert {
  kind: AlertKind;
  subject: string;
  since: Date;
  details: string;
}

export const EXPIRY_WARNING_DAYS = 7;
export const VOLUME_FACTOR = 5;
export const VOLUME_BASELINE_DAYS = 30;
export const DENIAL_THRESHOLD = 10;
// Working days and "today" are those of the city.
const ZONE = 'Asia/Shanghai';

/** Every alert that holds now, oldest first. */
export async function supervisionAlerts(pool: pg.Pool, now: Date = new Date()): Promise<Alert[]> {
  const [overdue, expiring, volume, denials] = await Promise.all([
    pool.query(
      `SELECT r.id, r.requester_department_code, r.resource_code, r.deadline,
              (r.deadline + 1)::timestamp AT TIME ZONE '${ZONE}' AS since,
              (SELECT count(*) FROM sharing_request_item i WHERE i.request_id = r.id AND i.decision = 'PENDING')::int AS pending
       FROM sharing_request r
       WHERE r.status = 'PENDING' AND r.deadline < ($1::timestamptz AT TIME ZONE '${ZONE}')::date`,
      [now],
    ),
    pool.query(
      `SELECT id, consumer_department_code, resource_code, valid_until
       FROM access_grant
       WHERE ended_at IS NULL AND valid_until > $1 AND valid_until <= $1 + make_interval(days => ${EXPIRY_WARNING_DAYS})`,
      [now],
    ),
    pool.query(
      `WITH sensitive AS (
         SELECT DISTINCT resource_code FROM resource_item WHERE sensitivity <> 'PLAIN'
       ), daily AS (
         SELECT a.department_code, r.key AS resource_code, (a.recorded_at AT TIME ZONE '${ZONE}')::date AS day, sum(r.value::bigint) AS rows_read
         FROM audit_record a CROSS JOIN LATERAL jsonb_each_text(a.rows_per_resource) r
         WHERE a.recorded_at >= $1::timestamptz - make_interval(days => ${VOLUME_BASELINE_DAYS + 1})
           AND a.department_code IS NOT NULL AND r.key IN (SELECT resource_code FROM sensitive)
         GROUP BY 1, 2, 3
       ), today AS (
         SELECT department_code, resource_code, rows_read FROM daily WHERE day = ($1::timestamptz AT TIME ZONE '${ZONE}')::date
       )
       SELECT t.department_code, t.resource_code, t.rows_read::float8 AS today,
              (coalesce(sum(d.rows_read), 0) / ${VOLUME_BASELINE_DAYS})::float8 AS mean,
              (($1::timestamptz AT TIME ZONE '${ZONE}')::date)::timestamp AT TIME ZONE '${ZONE}' AS since
       FROM today t LEFT JOIN daily d
         ON d.department_code = t.department_code AND d.resource_code = t.resource_code
        AND d.day < ($1::timestamptz AT TIME ZONE '${ZONE}')::date
        AND d.day >= ($1::timestamptz AT TIME ZONE '${ZONE}')::date - ${VOLUME_BASELINE_DAYS}
       GROUP BY t.department_code, t.resource_code, t.rows_read
       HAVING t.rows_read > ${VOLUME_FACTOR} * coalesce(sum(d.rows_read), 0) / ${VOLUME_BASELINE_DAYS}`,
      [now],
    ),
    pool.query(
      `SELECT client_id, count(*)::int AS denials, min(recorded_at) AS since
       FROM audit_record
       WHERE recorded_at > $1::timestamptz - interval '1 hour' AND client_id IS NOT NULL
         AND outcome IN ('DENIED', 'PARTLY_DENIED', 'UNAUTHENTICATED')
       GROUP BY client_id HAVING count(*) >= ${DENIAL_THRESHOLD}`,
      [now],
    ),
  ]);
  const alerts: Alert[] = [
    ...overdue.rows.map((r) => ({
      kind: 'SHARING_REQUEST_OVERDUE' as const,
      subject: `request:${r.id}`,
      since: new Date(r.since),
      details: `Request ${r.id} from department ${r.requester_department_code} for ${r.resource_code} passed its review deadline ${iso(r.deadline)} with ${r.pending} item(s) undecided.`,
    })),
    ...expiring.rows.map((g) => ({
      kind: 'GRANT_EXPIRING' as const,
      subject: `grant:${g.id}`,
      since: new Date(new Date(g.valid_until).getTime() - EXPIRY_WARNING_DAYS * 86_400_000),
      details: `Grant ${g.id} of ${g.resource_code} to department ${g.consumer_department_code} ends at ${new Date(g.valid_until).toISOString()}.`,
    })),
    ...volume.rows.map((v) => ({
      kind: 'UNUSUAL_VOLUME' as const,
      subject: `department:${v.department_code}/resource:${v.resource_code}`,
      since: new Date(v.since),
      details: `Department ${v.department_code} read ${v.today} rows of sensitive resource ${v.resource_code} today; its daily mean over ${VOLUME_BASELINE_DAYS} days is ${Number(v.mean).toFixed(1)} (alert above ${VOLUME_FACTOR}x).`,
    })),
    ...denials.rows.map((d) => ({
      kind: 'REPEATED_DENIALS' as const,
      subject: `client:${d.client_id}`,
      since: new Date(d.since),
      details: `Client ${d.client_id} had ${d.denials} denied or unauthenticated requests in the last hour (alert at ${DENIAL_THRESHOLD}).`,
    })),
  ];
  return alerts.sort((a, b) => a.since.getTime() - b.since.getTime() || a.subject.localeCompare(b.subject));
}

function iso(date: Date | string): string {
  return date instanceof Date ? date.toISOString().slice(0, 10) : String(date).slice(0, 10);
}
