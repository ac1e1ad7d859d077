/**
 * The `aws-waf-token` cookie of CAPTCHA and Challenge: when the client last solved a CAPTCHA and a
 * challenge (seconds), signed with HMAC-SHA256 under the proxy's token key. A CAPTCHA solve also
 * counts as a challenge solve (AWS updates both timestamps). Verified in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenTimes {
  readonly captchaAt: number;
  readonly challengeAt: number;
}

export const TOKEN_COOKIE = 'aws-waf-token';

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

export function issueToken(key: Buffer, t: TokenTimes): string {
  const body = `v1.${t.captchaAt}.${t.challengeAt}`;
  return `${body}.${mac(key, body)}`;
}

export function readToken(key: Buffer, token: string | undefined): TokenTimes | undefined {
  if (!token || token.length > 200) return undefined;
  const m = /^(v1\.(\d{1,12})\.(\d{1,12}))\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const want = Buffer.from(mac(key, m[1]!));
  const got = Buffer.from(m[4]!);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  return { captchaAt: Number(m[2]), challengeAt: Number(m[3]) };
}
