/**
 * Queries of the decision-support source: documents, supervised tasks, key projects, performance scores.
 */
import type { SourceSession } from '../shared/source-db';
import type { LoaderOptions } from '../shared/source';
import {
  byKeyLoader,
  childrenLoader,
  LoaderMemo,
  childPagesLoader,
  type ChildPages,
} from '../shared/loaders';
import { readPage, toConnection, type Connection, type PageArgs } from '../shared/pagination';
import { compare, eq, eqInScope, inScope, keysetPage, parentsInScope } from '../shared/keyset';
import { selectColumns } from '../shared/columns';
import {
  KeyProjectEntity,
  PerformanceScoreEntity,
  PolicyDocumentEntity,
  SupervisedTaskEntity,
  type KeyProject,
  type PerformanceScore,
  type PolicyDocument,
  type SupervisedTask,
} from './entities';

const DOCUMENT_COLUMNS = selectColumns(PolicyDocumentEntity);
const TASK_COLUMNS = selectColumns(SupervisedTaskEntity);
const PROJECT_COLUMNS = selectColumns(KeyProjectEntity);
const SCORE_COLUMNS = selectColumns(PerformanceScoreEntity);

export interface TaskStatusCount {
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED' | 'OVERDUE';
  count: number;
}

/** Pages of key projects per parent (investor or district): the part both relations share. */
const PROJECT_PAGES: Pick<
  ChildPages<string, KeyProject>,
  'columns' | 'from' | 'orderBy' | 'parentType' | 'keyOf'
> = {
  columns: PROJECT_COLUMNS,
  from: 'key_project',
  orderBy: ['id'],
  parentType: 'text',
  keyOf: (p) => [p.id],
};

