/**
 * Where a service answers a failed constraint with its own text instead of the generic
 * "1 validation error detected: ..." one, as data: by the model's endpoint prefix and the pattern
 * (as the model spells it) that failed. The error code stays the protocol's validation code.
 */
import type { ServiceModel } from '../model/service-model.js';
import type { ValidationIssue } from './validation-issues.js';

const PATTERN_TEXTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  iam: {
    // pathType (Path, NewPath of every IAM entity): AWS's text, as AWS returns it for `CreateUser Path=bad`
    // (recorded by moto's tests and other emulators' AWS-compared tests). A path too long keeps the generic text.
    '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)':
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
  },
};

/** The service's own text for the first issue that has one (a failed pattern it names), if any. */
export function customValidationText(model: ServiceModel, issues: readonly ValidationIssue[]): string | undefined {
  const texts = Object.prototype.hasOwnProperty.call(PATTERN_TEXTS, model.metadata.endpointPrefix) ? PATTERN_TEXTS[model.metadata.endpointPrefix]! : undefined;
  if (!texts) return undefined;
  for (const i of issues) {
    if (i.pattern !== undefined && Object.prototype.hasOwnProperty.call(texts, i.pattern)) return texts[i.pattern];
  }
  return undefined;
}
