/**
 * Statistical disclosure control for aggregates: a group of fewer than MIN_GROUP_ENTERPRISES enterprises would
 * reveal what single enterprises paid, so its measures are withheld unless the caller may read those payments.
 */
import type { RequestAccess } from './access';

/** Smallest number of enterprises a published group may have. */
export const MIN_GROUP_ENTERPRISES = 3;

/** The underlying item: reading it means reading single enterprises' payments. */
const UNDERLYING = 'TaxPayment.amount';

interface Group {
  districtCode?: string;
  totalAmount: number | null;
  paymentCount: number | null;
  enterpriseCount: number | null;
  suppressed?: boolean;
  suppressionReason?: string | null;
}

/**
 * Returns the groups with the measures of small groups set to null and `suppressed` set, except where the
 * caller may read the underlying payments of that group's rows.
 */
export function suppressSmallGroups<G extends Group>(groups: readonly G[], access: RequestAccess): G[] {
  const underlying = access.itemDecision(UNDERLYING);
  // In clear only: a masked amount is withheld (an amount cannot be masked), so it discloses nothing the small
  // group may then disclose; where a masked item is clear for some districts, only those districts' groups.
  const inScope = (g: G) =>
    underlying.districtScope === null ||
    (g.districtCode !== undefined && underlying.districtScope.includes(g.districtCode));
  const mayRead = (g: G) =>
    inScope(g) &&
    (underlying.access === 'READ' ||
      (underlying.access === 'READ_MASKED' &&
        g.districtCode !== undefined &&
        underlying.clearDistricts.includes(g.districtCode)));
  return groups.map((g) => {
    if ((g.enterpriseCount ?? 0) >= MIN_GROUP_ENTERPRISES || mayRead(g))
      return { ...g, suppressed: false, suppressionReason: null };
    return {
      ...g,
      totalAmount: null,
      paymentCount: null,
      enterpriseCount: null,
      suppressed: true,
      suppressionReason: `Fewer than ${MIN_GROUP_ENTERPRISES} enterprises: the figures would disclose single enterprises' taxes. Group by fewer dimensions, or obtain a grant on ${UNDERLYING}.`,
    };
  });
}
