/**
 * AWS Shield (Advanced): the API (JSON 1.1) over the account's subscription, protections of the
 * proxy's resources and others, protection groups, health checks, SRT access, emergency contacts and
 * proactive engagement, automatic application layer mitigation settings, tags, and the attacks the
 * detection engine (src/dataplane/shield) records. README.md lists what is served and the decisions.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable } from '../../protocol/service-definition.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import type { ShieldHandlers } from './api.generated.js';
import { shieldAuthorization } from './authz.js';
import type { ShieldDeps } from './deps.js';
import { attackHandlers } from './handlers/attacks.js';
import { autoResponseHandlers } from './handlers/auto-response.js';
import { contactHandlers } from './handlers/contacts.js';
import { drtHandlers } from './handlers/drt.js';
import { groupHandlers } from './handlers/groups.js';
import { protectionHandlers } from './handlers/protections.js';
import { subscriptionHandlers } from './handlers/subscription.js';
import { tagHandlers } from './handlers/tags.js';

/** Every operation of the model is served. */
export function shieldHandlers(deps: ShieldDeps): ShieldHandlers {
  return {
    ...subscriptionHandlers(deps),
    ...protectionHandlers(deps),
    ...groupHandlers(deps),
    ...drtHandlers(deps),
    ...contactHandlers(deps),
    ...autoResponseHandlers(deps),
    ...attackHandlers(deps),
    ...tagHandlers(deps),
  };
}

/** AWS Shield (global: its records belong to the account, whatever Region the request was signed for). */
export function createShieldService(parts: ServiceParts): ServiceModule {
  const model = loadModel('shield');
  const deps: ShieldDeps = { store: parts.store, internal: parts.internal, authorizer: parts.authorizer };
  return {
    definition: { name: 'shield', model, codec: codecFor(model), handlers: asHandlerTable(shieldHandlers(deps)) },
    authorization: shieldAuthorization(parts.store),
  };
}
