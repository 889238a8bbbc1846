/**
 * The catalogue (信息资源目录): its resources and items as the API reads them, the checks grants and requests make
 * against it, and the administrators' reclassification.
 */
import type { ShareType } from '../catalogue';
import { badInput, notFound } from '../../connectors/shared/errors';
import {
  GRANT_COLUMNS,
  type GrantRow,
  boundedList,
  boundedText,
  ITEM_COLUMNS,
  requireText,
  RESOURCE_COLUMNS,
  type Actor,
  type ControlPlaneSession,
  type ItemRow,
  type ResourceRow,
} from './shared';

export class CatalogueService {
  constructor(private readonly db: ControlPlaneSession) {}

  /** The whole catalogue, in code order (a few dozen resources: not paginated). */
  resources(): Promise<ResourceRow[]> {
    return this.db.rows(`SELECT ${RESOURCE_COLUMNS} FROM resource ORDER BY code`);
  }

  /** The resource `code`; NOT_FOUND if the catalogue has none. */
  async resource(code: string): Promise<ResourceRow> {
    const [r] = await this.db.rows<ResourceRow>(`SELECT ${RESOURCE_COLUMNS} FROM resource WHERE code = ?`, [
      code,
    ]);
    if (!r)
      throw notFound(
        `Unknown resource "${code}"; the query \`directory\` lists the catalogue.`,
        'resourceCode',
      );
    return r;
  }

