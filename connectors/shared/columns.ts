/**
 * The SELECT list of an entity, derived from its metadata: the entity is the one place a table's shape is
 * written, and the loaders read rows in exactly the shape its type infers.
 */
import {
  DateType,
  DecimalType,
  DoubleType,
  UnderscoreNamingStrategy,
  type EntitySchema,
  type EntityProperty,
} from '@mikro-orm/core';

const naming = new UnderscoreNamingStrategy();

/** The SQL expression that reads `property` as the entity's TypeScript type expects it. */
function readExpression(property: EntityProperty, column: string): string {
  const type = property.type as unknown;
  // pg returns dates as Date objects and numerics as strings: the rows carry ISO dates and numbers instead.
  if (
    type === DateType ||
    (property as { columnType?: string }).columnType === 'date' ||
    property.columnTypes?.[0] === 'date'
  )
    return `to_char(${column}, 'YYYY-MM-DD')`;
  if (type === DecimalType || type === DoubleType) return `${column}::float8`;
  return column;
}

/**
 * `credit_code AS "creditCode", to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn", ...` for every property of
 * `entity`, its columns qualified by `alias` when given. Memoised per entity and alias.
 */
export function selectColumns(entity: EntitySchema<any, any>, alias?: string): string {
  const key = alias ?? '';
  let byAlias = lists.get(entity);
  if (!byAlias) lists.set(entity, (byAlias = new Map()));
  let list = byAlias.get(key);
  if (list === undefined) {
    list = Object.entries(entity.meta.properties as Record<string, EntityProperty>)
      .map(([field, property]) => {
        const name = property.fieldNames?.[0] ?? naming.propertyToColumnName(field);
        const column = alias ? `${alias}.${name}` : name;
        const read = readExpression(property, column);
        return read === column && name === field ? column : `${read} AS "${field}"`;
      })
      .join(', ');
    byAlias.set(key, list);
  }
  return list;
}

const lists = new WeakMap<EntitySchema<any, any>, Map<string, string>>();
