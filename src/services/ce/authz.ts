/**
 * How Cost Explorer operations are authorized: as `ce:<Operation>` on `*`. The reference's only
 * resource type for them, `billingview`, is optional and Rampart serves no billing views, so every
 * served operation acts on `*`; what a caller may see (its own usage, or its organization's for the
 * management account) is the handlers' business.
 */
import type { OperationAuthz, ServiceAuthorization } from '../../authz/service-rules.js';

const ON_ANY: OperationAuthz = { resolve: async () => [] };

export const CE_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'ce',
  operations: { GetCostAndUsage: ON_ANY, GetCostForecast: ON_ANY, GetDimensionValues: ON_ANY },
};
