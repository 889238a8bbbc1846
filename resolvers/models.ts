/**
 * The values resolvers pass around for the hub's own API (catalogue, access, grants, clients, sharing requests,
 * audit), named after their GraphQL types. Generated resolver types use these as parents (codegen.ts maps a type
 * to the export of its name here or in a connector's models.ts; `XConnection` to `Connection<X>`), so a resolver
 * sees exactly what the control plane or the audit store returned.
 */
import type {
  ClientRow,
  ConsoleUserRow,
  GrantRow,
  ItemRow,
  ResourceRow,
  SharingRequestItemRow,
  SharingRequestRow,
} from '../auth/control-plane';
import type { Access, Caller } from '../auth/policy';
import type { AuditRow, UsageRow as UsageRowRecord } from '../audit/store';

export type CatalogueResource = ResourceRow;
export type CatalogueItem = ItemRow;
export type Grant = GrantRow;
export type Client = ClientRow;
export type ConsoleUser = ConsoleUserRow;
export type SharingRequest = SharingRequestRow;
export type SharingRequestItem = SharingRequestItemRow;
export type Me = Caller;
export interface ItemAccess {
  item: ItemRow;
  access: Access;
  districtScope: readonly string[] | null;
  clearDistricts: readonly string[];
  grantIds: readonly number[];
}
export interface ResourceAccess {
  resource: ResourceRow;
  items: ItemAccess[];
}
export interface RegisteredClient {
  client: ClientRow;
  clientSecret: string;
}
export type AuditRecord = AuditRow;
export type UsageRow = UsageRowRecord;
