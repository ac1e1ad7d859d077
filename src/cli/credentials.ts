import { readBootstrap, rootCredentialsOf } from '../authz/bootstrap-account.js';
import { storageOptions } from '../gateway/storage-config.js';
import { openStore } from '../storage/open-store.js';
import { parseOptions, STORE_OPTIONS } from './common-options.js';
import { credentialsBlock } from './print-credentials.js';

const USAGE = `Usage: rampart credentials [--account ID] [--data-dir DIR] [--storage sqlite|postgres://...] [--endpoint URL]

Prints the default account's root credentials (or, with --account, those of another account of
the store, such as a member account made by Organizations' CreateAccount: a Rampart extension,
AWS has no such call) to the local operator (who can read the data dir or, for PostgreSQL, holds
RAMPART_MASTER_KEY).`;

/** `rampart credentials`: prints the stored root credentials again. */
export async function runCredentials(args: string[]): Promise<number> {
  const o = parseOptions(args, { ...STORE_OPTIONS, endpoint: { type: 'string', default: 'http://127.0.0.1:4566' }, account: { type: 'string' } }, USAGE);
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const store = await openStore(storageOptions(o.storage, o['data-dir'], process.env, { mustExist: true }));
  try {
    if (o.account !== undefined) {
      const member = await rootCredentialsOf(store, o.account);
      if (!member) {
        console.error(`No account ${o.account} with an active root access key in this data store.`);
        return 1;
      }
      console.log(credentialsBlock(member, o.endpoint));
      return 0;
    }
    const creds = await readBootstrap(store);
    if (!creds) {
      console.error(`No account yet in this data store: run 'rampart start' first.`);
      return 1;
    }
    console.log(credentialsBlock(creds, o.endpoint));
    return 0;
  } finally {
    await store.close();
  }
}
