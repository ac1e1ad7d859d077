/**
 * A second toy service that reads toy things through the internal client, never by importing the
 * toy service: on behalf of its caller (`aws:CalledVia` = relay.amazonaws.com), or as its own service
 * principal for the caller's account (`aws:SourceAccount`), as AWS services do.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codecFor } from '../../src/protocol/codecs.js';
import { ServiceModel, type RawServiceModel } from '../../src/protocol/model/service-model.js';
import type { HandlerTable } from '../../src/protocol/service-definition.js';
import type { ServiceFactory } from '../../src/services/service-module.js';

const MODEL = new ServiceModel(JSON.parse(readFileSync(fileURLToPath(new URL('./relay-model.json', import.meta.url)), 'utf8')) as RawServiceModel);
export const RELAY_PRINCIPAL = 'relay.amazonaws.com';

export const relayService: ServiceFactory = (parts) => {
  const handlers: HandlerTable = {
    async Fetch(input, ctx) {
      const c = ctx.caller;
      const on =
        input['As'] === 'service'
          ? { servicePrincipal: RELAY_PRINCIPAL, region: c.region, now: c.now, serviceContext: { 'aws:SourceAccount': c.principal.accountId } }
          : { caller: c, via: RELAY_PRINCIPAL };
      const thing = (await parts.internal.call('toy', 'GetThing', { Name: input['Name'] }, on)) as { Bytes: number };
      return { Bytes: thing.Bytes };
    },
  };
  return { definition: { name: 'relay', model: MODEL, codec: codecFor(MODEL), handlers }, authorization: { prefix: 'relay', operations: {} } };
};
