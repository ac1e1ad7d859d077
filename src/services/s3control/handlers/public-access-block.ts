/** The account's Block Public Access: Put/Get/DeletePublicAccessBlock (the S3 Control API). */
import type { Handler } from '../../../protocol/service-definition.js';
import type { Store } from '../../../storage/types.js';
import type { Input, OperationName, Output } from '../api.generated.js';
import { noSuchConfiguration } from '../errors.js';
import { accountScope, CONFIGURATION, publicAccessBlocks } from '../store.js';

type Ops = 'PutPublicAccessBlock' | 'GetPublicAccessBlock' | 'DeletePublicAccessBlock';
type OpHandlers<K extends OperationName> = { readonly [Op in K]: Handler<Input<Op>, Output<Op>> };

// INVARIANT: authorization (authz.ts) has checked that AccountId is the caller's account.
export function publicAccessBlockHandlers(store: Store): OpHandlers<Ops> {
  return {
    async PutPublicAccessBlock(input) {
      const c = input.PublicAccessBlockConfiguration;
      await publicAccessBlocks.put(store, accountScope(input.AccountId), CONFIGURATION, {
        BlockPublicAcls: c.BlockPublicAcls === true,
        IgnorePublicAcls: c.IgnorePublicAcls === true,
        BlockPublicPolicy: c.BlockPublicPolicy === true,
        RestrictPublicBuckets: c.RestrictPublicBuckets === true,
      });
      return undefined;
    },
    async GetPublicAccessBlock(input) {
      const c = await publicAccessBlocks.get(store, accountScope(input.AccountId), CONFIGURATION);
      if (!c) throw noSuchConfiguration();
      return { PublicAccessBlockConfiguration: { ...c } };
    },
    async DeletePublicAccessBlock(input) {
      // Deleting when there is none succeeds (200), as S3's bucket-level DeletePublicAccessBlock does.
      await publicAccessBlocks.delete(store, accountScope(input.AccountId), CONFIGURATION);
      return undefined;
    },
  };
}
