import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

/** cli-progress is loaded only when a bar is drawn (a terminal): plain lines need none of it. */
const loadCliProgress = (): typeof CliProgress => createRequire(import.meta.url)('cli-progress') as typeof CliProgress;

/** Progress of a long operator task: a bar on a terminal, plain lines otherwise (logs, CI). */
export interface Progress {
  /** A one-off status line (e.g. "verified 2500 items"). */
  note(message: string): void;
  update(done: number, total?: number): void;
  finish(done: number): void;
}

/**
 * `label` names the task ("backup", "restore"); `total` may be unknown (0) until later. Off a
 * terminal, prints `<label>: <done>[/<total>] items, <rate> items/s` at most every `intervalMs`
 * (the first update always), and `<label>: done, <n> items in <s> s (<rate> items/s)` at the end.
 */
export function createProgress(label: string, total = 0, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, intervalMs = 1000): Progress {
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  const doneLine = (done: number) => `${label}: done, ${done} items in ${((Date.now() - started) / 1000).toFixed(2)} s (${rate(done)} items/s)\n`;
  if (stream.isTTY) {
    let bar: CliProgress.SingleBar | undefined;
    const ensureBar = (t: number) => {
      if (!bar) {
        const cliProgress = loadCliProgress();
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {value}/{total} items | {rate} items/s | {duration_formatted}`, stream, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(t, 1), 0, { rate: 0 });
      }
      return bar;
    };
    return {
      note: (message) => void stream.write(`${label}: ${message}\n`),
      update(done, t) {
        if (t) total = t;
        const b = ensureBar(total);
        if (t) b.setTotal(Math.max(t, 1));
        else if (done > b.getTotal()) b.setTotal(done);
        b.update(done, { rate: rate(done) });
      },
      finish(done) {
        const b = ensureBar(done);
        b.setTotal(Math.max(done, 1));
        b.update(done, { rate: rate(done) });
        b.stop();
      },
    };
  }
  let lastLine = -Infinity;
  return {
    note: (message) => void stream.write(`${label}: ${message}\n`),
    update(done, t) {
      if (t) total = t;
      if (Date.now() - lastLine < intervalMs) return;
      lastLine = Date.now();
      stream.write(`${label}: ${done}${total ? `/${total}` : ''} items, ${rate(done)} items/s\n`);
    },
    finish: (done) => void stream.write(doneLine(done)),
  };
}
