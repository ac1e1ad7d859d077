import type { ServiceModel, Shape } from './service-model.js';

/** A modelled error: its shape name, wire code, HTTP status and fault side. */
export interface ModelledError {
  readonly name: string;
  readonly code: string;
  readonly httpStatus: number;
  readonly senderFault: boolean;
  readonly shape: Shape;
}

const byModel = new WeakMap<ServiceModel, Map<string, ModelledError>>();

/** Every error shape of the model (`exception: true`), keyed by shape name. */
export function modelledErrors(model: ServiceModel): ReadonlyMap<string, ModelledError> {
  let map = byModel.get(model);
  if (!map) {
    map = new Map();
    for (const name of model.shapeNames) {
      const shape = model.shape(name);
      if (!shape?.exception) continue;
      const fault = shape.fault === true || shape.error?.senderFault === false;
      map.set(name, {
        name,
        code: shape.error?.code ?? name,
        httpStatus: shape.error?.httpStatusCode ?? (fault ? 500 : 400),
        senderFault: !fault,
        shape,
      });
    }
    byModel.set(model, map);
  }
  return map;
}

/** The error shape an AwsError code refers to (by wire code or by shape name), if modelled. */
export function findModelledError(model: ServiceModel, code: string): ModelledError | undefined {
  const all = modelledErrors(model);
  const direct = all.get(code);
  if (direct) return direct;
  for (const e of all.values()) if (e.code === code) return e;
  return undefined;
}
