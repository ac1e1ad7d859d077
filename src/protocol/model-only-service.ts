import { codecFor } from './codecs.js';
import { loadModel } from './model/load-model.js';
import { NOT_IMPLEMENTED, type HandlerTable, type ServiceDefinition } from './service-definition.js';

/**
 * A service Rampart speaks but does not serve yet: requests are identified, authenticated and parsed
 * with its model, and every operation answers as AWS answers one it does not know, in the service's
 * own protocol (`UnknownOperationException`, `InvalidAction`, ...). A service that gets handlers
 * replaces this with its own `src/services/<name>/index.ts`.
 */
export function modelOnlyService(name: string): ServiceDefinition {
  const model = loadModel(name);
  const handlers: HandlerTable = Object.fromEntries(model.operationNames.map((op) => [op, NOT_IMPLEMENTED]));
  return { name, model, codec: codecFor(model), handlers };
}
