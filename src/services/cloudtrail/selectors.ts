/** Event selectors (basic and advanced) as CloudTrail accepts them. (messages unconfirmed) */
import { InvalidEventSelectorsException, InvalidParameterCombinationException, type AdvancedEventSelector, type EventSelector } from './api.generated.js';

const MAX_BASIC = 5;
const MAX_DATA_VALUES = 250;
const MAX_ADVANCED_VALUES = 500;
const DATA_TYPES = new Set(['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table']);
const FIELDS = new Set(['eventCategory', 'eventSource', 'eventName', 'eventType', 'readOnly', 'resources.type', 'resources.ARN', 'errorCode', 'userIdentity.arn', 'sessionCredentialFromConsole', 'vpcEndpointId']);

/** The default: every management event, read and write. */
export const DEFAULT_SELECTORS: readonly EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

/** The selectors to store: basic ones with their defaults filled, or advanced ones; never both. */
export function checkSelectors(basic: readonly EventSelector[] | undefined, advanced: readonly AdvancedEventSelector[] | undefined): { eventSelectors?: EventSelector[]; advancedEventSelectors?: AdvancedEventSelector[] } {
  if ((basic === undefined) === (advanced === undefined)) throw new InvalidParameterCombinationException('Specify either EventSelectors or AdvancedEventSelectors, but not both.');
  if (basic) {
    if (basic.length === 0 || basic.length > MAX_BASIC) throw new InvalidEventSelectorsException(`A trail can have 1 to ${MAX_BASIC} event selectors.`);
    let values = 0;
    const out = basic.map((s) => {
      for (const d of s.DataResources ?? []) {
        if (!d.Type || !DATA_TYPES.has(d.Type)) throw new InvalidEventSelectorsException(`Value ${d.Type ?? ''} for parameter DataResources.Type is invalid.`);
        for (const v of d.Values ?? []) {
          values++;
          if (d.Type === 'AWS::S3::Object' && v !== 'arn:aws:s3' && !v.startsWith('arn:aws:s3:::')) throw new InvalidEventSelectorsException(`Value ${v} for parameter DataResources.Values is invalid.`);
        }
      }
      return { ReadWriteType: s.ReadWriteType ?? 'All', IncludeManagementEvents: s.IncludeManagementEvents ?? true, DataResources: s.DataResources ?? [], ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [] };
    });
    if (values > MAX_DATA_VALUES) throw new InvalidEventSelectorsException(`A trail can have at most ${MAX_DATA_VALUES} data resource values.`);
    return { eventSelectors: out };
  }
  const adv = advanced!;
  if (adv.length === 0) throw new InvalidEventSelectorsException('At least one advanced event selector is required.');
  let values = 0;
  for (const s of adv) {
    if (!s.FieldSelectors.some((f) => f.Field === 'eventCategory' && (f.Equals?.length ?? 0) > 0)) throw new InvalidEventSelectorsException('Each advanced event selector must have an eventCategory field selector with Equals.');
    for (const f of s.FieldSelectors) {
      if (!FIELDS.has(f.Field)) throw new InvalidEventSelectorsException(`Field ${f.Field} is not valid.`);
      const n = [f.Equals, f.StartsWith, f.EndsWith, f.NotEquals, f.NotStartsWith, f.NotEndsWith].reduce((a, l) => a + (l?.length ?? 0), 0);
      if (n === 0) throw new InvalidEventSelectorsException(`Field ${f.Field} has no operator.`);
      values += n;
    }
  }
  if (values > MAX_ADVANCED_VALUES) throw new InvalidEventSelectorsException(`Advanced event selectors can have at most ${MAX_ADVANCED_VALUES} values in all.`);
  return { advancedEventSelectors: [...adv] };
}
