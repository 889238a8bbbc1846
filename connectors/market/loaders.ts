/**
 * Queries of the market-regulation source: licences by credit code and as district lists, each enterprise's
 * annual reports and a page of its penalties, and penalties by date. Every query of a district-scoped type
 * (licences, penalties) is limited to the caller's district scope in SQL.
 */
import type { SourceSession } from '../shared/source-db';
import type { LoaderOptions } from '../shared/source';
import { byKeyLoader, childPagesLoader, childrenLoader, LoaderMemo } from '../shared/loaders';
import { readPage, toConnection, type Connection, type PageArgs } from '../shared/pagination';
import { compare, eq, eqInScope, inScope, keysetPage } from '../shared/keyset';
import { selectColumns } from '../shared/columns';
import {
  AdministrativePenaltyEntity,
  AnnualReportEntity,
  BusinessLicenceEntity,
  type AdministrativePenalty,
  type AnnualReport,
  type BusinessLicence,
} from './entities';

const LICENCE_COLUMNS = selectColumns(BusinessLicenceEntity);
const REPORT_COLUMNS = selectColumns(AnnualReportEntity);
const PENALTY_COLUMNS = selectColumns(AdministrativePenaltyEntity);

export function createMarketLoaders(session: SourceSession, options: LoaderOptions) {
  const memo = new LoaderMemo();
  const max = options.maxPageSize;

  return {
    /** A licence by credit code; null outside the caller's district scope. */
    licence: byKeyLoader<string, BusinessLicence>(
      (codes) => {
        const where = ['credit_code = ANY(?)'];
        const bindings: unknown[] = [codes];
        inScope(where, bindings, 'district_code', options.rowScope('BusinessLicence'));
        return session.rows(
          `SELECT ${LICENCE_COLUMNS} FROM business_licence WHERE ${where.join(' AND ')}`,
          bindings,
        );
      },
      (l) => l.creditCode,
    ),

    /** Licences in credit-code order, optionally of one district and/or status. */
    async licences(
      args: PageArgs & { districtCode?: string | null; status?: string | null },
    ): Promise<Connection<BusinessLicence>> {
      const page = readPage(args, ['s'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eqInScope(where, bindings, 'district_code', args.districtCode, options.rowScope('BusinessLicence'));
      eq(where, bindings, 'status', args.status);
      const q = keysetPage({
        columns: LICENCE_COLUMNS,
        from: 'business_licence',
        where,
        bindings,
        orderBy: ['credit_code'],
        page,
      });
      return toConnection(await session.rows<BusinessLicence>(q.sql, q.bindings), page, (l) => [
        l.creditCode,
      ]);
    },

    /** Enterprise.annualReports: every report of each enterprise (one a year), newest first, batched. */
    reportsOf: childrenLoader<string, AnnualReport>(
      (codes) =>
        session.rows(
          `SELECT ${REPORT_COLUMNS} FROM annual_report WHERE credit_code = ANY(?) ORDER BY credit_code, year DESC`,
          [codes],
        ),
      (r) => r.creditCode,
    ),

    /** Enterprise.penalties: one page per enterprise, newest first, batched. */
    penaltiesOf(args: PageArgs) {
      return memo.get('penaltiesOf', args, () => {
        const page = readPage(args, ['s', 'n'], max);
        const where: string[] = [];
        const bindings: unknown[] = [];
        inScope(where, bindings, 'district_code', options.rowScope('AdministrativePenalty'));
        return childPagesLoader<string, AdministrativePenalty>(session, page, {
          columns: PENALTY_COLUMNS,
          from: 'administrative_penalty',
          where,
          bindings,
          orderBy: ['decided_on', 'id'],
          descending: true,
          parentColumn: 'credit_code',
          parentType: 'text',
          parentOf: (p) => p.creditCode,
          keyOf: (p) => [p.decidedOn, p.id],
        });
      });
    },

    /** Penalties newest first, optionally of one district and a decision-date range. */
    async penalties(
      args: PageArgs & { districtCode?: string | null; from?: string | null; to?: string | null },
    ): Promise<Connection<AdministrativePenalty>> {
      const page = readPage(args, ['s', 'n'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eqInScope(
        where,
        bindings,
        'district_code',
        args.districtCode,
        options.rowScope('AdministrativePenalty'),
      );
      compare(where, bindings, 'decided_on', '>=', args.from);
      compare(where, bindings, 'decided_on', '<=', args.to);
      const q = keysetPage({
        columns: PENALTY_COLUMNS,
        from: 'administrative_penalty',
        where,
        bindings,
        orderBy: ['decided_on', 'id'],
        descending: true,
        page,
      });
      return toConnection(await session.rows<AdministrativePenalty>(q.sql, q.bindings), page, (p) => [
        p.decidedOn,
        p.id,
      ]);
    },
  };
}