export function createDecisionLoaders(session: SourceSession, options: LoaderOptions) {
  const memo = new LoaderMemo();
  const max = options.maxPageSize;

  return {
    document: byKeyLoader<number, PolicyDocument>(
      (ids) => session.rows(`SELECT ${DOCUMENT_COLUMNS} FROM policy_document WHERE id = ANY(?)`, [ids]),
      (d) => d.id,
    ),
    task: byKeyLoader<number, SupervisedTask>(
      (ids) => session.rows(`SELECT ${TASK_COLUMNS} FROM supervised_task WHERE id = ANY(?)`, [ids]),
      (t) => t.id,
    ),
    project: byKeyLoader<number, KeyProject>(
      (ids) => {
        const where = ['id = ANY(?)'];
        const bindings: unknown[] = [ids];
        inScope(where, bindings, 'district_code', options.rowScope('KeyProject'));
        return session.rows(
          `SELECT ${PROJECT_COLUMNS} FROM key_project WHERE ${where.join(' AND ')}`,
          bindings,
        );
      },
      (p) => p.id,
    ),

    /** Documents newest first. */
    async documents(
      args: PageArgs & {
        issuingDepartmentCode?: string | null;
        kind?: string | null;
        from?: string | null;
        to?: string | null;
      },
    ): Promise<Connection<PolicyDocument>> {
      const page = readPage(args, ['s', 'n'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eq(where, bindings, 'issuing_department_code', args.issuingDepartmentCode);
      eq(where, bindings, 'kind', args.kind);
      compare(where, bindings, 'issued_on', '>=', args.from);
      compare(where, bindings, 'issued_on', '<=', args.to);
      const q = keysetPage({
        columns: DOCUMENT_COLUMNS,
        from: 'policy_document',
        where,
        bindings,
        orderBy: ['issued_on', 'id'],
        descending: true,
        page,
      });
      return toConnection(await session.rows<PolicyDocument>(q.sql, q.bindings), page, (d) => [
        d.issuedOn,
        d.id,
      ]);
    },

    /** Supervised tasks by deadline. */
    async tasks(
      args: PageArgs & { leadDepartmentCode?: string | null; status?: string | null },
    ): Promise<Connection<SupervisedTask>> {
      const page = readPage(args, ['s', 'n'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eq(where, bindings, 'lead_department_code', args.leadDepartmentCode);
      eq(where, bindings, 'status', args.status);
      const q = keysetPage({
        columns: TASK_COLUMNS,
        from: 'supervised_task',
        where,
        bindings,
        orderBy: ['deadline', 'id'],
        page,
      });
      return toConnection(await session.rows<SupervisedTask>(q.sql, q.bindings), page, (t) => [
        t.deadline,
        t.id,
      ]);
    },

    /** Department.supervisedTasks: one page per lead department, batched. */
    tasksOfDepartment(args: PageArgs & { status?: string | null }) {
      return memo.get('tasksOfDepartment', args, () => {
        const page = readPage(args, ['s', 'n'], max);
        const where: string[] = [];
        const bindings: unknown[] = [];
        eq(where, bindings, 'status', args.status);
        return childPagesLoader<string, SupervisedTask>(session, page, {
          columns: TASK_COLUMNS,
          from: 'supervised_task',
          where,
          bindings,
          orderBy: ['deadline', 'id'],
          parentColumn: 'lead_department_code',
          parentType: 'text',
          parentOf: (t) => t.leadDepartmentCode,
          keyOf: (t) => [t.deadline, t.id],
        });
      });
    },

    /** Tasks counted by status in SQL, optionally of one lead department. */
    taskStatusCounts(leadDepartmentCode?: string | null): Promise<TaskStatusCount[]> {
      return session.rows(
        `SELECT status, count(*)::int AS count FROM supervised_task
         ${leadDepartmentCode ? 'WHERE lead_department_code = ?' : ''} GROUP BY status ORDER BY status`,
        leadDepartmentCode ? [leadDepartmentCode] : [],
      );
    },

    async projects(
      args: PageArgs & {
        districtCode?: string | null;
        status?: string | null;
        investorCreditCode?: string | null;
      },
    ): Promise<Connection<KeyProject>> {
      const page = readPage(args, ['n'], max);
      const where: string[] = [];
      const bindings: unknown[] = [];
      eqInScope(where, bindings, 'district_code', args.districtCode, options.rowScope('KeyProject'));
      eq(where, bindings, 'status', args.status);
      eq(where, bindings, 'investor_code', args.investorCreditCode);
      const q = keysetPage({
        columns: PROJECT_COLUMNS,
        from: 'key_project',
        where,
        bindings,
        orderBy: ['id'],
        page,
      });
      return toConnection(await session.rows<KeyProject>(q.sql, q.bindings), page, (p) => [p.id]);
    },

    /** Enterprise.keyProjects: one page per investor, batched. */
    projectsOfInvestor(args: PageArgs) {
      return memo.get('projectsOfInvestor', args, () => {
        const page = readPage(args, ['n'], max);
        const where: string[] = [];
        const bindings: unknown[] = [];
        inScope(where, bindings, 'district_code', options.rowScope('KeyProject'));
        return childPagesLoader<string, KeyProject>(session, page, {
          ...PROJECT_PAGES,
          where,
          bindings,
          parentColumn: 'investor_code',
          parentOf: (p) => p.investorCode,
        });
      });
    },

    /** Region.keyProjects: one page per district, batched. */
    projectsOfDistrict(args: PageArgs & { status?: string | null }) {
      return memo.get('projectsOfDistrict', args, () => {
        const page = readPage(args, ['n'], max);
        const where: string[] = [];
        const bindings: unknown[] = [];
        eq(where, bindings, 'status', args.status);
        const scope = options.rowScope('KeyProject');
        return childPagesLoader<string, KeyProject>(session, page, {
          ...PROJECT_PAGES,
          where,
          bindings,
          parentColumn: 'district_code',
          parents: (keys) => parentsInScope(keys, scope),
          parentOf: (p) => p.districtCode,
        });
      });
    },

    /** Department.performanceScores: at most ten rows per department, newest first, batched. */
    scoresOfDepartment: childrenLoader<string, PerformanceScore>(
      (codes) =>
        session.rows(
          `SELECT ${SCORE_COLUMNS} FROM performance_score WHERE department_code = ANY(?) ORDER BY department_code, year DESC`,
          [codes],
        ),
      (s) => s.departmentCode,
    ),

    /** Every department's score for one year, best first (about 80 rows). */
    scoresOfYear(year: number): Promise<PerformanceScore[]> {
      return session.rows(`SELECT ${SCORE_COLUMNS} FROM performance_score WHERE year = ? ORDER BY rank`, [
        year,
      ]);
    },
  };
}

export type DecisionLoaders = ReturnType<typeof createDecisionLoaders>;
