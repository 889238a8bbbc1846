/**
 * Resolvers of the audit trail's API: verification, records and usage statistics. Auditors see everything; a
 * department sees the reads of the resources it provides (who read my data). Roles are checked in auth/rules.ts.
 */
import { readPage, toConnection } from '../connectors/shared/pagination';
import { badInput } from '../connectors/shared/errors';
import { pgTimestamp } from '../connectors/shared/pg-time';
import type { HubContext } from '../src/context';
import type { Resolvers } from './__generated__/types';

/** Resources whose reads the caller may see: null for auditors (all), the provided ones for a department. */
function visibleResources(ctx: HubContext): string[] | null {
  if (ctx.caller.role === 'AUDITOR') return null;
  return [...ctx.access.snapshot.resources.values()]
    .filter((r) => r.providerDepartmentCode === ctx.caller.departmentCode)
    .map((r) => r.code);
}

const MAX_USAGE_DAYS = 400;

export const auditResolvers: Resolvers = {
  Query: {
    verifyAudit: async (_, { from, to }, { auditTrail }) => {
      const [records, changes] = await Promise.all([
        auditTrail.verify({ from: pgTimestamp(from), to: pgTimestamp(to) }),
        auditTrail.verifyChangeLog(),
      ]);
      const firstBreak = records.firstBreak ?? changes.firstBreak;
      return {
        checked: records.checked,
        changesChecked: changes.checked,
        intact: firstBreak === null,
        firstBrokenSeq: firstBreak ? String(firstBreak.seq) : null,
        reason: firstBreak?.reason ?? null,
      };
    },
    auditRecords: async (_, { filter, first, after }, ctx) => {
      const page = readPage({ first, after }, ['n'], 500);
      const rows = await ctx.auditTrail.reader().records({
        from: pgTimestamp(filter?.from),
        to: pgTimestamp(filter?.to),
        departmentCode: filter?.departmentCode,
        clientId: filter?.clientId,
        resourceCode: filter?.resourceCode,
        coordinate: filter?.coordinate,
        outcome: filter?.outcome,
        requestId: filter?.requestId,
        readResources: visibleResources(ctx),
        beforeSeq: page.after ? Number(page.after[0]) : null,
        limit: page.limit,
      });
      return toConnection(rows, page, (r) => [r.seq]);
    },
    supervisionAlerts: (_, __, { auditTrail }) => auditTrail.alerts(),
    usageStatistics: async (_, { from, to }, ctx) => {
      const start = pgTimestamp(from)!;
      const end = pgTimestamp(to)!;
      if (end <= start) throw badInput('"to" must be after "from".', 'to');
      if (end.getTime() - start.getTime() > MAX_USAGE_DAYS * 86_400_000) {
        throw badInput(`At most ${MAX_USAGE_DAYS} days per request; split the range.`, 'to');
      }
      return ctx.auditTrail.reader().usage({ from: start, to: end, readResources: visibleResources(ctx) });
    },
  },
  AuditRecord: {
    seq: (r) => String(r.seq),
    department: (r, _, { loaders }) =>
      r.departmentCode ? loaders.directory.department.load(r.departmentCode) : null,
    rowsPerResource: (r) =>
      Object.entries(r.rowsPerResource)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([resourceCode, rows]) => ({ resourceCode, rows })),
    grantIds: (r) => r.grantIds.map(String),
  },
  UsageRow: {
    department: (u, _, { loaders }) =>
      u.departmentCode ? loaders.directory.department.load(u.departmentCode) : null,
  },
};
