/**
 * The benchmark's floor: a minimal Node `http` + `pg` server that issues the same SQL the hub's connectors issue
 * for each scenario, prepared the same way (connectors/shared/prepared.ts), and returns the same JSON, with no
 * GraphQL, no permissions and no audit. Whatever the hub spends above this is the price of what it adds.
 *
 *   FISCAL_DATABASE_URL=... DIRECTORY_DATABASE_URL=... STATISTICS_DATABASE_URL=... DECISION_DATABASE_URL=...
 *   MARKET_DATABASE_URL=...
 *   node dist/bench/baseline.js      -> prints {"port": N} once listening (PORT, default 0 = any free port)
 *
 * Routes (GET): /enterprise?code=  /district-enterprises?district=&first=&payments=  /district-cross?district=&first=
 */
import http from 'node:http';
import pg from 'pg';
import { preparedStatement } from '../connectors/shared/prepared';
import { selectColumns } from '../connectors/shared/columns';
import { BusinessLicenceEntity } from '../connectors/market/entities';
import { EnterpriseEntity } from '../connectors/fiscal/entities';
import { RegionEntity } from '../connectors/directory/entities';
import { ObservationEntity } from '../connectors/statistics/entities';
import { KeyProjectEntity } from '../connectors/decision/entities';

// The hub's column lists (derived from the entities, as the connectors' are): the same SQL, so the same work in
// PostgreSQL.
const ENTERPRISE_COLUMNS = selectColumns(EnterpriseEntity);
// Lists read only the selected columns plus keys, as the hub's projection does (connectors/shared/projection.ts).
const PAYMENT_PAGE_COLUMNS = `id::float8 AS id, enterprise_code AS "enterpriseCode", period, tax_type AS "taxType",
  amount::float8 AS amount`;
const REGION_COLUMNS = selectColumns(RegionEntity);
const OBSERVATION_COLUMNS = selectColumns(ObservationEntity);
const PROJECT_COLUMNS = selectColumns(KeyProjectEntity);

const LICENCE_COLUMNS = selectColumns(BusinessLicenceEntity);

const POOL_MAX = Number(process.env.DB_POOL_MAX ?? 10);
const pool = (variable: string) => {
  const url = process.env[variable];
  if (!url) throw new Error(`${variable} is not set`);
  return new pg.Pool({ connectionString: url, max: POOL_MAX });
};
const fiscal = pool('FISCAL_DATABASE_URL');
const directory = pool('DIRECTORY_DATABASE_URL');
const statistics = pool('STATISTICS_DATABASE_URL');
const decision = pool('DECISION_DATABASE_URL');
const market = pool('MARKET_DATABASE_URL');

type Row = Record<string, unknown>;

/** Groups child rows by their parent key column. */
function byParent(rows: Row[], key: string): Map<unknown, Row[]> {
  const groups = new Map<unknown, Row[]>();
  for (const r of rows) {
    const list = groups.get(r[key]) ?? [];
    list.push(r);
    groups.set(r[key], list);
  }
  return groups;
}

/** At most `limit` rows per parent, in one statement: the hub's LATERAL page per parent. */
function pagePerParent(
  db: pg.Pool,
  columns: string,
  table: string,
  parentColumn: string,
  parents: unknown[],
  orderBy: string,
  limit: number,
) {
  return db.query(
    preparedStatement(
      `SELECT page.* FROM unnest($1::text[]) AS parent(key)
     CROSS JOIN LATERAL (
       SELECT ${columns} FROM ${table} WHERE ${parentColumn} = parent.key ORDER BY ${orderBy} LIMIT $2
     ) AS page`,
      [parents, limit + 1],
    ),
  );
}

/** Scenario 1: one enterprise by credit code, six fields. */
async function enterprise(params: URLSearchParams) {
  const { rows } = await fiscal.query(
    preparedStatement(`SELECT ${ENTERPRISE_COLUMNS} FROM enterprise WHERE credit_code = ANY($1)`, [
      [params.get('code')],
    ]),
  );
  const e = rows[0];
  return {
    enterprise: e && {
      creditCode: e.creditCode,
      name: e.name,
      legalRepresentative: e.legalRepresentative,
      contactPhone: e.contactPhone,
      registeredCapital: e.registeredCapital,
      establishedOn: e.establishedOn,
    },
  };
}

