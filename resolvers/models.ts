/**
 * The values resolvers pass around for each GraphQL type ("mappers" in codegen.yml): connector rows and
 * connections of them. Generated resolver types use these as parents, so a resolver sees exactly what the
 * connector returned.
 */
import type { Connection } from '../connectors/shared/pagination';
import type { Department, Region } from '../connectors/directory/entities';
import type { Indicator, Observation, Release } from '../connectors/statistics/entities';
import type { IndicatorSeries } from '../connectors/statistics/loaders';
import type { BudgetRevenue, Enterprise, Industry, TaxPayment } from '../connectors/fiscal/entities';
import type { RevenueGroupRow } from '../connectors/fiscal/loaders';
import type {
  ClientRow,
  GrantRow,
  ItemRow,
  ResourceRow,
  SharingRequestItemRow,
  SharingRequestRow,
} from '../auth/control-plane';
import type { Access, Caller } from '../auth/policy';
import type { AuditRow, UsageRow } from '../audit/store';
import type {
  KeyProject,
  PerformanceScore,
  PolicyDocument,
  SupervisedTask,
} from '../connectors/decision/entities';

export type RegionModel = Region;
export type DepartmentModel = Department;
export type DepartmentConnectionModel = Connection<Department>;

export type IndicatorModel = Indicator;
export type ObservationModel = Observation;
export type ReleaseModel = Release;
export type IndicatorSeriesModel = IndicatorSeries;
export type IndicatorConnectionModel = Connection<Indicator>;
export type ObservationConnectionModel = Connection<Observation>;
export type ReleaseConnectionModel = Connection<Release>;

export type IndustryModel = Industry;
export type EnterpriseModel = Enterprise;
export type TaxPaymentModel = TaxPayment;
export type BudgetRevenueModel = BudgetRevenue;
export type RevenueGroupModel = RevenueGroupRow;
export type EnterpriseConnectionModel = Connection<Enterprise>;
export type TaxPaymentConnectionModel = Connection<TaxPayment>;

export type PolicyDocumentModel = PolicyDocument;
export type SupervisedTaskModel = SupervisedTask;
export type KeyProjectModel = KeyProject;
export type PerformanceScoreModel = PerformanceScore;
export type PolicyDocumentConnectionModel = Connection<PolicyDocument>;
export type SupervisedTaskConnectionModel = Connection<SupervisedTask>;
export type KeyProjectConnectionModel = Connection<KeyProject>;

export type CatalogueResourceModel = ResourceRow;
export type CatalogueItemModel = ItemRow;
export type GrantModel = GrantRow;
export type ClientModel = ClientRow;
export type SharingRequestModel = SharingRequestRow;
export type SharingRequestItemModel = SharingRequestItemRow;
export type MeModel = Caller;
export interface ItemAccessModel {
  item: ItemRow;
  access: Access;
  districtScope: readonly string[] | null;
  clearDistricts: readonly string[];
  grantIds: readonly number[];
}
export interface ResourceAccessModel {
  resource: ResourceRow;
  items: ItemAccessModel[];
}
export interface RegisteredClientModel {
  client: ClientRow;
  clientSecret: string;
}
export type GrantConnectionModel = Connection<GrantRow>;
export type ClientConnectionModel = Connection<ClientRow>;
export type SharingRequestConnectionModel = Connection<SharingRequestRow>;
export type AuditRecordModel = AuditRow;
export type AuditRecordConnectionModel = Connection<AuditRow>;
export type UsageRowModel = UsageRow;