  /** The items of resource `code`, in coordinate order. */
  async itemsOf(code: string): Promise<ItemRow[]> {
    return this.db.rows<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM resource_item WHERE resource_code = ? ORDER BY coordinate`,
      [code],
    );
  }

  /** Items of many resources at once. */
  async itemsByResource(codes: readonly string[]): Promise<Map<string, ItemRow[]>> {
    const all = await this.db.rows<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM resource_item WHERE resource_code = ANY(?) ORDER BY coordinate`,
      [codes],
    );
    const map = new Map<string, ItemRow[]>();
    for (const i of all) map.set(i.resourceCode, [...(map.get(i.resourceCode) ?? []), i]);
    return map;
  }

  /** The item at `coordinate`, or null if the catalogue has none. */
  async item(coordinate: string): Promise<ItemRow | null> {
    const [i] = await this.db.rows<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM resource_item WHERE coordinate = ?`,
      [coordinate],
    );
    return i ?? null;
  }

  /** Checks that `coordinates` are CONDITIONAL items of the resource; says which are not and why. */
  async conditionalItems(resourceCode: string, coordinates: readonly string[]): Promise<string[]> {
    if (!coordinates.length) throw badInput('"items" must name at least one item of the resource.', 'items');
    boundedList(coordinates, 'items');
    const items = new Map((await this.itemsOf(resourceCode)).map((i) => [i.coordinate, i]));
    for (const c of coordinates) {
      const item = items.get(c);
      if (!item) throw badInput(`${c} is not an item of resource ${resourceCode}.`, 'items');
      if (item.shareType === 'UNCONDITIONAL')
        throw badInput(`${c} is UNCONDITIONAL: every department reads it without a grant.`, 'items');
      if (item.shareType === 'NOT_SHARED')
        throw badInput(`${c} is NOT_SHARED: only its provider reads it; it cannot be granted.`, 'items');
    }
    return [...new Set(coordinates)].sort();
  }

  /**
   * Checks a district scope for the resource: null (all rows), or known region codes on a resource whose type
   * can be limited to districts. Returns the codes sorted, without repeats.
   */
  async checkScope(
    resourceRow: ResourceRow,
    scope: readonly string[] | null | undefined,
  ): Promise<string[] | null> {
    if (scope == null) return null;
    boundedList(scope, 'districtScope');
    if (!this.db.options.districtScopedTypes.has(resourceRow.graphqlType)) {
      throw badInput(
        `Resource ${resourceRow.code} (${resourceRow.graphqlType}) cannot be limited to districts.`,
        'districtScope',
      );
    }
    if (!scope.length)
      throw badInput(
        '"districtScope" must name at least one district, or be left out for all rows.',
        'districtScope',
      );
    const known = await this.db.session.rows<{ code: string }>(
      `SELECT code FROM region WHERE code = ANY(?)`,
      [scope],
    );
    const missing = scope.find((c) => !known.some((k) => k.code === c));
    if (missing) throw notFound(`Unknown region code "${missing}" in "districtScope".`, 'districtScope');
    return [...new Set(scope)].sort();
  }

  /**
   * What reclassifying `coordinate` to `shareType` would do, before it is done: the active grants that would end
   * (at most `limit`, with their total). Grants end only when a CONDITIONAL item stops being CONDITIONAL.
   */
  async reclassificationImpact(
    coordinate: string,
    shareType: ShareType | null | undefined,
    limit = 200,
  ): Promise<{ item: ItemRow; grantsEnding: GrantRow[]; grantsEndingCount: number }> {
    const item = await this.item(coordinate);
    if (!item) throw notFound(`No catalogue item ${coordinate}.`, 'coordinate');
    const target = shareType ?? item.shareType;
    if (item.shareType !== 'CONDITIONAL' || target === 'CONDITIONAL') {
      return { item, grantsEnding: [], grantsEndingCount: 0 };
    }
    // The item's resource first: access_grant_resource_idx narrows the scan to that resource's grants.
    const where = `resource_code = ? AND ended_at IS NULL AND (valid_until IS NULL OR valid_until > now()) AND ? = ANY(items)`;
    const [grants, [{ count }]] = await Promise.all([
      this.db.rows<GrantRow>(`SELECT ${GRANT_COLUMNS} FROM access_grant WHERE ${where} ORDER BY id LIMIT ?`, [
        item.resourceCode,
        coordinate,
        limit,
      ]),
      this.db.rows<{ count: number }>(`SELECT count(*)::int AS count FROM access_grant WHERE ${where}`, [
        item.resourceCode,
        coordinate,
      ]),
    ]);
    return { item, grantsEnding: grants, grantsEndingCount: count };
  }

  /**
   * Reclassifies an item. Grants that covered it as CONDITIONAL end when it stops being CONDITIONAL (an
   * UNCONDITIONAL item needs none; a NOT_SHARED one allows none).
   */
  async updateCatalogueItem(
    actor: Actor,
    input: {
      coordinate: string;
      shareType?: ShareType | null;
      sensitivity?: ItemRow['sensitivity'] | null;
      reason: string;
    },
  ): Promise<ItemRow> {
    const reason = requireText(input.reason, 'reason');
    const before = await this.item(input.coordinate);
    if (!before) throw notFound(`No catalogue item ${input.coordinate}.`, 'coordinate');
    const shareType = input.shareType ?? before.shareType;
    const sensitivity = input.sensitivity ?? before.sensitivity;
    return this.db.change(actor, 'ITEM_RECLASSIFIED', `item:${input.coordinate}`, reason, async (trx) => {
      const result = await trx.raw(
        `UPDATE resource_item SET share_type = ?, sensitivity = ? WHERE coordinate = ? RETURNING ${ITEM_COLUMNS}`,
        [shareType, sensitivity, input.coordinate],
      );
      if (before.shareType === 'CONDITIONAL' && shareType !== 'CONDITIONAL') {
        await trx.raw(
          `UPDATE access_grant SET ended_at = now(), ended_by = ?, end_reason = ?
           WHERE ended_at IS NULL AND ? = ANY(items)`,
          [actor.name, `RECLASSIFIED: ${input.coordinate} is now ${shareType}`, input.coordinate],
        );
      }
      return { result: result.rows[0] as ItemRow, before, after: result.rows[0] };
    });
  }

  /** Edits the descriptive fields of a catalogue entry; what is left out stays as it is. */
  async updateCatalogueResource(
    actor: Actor,
    input: {
      code: string;
      name?: string | null;
      summary?: string | null;
      sharingConditions?: string | null;
      legalBasis?: string | null;
      openToPublic?: boolean | null;
      updateCycle?: string | null;
      reason: string;
    },
  ): Promise<ResourceRow> {
    const reason = requireText(input.reason, 'reason');
    const before = await this.resource(input.code);
    const after = {
      name: input.name == null ? before.name : requireText(input.name, 'name'),
      summary: boundedText(input.summary, 'summary') ?? before.summary,
      sharingConditions:
        boundedText(input.sharingConditions, 'sharingConditions') ?? before.sharingConditions,
      legalBasis: boundedText(input.legalBasis, 'legalBasis') ?? before.legalBasis,
      openToPublic: input.openToPublic ?? before.openToPublic,
      updateCycle: boundedText(input.updateCycle, 'updateCycle') ?? before.updateCycle,
    };
    return this.db.change(actor, 'RESOURCE_EDITED', `resource:${input.code}`, reason, async (trx) => {
      const result = await trx.raw(
        `UPDATE resource SET name = ?, summary = ?, sharing_conditions = ?, legal_basis = ?, open_to_public = ?, update_cycle = ?
         WHERE code = ? RETURNING ${RESOURCE_COLUMNS}`,
        [
          after.name,
          after.summary,
          after.sharingConditions,
          after.legalBasis,
          after.openToPublic,
          after.updateCycle,
          input.code,
        ],
      );
      return { result: result.rows[0] as ResourceRow, before, after: result.rows[0] };
    });
  }
}
