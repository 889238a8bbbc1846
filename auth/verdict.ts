/**
 * A coordinate's verdict in one operation, and what the result walk (auth/plain-fields.ts) reads of an
 * operation's verdicts. RequestAccess (auth/access.ts) makes them.
 */
import type { GraphQLError } from 'graphql';
import type { CatalogueItem } from './directory-state';

/** The outcome of a coordinate's rule for this operation. */
export interface FieldVerdict {
  allowed: boolean;
  error?: GraphQLError;
  /** Set when the value must be masked before it leaves. */
  mask?: CatalogueItem['sensitivity'];
  /** With `mask`: rows of these districts (`districtCode`) are served in clear all the same (a clear grant). */
  clearIn?: ReadonlySet<string>;
  /** Values served under this verdict (allowed ones): rows per resource for the audit trail. */
  served: number;
  /** Of those, values of a masked verdict served in clear all the same (`clearIn`). */
  servedClear: number;
}

/** The verdicts of one operation, as the guard and the result walk read them. */
export interface OperationVerdicts {
  /** The verdict of `coordinate` (a denial when the plan did not decide it). */
  verdict(coordinate: string): FieldVerdict;
  /** True the first time a denied coordinate is reported: one error per coordinate, not one per row. */
  firstDenial(coordinate: string): boolean;
}
