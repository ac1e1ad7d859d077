import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RAMPART_BIN = `${ROOT}dist/src/cli/main.js`;

export interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  stop(): Promise<void>;
}

/** Spawns a server process and resolves when it prints `listening on <url>`. */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          url: m[1]!,
          stdout: () => out,
          stop: () => new Promise((r) => {
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Prints one result line: figure, peer figure, ratio, goal, verdict. */
export function report(name: string, value: number, unit: string, peerName: string, peer: number, goal: string, pass: boolean): void {
  const ratio = value / peer;
  console.log(`${name}: ${value.toFixed(1)} ${unit} | ${peerName}: ${peer.toFixed(1)} ${unit} | ratio ${ratio.toFixed(2)} | goal ${goal} | ${pass ? 'PASS' : 'FAIL'}`);
}
