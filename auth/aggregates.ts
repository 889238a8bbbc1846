/**
 * Statistical disclosure control for aggregates (小数抑制): a group with fewer members than its type's
 * `@smallGroups(minimum:)` would reveal single members' values, so its measures are withheld unless the caller
 * may read those values (the rule's `underlying` item) in clear for that group. The guard applies it to every
 * field returning such a type (auth/access.ts); the rule is declared in the source's SDL.
 */
import type { SmallGroupRule } from './catalogue-declarations';
import type { ItemDecision } from './policy';

/** A group as connectors return it: its measures, its member count and, when grouped by district, the district. */
type Group = Record<string, unknown> & { districtCode?: string | null };

/**
 * Returns the groups with the measures of small groups set to null, `suppressed` set and `suppressionReason`
 * saying why, except where the caller may read the underlying values of that group in clear.
 */
export function suppressSmallGroups<G extends Group>(
  groups: readonly G[],
  rule: SmallGroupRule,
  underlying: ItemDecision,
): G[] {
  // In clear only: a masked amount is withheld (an amount cannot be masked), so it discloses nothing the small
  // group may then disclose; where a masked item is clear for some districts, only those districts' groups.
  const mayRead = (g: G) => {
    const district = g.districtCode ?? undefined;
    const inScope =
      underlying.districtScope === null ||
      (district !== undefined && underlying.districtScope.includes(district));
    return (
      inScope &&
      (underlying.access === 'READ' ||
        (underlying.access === 'READ_MASKED' &&
          district !== undefined &&
          underlying.clearDistricts.includes(district)))
    );
  };
  const reason =
    `Fewer than ${rule.minimum} members: the figures would disclose single members' values. ` +
    `Group by fewer dimensions, or obtain a grant on ${rule.underlying}.`;
  return groups.map((g) => {
    if (Number(g[rule.countedBy] ?? 0) >= rule.minimum || mayRead(g))
      return { ...g, suppressed: false, suppressionReason: null };
    const withheld: Record<string, unknown> = { ...g, suppressed: true, suppressionReason: reason };
    for (const measure of rule.measures) withheld[measure] = null;
    return withheld as G;
  });
}
