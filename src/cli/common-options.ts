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
