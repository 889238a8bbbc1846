/**
 * Small-group suppression decides by the caller's hold on single enterprises' payments: only amounts it reads
 * in clear (everywhere, or in the group's district) lift it. Pure: a directory snapshot built here.
 */
import { RequestAccess } from '../auth/access';
import { suppressSmallGroups } from '../auth/aggregates';
import type { ActiveGrant, CatalogueItem, DirectorySnapshot, Sensitivity } from '../auth/directory-state';

const RESOURCE = {
  code: 'FIS-TAX-PAYMENT',
  name: '纳税明细',
  source: 'fiscal',
  providerDepartmentCode: '370200029',
  shareType: 'CONDITIONAL' as const,
  graphqlType: 'TaxPayment',
};

function access(sensitivity: Sensitivity, grants: Partial<ActiveGrant>[]): RequestAccess {
  const item: CatalogueItem = {
    coordinate: 'TaxPayment.amount',
    resourceCode: RESOURCE.code,
    name: '金额',
    shareType: 'CONDITIONAL',
    sensitivity,
    resource: RESOURCE,
  };
  const snapshot: DirectorySnapshot = {
    version: 1,
    items: new Map([[item.coordinate, item]]),
    resources: new Map([[RESOURCE.code, RESOURCE]]),
    grants: grants.map((g, i) => ({
      id: i + 1,
      consumerDepartmentCode: '370202001',
      consumerClientId: null,
      resourceCode: RESOURCE.code,
      items: new Set([item.coordinate]),
      districtScope: null,
      clearSensitive: false,
      validFrom: new Date(0),
      validUntil: null,
      ...g,
    })),
    clients: new Map(),
    consoleUsers: new Map(),
  };
  return new RequestAccess(
    { clientId: 'shinan-planning-app', role: 'DEPARTMENT', departmentCode: '370202001' },
    snapshot,
    new Set(['TaxPayment']),
  );
}

const small = (
  districtCode: string,
): {
  districtCode: string;
  totalAmount: number;
  paymentCount: number;
  enterpriseCount: number;
  suppressed?: boolean;
} => ({
  districtCode,
  totalAmount: 10,
  paymentCount: 1,
  enterpriseCount: 1,
});
/** The rule fiscal.graphql declares on RevenueGroup. */
const RULE = {
  minimum: 3,
  countedBy: 'enterpriseCount',
  measures: ['totalAmount', 'paymentCount', 'enterpriseCount'],
  underlying: 'TaxPayment.amount',
};
const suppressed = (a: RequestAccess) =>
  suppressSmallGroups([small('370202'), small('370203')], RULE, a.itemDecision(RULE.underlying)).map(
    (g) => g.suppressed,
  );

test('amounts read in clear lift suppression, in the districts they are read in', () => {
  expect(suppressed(access('PLAIN', [{}]))).toEqual([false, false]);
  expect(suppressed(access('PLAIN', [{ districtScope: ['370202'] }]))).toEqual([false, true]);
});

test('amounts held only masked (withheld) do not lift it; a clear grant for one district lifts it there', () => {
  expect(suppressed(access('ID_NUMBER', [{}]))).toEqual([true, true]);
  expect(suppressed(access('ID_NUMBER', [{}, { districtScope: ['370203'], clearSensitive: true }]))).toEqual([
    true,
    false,
  ]);
  expect(suppressed(access('ID_NUMBER', [{ clearSensitive: true }]))).toEqual([false, false]);
});

test('without any grant every small group is suppressed', () => {
  expect(suppressed(access('PLAIN', []))).toEqual([true, true]);
});
