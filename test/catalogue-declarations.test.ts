/**
 * The catalogue is declared beside the fields it governs (@resource, @item, @smallGroups in each source's SDL):
 * mistakes in a declaration are named before the hub starts.
 */
import path from 'node:path';
import { parse } from 'graphql';
import { declaredCatalogue } from '../auth/catalogue-declarations';
import { readSubgraphs } from '../src/supergraph';
import { sources } from '../src/sources';

const subgraph = (name: string, sdl: string) => ({ name, typeDefs: parse(sdl) });
const RESOURCE = `@resource(code: "X-ONE", name: "一", summary: "s", provider: "市统计局", shareType: CONDITIONAL,
  legalBasis: "l", updateCycle: "每年")`;

test("every source's fields are declared: items default to their type's first resource and its share type", () => {
  const catalogue = declaredCatalogue(readSubgraphs(path.resolve(__dirname, '..'), sources));
  const items = new Map(catalogue.resources.flatMap((r) => r.items.map((i) => [i.coordinate, { ...i, r }])));
  expect(items.get('Enterprise.name')).toMatchObject({
    shareType: 'UNCONDITIONAL',
    r: { code: 'FIS-ENTERPRISE' },
  });
  expect(items.get('Enterprise.contactPhone')).toMatchObject({
    sensitivity: 'PHONE',
    r: { code: 'FIS-ENTERPRISE-CONTACT', graphqlType: 'Enterprise', source: 'fiscal' },
  });
  expect(items.get('SupervisedTask.progressNote')).toMatchObject({ shareType: 'CONDITIONAL' });
  expect(catalogue.smallGroups.get('RevenueGroup')).toEqual({
    minimum: 3,
    countedBy: 'enterpriseCount',
    measures: ['totalAmount', 'paymentCount', 'enterpriseCount'],
    underlying: 'TaxPayment.amount',
  });
});

test('a declaration naming an unknown resource, a field declared twice or a resource code used twice is refused', () => {
  expect(() =>
    declaredCatalogue([
      subgraph(
        'a',
        `type T ${RESOURCE} { x: Int @item(name: "x") y: Int @item(name: "y", resource: "X-NONE") }`,
      ),
      subgraph('b', `type T ${RESOURCE} { x: Int @item(name: "x") }`),
      subgraph('c', `type Query { q: Int @item(name: "q") }`),
    ]),
  ).toThrow(
    new RegExp(
      [
        'resource X-ONE is declared twice',
        String.raw`Query\.q \(schema/c\.graphql\): @item names no resource`,
        String.raw`T\.y \(schema/a\.graphql\): no source declares resource X-NONE`,
        String.raw`T\.x is declared as an item twice`,
      ].join('[\\s\\S]*'),
    ),
  );
});
