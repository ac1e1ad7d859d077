/**
 * AWS Cost Explorer over Rampart's own metering: every authenticated request is metered (the
 * `UsageMeter` the gateway feeds), priced through `data/price-list.json` with consolidated billing
 * across an organization, and served through GetCostAndUsage, GetCostForecast and
 * GetDimensionValues. See README.md here and docs/billing.md.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, notServed } from '../../protocol/service-definition.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import type { CeHandlers } from './api.generated.js';
import { CE_AUTHORIZATION } from './authz.js';
import type { BillingFamilySource, CeDeps } from './deps.js';
import { costAndUsageHandlers } from './handlers/cost-and-usage.js';
import { dimensionValueHandlers } from './handlers/dimension-values.js';
import { forecastHandlers } from './handlers/forecast.js';
import { UsageMeter, type MeterOptions } from './meter/usage-meter.js';
import { defaultPriceList, type PriceList } from './pricing/price-list.js';

export type { BillingFamily, BillingFamilySource, FamilyAccount } from './deps.js';
export { invoiceOf } from './billing.js';
export { UsageMeter } from './meter/usage-meter.js';
export { formatCents } from './pricing/money.js';
export type { Invoice } from './pricing/invoice.js';
export { defaultPriceList } from './pricing/price-list.js';

/** Operations not served (they answer as AWS answers an operation it does not know). */
const NOT_SERVED = notServed([
  'CreateAnomalyMonitor',
  'CreateAnomalySubscription',
  'CreateCostCategoryDefinition',
  'DeleteAnomalyMonitor',
  'DeleteAnomalySubscription',
  'DeleteCostCategoryDefinition',
  'DescribeCostCategoryDefinition',
  'GetAnomalies',
  'GetAnomalyMonitors',
  'GetAnomalySubscriptions',
  'GetApproximateUsageRecords',
  'GetCommitmentPurchaseAnalysis',
  'GetCostAndUsageComparisons',
  'GetCostAndUsageWithResources',
  'GetCostCategories',
  'GetCostComparisonDrivers',
  'GetReservationCoverage',
  'GetReservationPurchaseRecommendation',
  'GetReservationUtilization',
  'GetRightsizingRecommendation',
  'GetSavingsPlanPurchaseRecommendationDetails',
  'GetSavingsPlansCoverage',
  'GetSavingsPlansPurchaseRecommendation',
  'GetSavingsPlansUtilization',
  'GetSavingsPlansUtilizationDetails',
  'GetTags',
  'GetUsageForecast',
  'ListCommitmentPurchaseAnalyses',
  'ListCostAllocationTagBackfillHistory',
  'ListCostAllocationTags',
  'ListCostCategoryDefinitions',
  'ListCostCategoryResourceAssociations',
  'ListSavingsPlansPurchaseRecommendationGeneration',
  'ListTagsForResource',
  'ProvideAnomalyFeedback',
  'StartCommitmentPurchaseAnalysis',
  'StartCostAllocationTagBackfill',
  'StartSavingsPlansPurchaseRecommendationGeneration',
  'TagResource',
  'UntagResource',
  'UpdateAnomalyMonitor',
  'UpdateAnomalySubscription',
  'UpdateCostAllocationTagsStatus',
  'UpdateCostCategoryDefinition',
]);

export function ceHandlers(deps: CeDeps): CeHandlers {
  return { ...NOT_SERVED, ...costAndUsageHandlers(deps), ...forecastHandlers(deps), ...dimensionValueHandlers(deps) };
}

export interface CeOptions {
  /** Where each account's billing family comes from (Organizations, wired by the gateway). */
  readonly families: BillingFamilySource;
  readonly prices?: PriceList;
  readonly meter?: MeterOptions;
}

export interface CeService extends ServiceModule {
  /** Fed by the gateway with every authenticated request; flushed on close. */
  readonly meter: UsageMeter;
}

/** Cost Explorer (a global service: requests are served as us-east-1). */
export function createCeService(parts: ServiceParts, opts: CeOptions): CeService {
  const model = loadModel('ce');
  const deps: CeDeps = { store: parts.store, prices: opts.prices ?? defaultPriceList(), families: opts.families };
  return {
    definition: { name: 'ce', model, codec: codecFor(model), handlers: asHandlerTable(ceHandlers(deps)), defaultRegion: 'us-east-1' },
    authorization: CE_AUTHORIZATION,
    meter: new UsageMeter(parts.store, { log: parts.log, ...opts.meter }),
  };
}

/** Cost Explorer's dependencies for code outside the request path (the CLI's invoice). */
export function ceDeps(store: CeDeps['store'], families: BillingFamilySource, prices: PriceList = defaultPriceList()): CeDeps {
  return { store, prices, families };
}
