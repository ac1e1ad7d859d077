import { randomUUID } from 'node:crypto';
import type { ServiceModel, Shape } from './model/service-model.js';
import type { ParseOptions } from './types.js';
import { clientError } from '../shared/aws-error.js';
import { customValidationText } from './validate/custom-texts.js';
import { validateInput } from './validate/validate-input.js';
import { validationError } from './validate/validation-issues.js';

const tokenCache = new WeakMap<Shape, readonly string[]>();

function tokenMembers(shape: Shape): readonly string[] {
  let t = tokenCache.get(shape);
  if (!t) {
    t = Object.entries(shape.members ?? {}).filter(([, r]) => r.idempotencyToken).map(([n]) => n);
    tokenCache.set(shape, t);
  }
  return t;
}

/**
 * The protocol-independent end of every `parse`: fills absent idempotency tokens (as the SDKs
 * do, so handlers always see one), then validates against the model and throws the protocol's
 * validation error (`ValidationError` for query/ec2, `ValidationException` for JSON/REST).
 */
export function finishInput(
  model: ServiceModel,
  shape: Shape,
  input: Record<string, unknown>,
  code: 'ValidationError' | 'ValidationException',
  options: ParseOptions | undefined,
): Record<string, unknown> {
  if (options?.fillIdempotencyTokens !== false) {
    for (const name of tokenMembers(shape)) if (input[name] === undefined) input[name] = randomUUID();
  }
  if (options?.validate !== false) {
    const issues = validateInput(model, shape, input);
    if (issues.length) {
      const text = customValidationText(model, issues);
      throw text === undefined ? validationError(issues, code) : clientError(code, text, 400);
    }
  }
  return input;
}
