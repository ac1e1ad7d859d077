/**
 * Child process of crash-durability.test.ts: opens a store and writes until killed, printing one
 * line per ACKNOWLEDGED write (after its promise resolved): `P <loop> <i>` for a plain put of
 * `p/<loop>/<i>`, `T <loop> <i>` for a transaction that wrote `tx/<loop>/<i>/{a,b,c}`.
 * Usage: crash-writer.ts sqlite <dataDir> | crash-writer.ts postgres <url> <schema> <masterKey>
 */
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';

const [kind, a, b, c] = process.argv.slice(2);
const store: Store =
  kind === 'sqlite'
    ? await openStore({ kind: 'sqlite', dataDir: a! })
    : await openStore({ kind: 'postgres', url: a!, schema: b!, masterKey: c! });
const G = { kind: 'global' } as const;

/** Prints the ack, then yields to the event loop (SQLite ops resolve without ever reaching it). */
async function ack(line: string): Promise<void> {
  process.stdout.write(line + '\n');
  await new Promise((resolve) => setImmediate(resolve));
}

async function loop(id: number): Promise<void> {
  for (let i = 0; ; i++) {
    if (i % 3 === 2) {
      await store.transaction(async (tx) => {
        for (const part of ['a', 'b', 'c']) await tx.put('crash', G, `tx/${id}/${i}/${part}`, { id, i, part });
      });
      await ack(`T ${id} ${i}`);
    } else {
      await store.put('crash', G, `p/${id}/${i}`, { id, i, pad: 'x'.repeat(200) });
      await ack(`P ${id} ${i}`);
    }
  }
}

await ack('READY');
await Promise.all([0, 1, 2, 3].map(loop));
