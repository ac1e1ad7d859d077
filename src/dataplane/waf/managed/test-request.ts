/** Builds InspectedRequests for the managed rule group tests. */
import type { InspectedRequest } from '../inspected-request.js';
import { RequestMemo } from '../request-memo.js';

export function inspected(over: Partial<InspectedRequest> & { bodyText?: string } = {}): InspectedRequest {
  const { bodyText, ...rest } = over;
  return {
    method: 'GET',
    path: '/',
    query: '',
    headers: [['Host', 'shop.example.com'], ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64)']],
    body: Buffer.from(bodyText ?? ''),
    bodyOversize: false,
    clientIp: '203.0.113.7',
    httpVersion: 'HTTP/1.1',
    ...rest,
  };
}

/** Names of the rules of `group` that match. */
export function matching(group: { rules: readonly { name: string; matches: (r: InspectedRequest, m: RequestMemo) => boolean }[] }, req: InspectedRequest): string[] {
  const memo = new RequestMemo();
  return group.rules.filter((r) => r.matches(req, memo)).map((r) => r.name);
}
