import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Options shared by every command that opens the data store. */
export const STORE_OPTIONS = {
  'data-dir': { type: 'string', default: './.rampart' },
  storage: { type: 'string', default: 'sqlite' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** parseArgs with strict checking; unknown options are an error with the usage text. */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  }
}

/**
 * `--tls-cert FILE --tls-key FILE` (PEM, both or neither), which serve the HTTPS listener named by
 * `listenerFlag` (given or not): undefined when neither is given.
 */
export function tlsFiles(cert: string | undefined, key: string | undefined, listenerFlag: string, listenerGiven: boolean): { cert: string; key: string } | undefined {
  if ((cert === undefined) !== (key === undefined)) throw new Error('--tls-cert and --tls-key go together');
  if (cert === undefined || key === undefined) return undefined;
  if (!listenerGiven) throw new Error(`--tls-cert needs ${listenerFlag}`);
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}
