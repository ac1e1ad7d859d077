/**
 * STS GetAccessKeyInfo: the account an access key id belongs to. Keys Rampart stored (long-term keys,
 * temporary credentials) answer from storage; any other AKIA/ASIA id is decoded as AWS does (the
 * account is encoded in the id), so the answer does not reveal whether the key exists.
 */
import { accountOfAccessKeyId } from '../../../authz/key-ids.js';
import { GLOBAL, TABLES } from '../../../authz/identity-tables.js';
import { getSession } from '../../../authz/session-store.js';
import type { Handler } from '../../../protocol/service-definition.js';
import type { GetAccessKeyInfoRequest, GetAccessKeyInfoResponse } from '../api.generated.js';
import type { StsDeps } from '../deps.js';
import { validationError } from '../errors.js';

export function getAccessKeyInfo(deps: StsDeps): Handler<GetAccessKeyInfoRequest, GetAccessKeyInfoResponse> {
  return async (input) => {
    const id = input.AccessKeyId;
    const key = await deps.store.get(TABLES.accessKeys, GLOBAL, id);
    if (key) return { Account: (key.value as { accountId: string }).accountId };
    const session = id.startsWith('ASIA') ? await getSession(deps.store, id) : undefined;
    if (session) return { Account: session.accountId };
    const account = accountOfAccessKeyId(id);
    if (!account) throw validationError(`1 validation error detected: Value '${id}' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]*`);
    return { Account: account };
  };
}
