/**
 * A row type's columns, derived from its entity's metadata: the entity is the one place a table's shape is
 * written, and the loaders read rows in exactly the shape its type infers.
 */
import {
  BigIntType,
  DateType,
  DecimalType,
  UnderscoreNamingStrategy,
  type EntitySchema,
  type EntityProperty,
} from '@mikro-orm/core';
import type { ColumnMap } from './projection';

const naming = new UnderscoreNamingStrategy();

/** The SQL expression that reads `property` as the entity's TypeScript type expects it. */
function readExpression(property: EntityProperty, column: string): string {
  // A type given as a class (p.double()) or as an instance with options (p.decimal(), p.bigint('number')).
  const type = (
    typeof property.type === 'object' ? (property.type as object).constructor : property.type
  ) as unknown;
  const columnType = (property as { columnType?: string }).columnType ?? property.columnTypes?.[0];
  // pg returns dates as Date objects and numerics and bigints as strings: rows carry ISO dates and numbers.
  if (type === DateType || columnType === 'date') return `to_char(${column}, 'YYYY-MM-DD')`;
  if (type === DecimalType || type === BigIntType) return `${column}::float8`;
  return column;
}

const maps = new WeakMap<EntitySchema<any, any>, ColumnMap>();

/**
 * Row property -> select-list expression (`credit_code AS "creditCode"`, `to_char(registered_on, 'YYYY-MM-DD') AS
 * "registeredOn"`, `amount::float8 AS amount`) for every property of `entity`, in declaration order. Memoised.
 */
export function columnMap(entity: EntitySchema<any, any>): ColumnMap {
  let map = maps.get(entity);
  if (!map) {
    map = Object.fromEntries(
      Object.entries(entity.meta.properties as Record<string, EntityProperty>).map(([field, property]) => {
        const column =
          property.fieldNames?.[0] ?? property.joinColumns?.[0] ?? naming.propertyToColumnName(field);
        const read = readExpression(property, column);
        return [field, read === column && column === field ? column : `${read} AS ${alias(field)}`];
      }),
    );
    maps.set(entity, map);
  }
  return map;
}

/** A column alias: quoted only when it must be (camelCase), as written by hand before. */
function alias(field: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(field) ? field : `"${field}"`;
}

/** The whole select list of `entity`: `columnMap` joined. */
export function selectColumns(entity: EntitySchema<any, any>): string {
  return Object.values(columnMap(entity)).join(', ');
}
