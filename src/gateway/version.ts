import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Rampart's version, from package.json (read once). */
export const VERSION: string = (() => {
  const rel = import.meta.url.includes('/dist/') ? '../../../package.json' : '../../package.json';
  return (JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8')) as { version: string }).version;
})();
