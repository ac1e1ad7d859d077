import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnListening, type StartedCli } from '../../test/helpers/spawn-cli.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RAMPART_BIN = `${ROOT}dist/src/cli/main.js`;

/** A running server process (the same helper the end-to-end tests use). */
export type Started = StartedCli;

/** Spawns `node <args>` and resolves when it prints `listening on <url>`. */
export const spawnServer = spawnListening;

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Prints one result line: figure, peer figure, ratio, goal, verdict (PASS/FAIL, or a word for a reference figure). */
export function report(name: string, value: number, unit: string, peerName: string, peer: number, goal: string, pass: boolean | string): void {
  const ratio = value / peer;
  const verdict = typeof pass === 'string' ? pass : pass ? 'PASS' : 'FAIL';
  console.log(`${name}: ${value.toFixed(1)} ${unit} | ${peerName}: ${peer.toFixed(1)} ${unit} | ratio ${ratio.toFixed(2)} | goal ${goal} | ${verdict}`);
}
