import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent } from 'node:http';

type Callback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Host-prefixed operations (S3 WriteGetObjectResponse) reach `<route>.127.0.0.1`: the SDKs put
 * the label in front of the endpoint host even when it is an IP. Such names do not resolve (and
 * `*.localhost` does not either on this machine's resolver), so the clients get a lookup that maps
 * every `*.127.0.0.1` name to the loopback address and leaves the others to the system.
 */
export function loopbackLookup(hostname: string, options: { all?: boolean } | undefined, cb: Callback): void {
  if (!hostname.endsWith('.127.0.0.1')) {
    dnsLookup(hostname, { all: options?.all === true }, cb as never);
    return;
  }
  if (options?.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
}

/** A keep-alive agent using `loopbackLookup` (for the v3 clients' `requestHandler`). */
export function loopbackAgent(): Agent {
  return new Agent({ keepAlive: true, lookup: loopbackLookup as never });
}
