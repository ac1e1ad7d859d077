/**
 * Cost Explorer's errors. ValidationException is not in the model (AWS answers it for any input it
 * refuses); its texts are AWS's where they are recorded (issue threads of the SDKs and of tools
 * calling the API), otherwise worded alike and marked "assumed" in README.md.
 */
import { AwsError } from '../../shared/aws-error.js';
import { DataUnavailableException, InvalidNextTokenException } from './api.generated.js';

export const validation = (message: string) => new AwsError({ code: 'ValidationException', message, httpStatus: 400, senderFault: true });

/** Recorded. */
export const startNotBeforeEnd = () => validation('Start date (and hour) should be before end date (and hour)');
/** Recorded (GetCostForecast). */
export const forecastStartNotBeforeEnd = (start: string, end: string) => validation(`Requested Start: ${start} must be before requested End: ${end}`);
/** Recorded. */
export const groupTypeInvalid = () => validation('Group Definition type is invalid.');
/** Recorded (AWS's typo kept). */
export const groupIncomplete = () => validation('Group Definition is invalid. Both type an key need to be set to a non-empty value.');
/** Recorded wording; the list is the dimensions Rampart meters. */
export const groupDimensionInvalid = (valid: readonly string[]) => validation(`Group Definition dimension is invalid. Valid values are ${valid.join(', ')}.`);
/** Assumed. */
export const tooManyGroups = () => validation('Group Definition has more than 2 elements. Only 2 group by definitions are allowed.');
/** Assumed. */
export const invalidDate = (value: string) => validation(`Invalid date format: ${value}. Expected format: yyyy-MM-dd`);
/** Assumed. */
export const invalidMetric = (name: string) => validation(`Metric ${name} is invalid. Valid values are AmortizedCost, BlendedCost, NetAmortizedCost, NetUnblendedCost, NormalizedUsageAmount, UnblendedCost, UsageQuantity.`);
/** Assumed. */
export const hourlyNotSupported = () => validation('Hourly granularity is only available for the past 14 days and requires opt-in, which this installation does not offer.');
/** Assumed. */
export const forecastStartInPast = () => validation('Start date must be equal to or later than the current date.');
/** Assumed. */
export const filterInvalid = (why: string) => validation(`Expression is invalid: ${why}`);
/** Recorded (the text AWS gives when there is too little history). */
export const noHistory = () => new DataUnavailableException('Insufficient amount of historical data to generate forecast.');
/** Rampart never hands out a page token, so any token is one it did not issue. */
export const invalidToken = () => new InvalidNextTokenException('Invalid page token');