/** The first `first` enterprises of a district, in credit-code order, with the columns named. */
async function districtPage(district: string, first: number, columns: string): Promise<Row[]> {
  const { rows } = await fiscal.query(
    preparedStatement(
      `SELECT ${columns} FROM enterprise WHERE district_code = $1 ORDER BY enterprise.credit_code LIMIT $2`,
      [district, first + 1],
    ),
  );
  return rows.slice(0, first);
}

/** Scenario 2: a district's enterprises, each with its latest payments. */
async function districtEnterprises(params: URLSearchParams) {
  const first = Number(params.get('first') ?? 50);
  const paymentCount = Number(params.get('payments') ?? 10);
  const enterprises = await districtPage(
    params.get('district') ?? '',
    first,
    'credit_code AS "creditCode", name',
  );
  const payments = byParent(
    (
      await pagePerParent(
        fiscal,
        PAYMENT_PAGE_COLUMNS,
        'tax_payment',
        'enterprise_code',
        enterprises.map((e) => e.creditCode),
        'tax_payment.period DESC, tax_payment.id DESC',
        paymentCount,
      )
    ).rows,
    'enterpriseCode',
  );
  return {
    enterprises: {
      nodes: enterprises.map((e) => ({
        creditCode: e.creditCode,
        name: e.name,
        taxPayments: {
          nodes: (payments.get(e.creditCode) ?? [])
            .slice(0, paymentCount)
            .map((p) => ({ period: p.period, taxType: p.taxType, amount: p.amount })),
        },
      })),
    },
  };
}

/**
 * Scenario 3: the same enterprises with their business licence and their district's indicator values and key
 * projects (five sources).
 */
async function districtCross(params: URLSearchParams) {
  const first = Number(params.get('first') ?? 50);
  const enterprises = await districtPage(
    params.get('district') ?? '',
    first,
    'credit_code AS "creditCode", name, district_code AS "districtCode"',
  );
  const districts = [...new Set(enterprises.map((e) => e.districtCode))];
  const [licences, regions, values, projects] = await Promise.all([
    market.query(
      preparedStatement(`SELECT ${LICENCE_COLUMNS} FROM business_licence WHERE credit_code = ANY($1)`, [
        enterprises.map((e) => e.creditCode),
      ]),
    ),
    directory.query(
      preparedStatement(`SELECT ${REGION_COLUMNS} FROM region WHERE code = ANY($1)`, [districts]),
    ),
    pagePerParent(
      statistics,
      OBSERVATION_COLUMNS,
      'observation',
      'region_code',
      districts,
      'indicator_code, period',
      5,
    ),
    pagePerParent(decision, PROJECT_COLUMNS, 'key_project', 'district_code', districts, 'id', 5),
  ]);
  const regionByCode = new Map(regions.rows.map((r) => [r.code, r]));
  const licenceOf = new Map(licences.rows.map((l) => [l.creditCode, l]));
  const valuesOf = byParent(values.rows, 'regionCode');
  const projectsOf = byParent(projects.rows, 'districtCode');
  return {
    enterprises: {
      nodes: enterprises.map((e) => {
        const region = regionByCode.get(e.districtCode);
        const licence = licenceOf.get(e.creditCode);
        return {
          creditCode: e.creditCode,
          name: e.name,
          businessLicence: licence ? { status: licence.status, registeredOn: licence.registeredOn } : null,
          district: region && {
            code: region.code,
            name: region.name,
            indicatorValues: {
              nodes: (valuesOf.get(region.code) ?? [])
                .slice(0, 5)
                .map((v) => ({ period: v.period, value: v.value })),
            },
            keyProjects: {
              nodes: (projectsOf.get(region.code) ?? []).slice(0, 5).map((p) => ({ name: p.name })),
            },
          },
        };
      }),
    },
  };
}

const ROUTES: Record<string, (params: URLSearchParams) => Promise<unknown>> = {
  '/enterprise': enterprise,
  '/district-enterprises': districtEnterprises,
  '/district-cross': districtCross,
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline');
  const route = ROUTES[url.pathname];
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  route(url.searchParams).then(
    (data) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    },
    (error: unknown) => {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: String(error) }));
    },
  );
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
const stop = () => {
  server.close();
  void Promise.all([fiscal.end(), directory.end(), statistics.end(), decision.end(), market.end()]).then(() =>
    process.exit(0),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
