/**
 * Request timestamps: the ISO 8601 basic format of X-Amz-Date (`20130524T000000Z`), the HTTP Date
 * header fallback, and the 15-minute clock-skew window with the texts AWS answers outside of it.
 */

/** AWS rejects requests whose time is more than this far from its own clock (either direction). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Longest validity of a presigned URL, in seconds (7 days). */
export const MAX_PRESIGN_EXPIRES_SECONDS = 604800;

const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** RFC 7231 IMF-fixdate (`GMT`) and the RFC 2822 form botocore's formatdate() writes (`-0000`). */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC|[+-]0000)$/;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

/** Epoch ms of an ISO 8601 basic timestamp, or undefined when the text is not one. */
export function parseAmzDate(text: string): number | undefined {
  const m = BASIC.exec(text);
  if (!m) return undefined;
  // Six Number() calls rather than slice().map(): this runs for every signed request.
  return utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** Epoch ms of an HTTP Date header (GMT only), or undefined. */
export function parseHttpDate(text: string): number | undefined {
  const m = HTTP_DATE.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] as string) + 1;
  if (month === 0) return undefined;
  return utc(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** `20130524T000000Z` (sub-second part dropped). */
export function formatAmzDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `2013-05-24T00:00:00Z` (sub-second part dropped), as S3 writes ServerTime. */
export function formatIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The AWS message for a request time outside the window, or undefined inside it. Texts as AWS writes
 * them (seen in botocore/aws-cli issue reports and in scratchstack-aws-signature):
 * `Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)`
 * `Signature not yet current: 20210502T183640Z is still later than 20210502T175140Z (20210502T173640Z + 15 min.)`
 */
export function clockSkewMessage(requestTime: string, signedAt: number, now: number): string | undefined {
  if (now - signedAt > MAX_CLOCK_SKEW_MS) {
    return `Signature expired: ${requestTime} is now earlier than ${formatAmzDate(now - MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`;
  }
  if (signedAt - now > MAX_CLOCK_SKEW_MS) {
    return `Signature not yet current: ${requestTime} is still later than ${formatAmzDate(now + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`;
  }
  return undefined;
}
