import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Runs `rampart <args>` to completion (from source, through tsx). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env, timeout: 60_000 });
}

export interface StartedCli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** Everything the process printed to stdout so far. */
  stdout(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `rampart start ...` (from source, through tsx) and resolves once it prints its listening URL. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<StartedCli> {
  return spawnListening(['--import', 'tsx', MAIN, 'start', ...args], env);
}

/**
 * Spawns `node <argv>` (a Rampart server, built or from source, or a peer server) and resolves once
 * it prints `listening on <url>`; rejects if it exits or stays silent for `timeoutMs`.
 */
export function spawnListening(argv: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): Promise<StartedCli> {
  const child = spawn(process.execPath, argv, { env });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not come up: ${out}\n${err}`)), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          url: m[1]!,
          stdout: () => out,
          stop: async (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}\n${err}`));
    });
  });
}
