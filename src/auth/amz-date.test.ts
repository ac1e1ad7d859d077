import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockSkewMessage, formatAmzDate, formatIsoSeconds, MAX_CLOCK_SKEW_MS, parseAmzDate, parseHttpDate } from './amz-date.js';

test('parseAmzDate accepts only valid ISO 8601 basic UTC timestamps', () => {
  assert.equal(parseAmzDate('20130524T000000Z'), Date.UTC(2013, 4, 24));
  assert.equal(parseAmzDate('20240229T235959Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
  for (const bad of ['2013-05-24T00:00:00Z', '20130524T000000', '20130230T000000Z', '20131324T000000Z', '20130524T240000Z', '20130524t000000z', ' 20130524T000000Z', '201']) {
    assert.equal(parseAmzDate(bad), undefined, bad);
  }
});

test('parseHttpDate reads the IMF-fixdate and the -0000 form botocore writes', () => {
  assert.equal(parseHttpDate('Fri, 24 May 2013 00:00:00 GMT'), Date.UTC(2013, 4, 24));
  assert.equal(parseHttpDate('Mon, 15 Jan 2024 12:00:00 -0000'), Date.UTC(2024, 0, 15, 12));
  assert.equal(parseHttpDate('Mon, 15 Jan 2024 12:00:00 +0000'), Date.UTC(2024, 0, 15, 12));
  for (const bad of ['Fri, 24 May 2013 00:00:00 PST', 'Fri, 24 Foo 2013 00:00:00 GMT', '24 May 2013 00:00:00 GMT', 'Fri, 31 Feb 2013 00:00:00 GMT']) {
    assert.equal(parseHttpDate(bad), undefined, bad);
  }
});

test('formatting drops sub-second parts', () => {
  assert.equal(formatAmzDate(Date.UTC(2013, 4, 24, 1, 2, 3) + 999), '20130524T010203Z');
  assert.equal(formatIsoSeconds(Date.UTC(2013, 4, 24, 1, 2, 3) + 999), '2013-05-24T01:02:03Z');
});

test('clock skew: 15 minutes either way is fine, one second more gets the AWS texts', () => {
  const now = parseAmzDate('20160610T014508Z') as number;
  assert.equal(clockSkewMessage('x', now - MAX_CLOCK_SKEW_MS, now), undefined);
  assert.equal(clockSkewMessage('x', now + MAX_CLOCK_SKEW_MS, now), undefined);
  const old = parseAmzDate('20160609T184512Z') as number;
  assert.equal(
    clockSkewMessage('20160609T184512Z', old, now),
    'Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)',
  );
  const now2 = parseAmzDate('20210502T173640Z') as number;
  const future = parseAmzDate('20210502T183640Z') as number;
  assert.equal(
    clockSkewMessage('20210502T183640Z', future, now2),
    'Signature not yet current: 20210502T183640Z is still later than 20210502T175140Z (20210502T173640Z + 15 min.)',
  );
});
