import cliProgress from 'cli-progress';

/** Progress of a long operator task: a bar on a terminal, plain lines otherwise (logs, CI). */
export interface Progress {
  update(done: number, total?: number): void;
  finish(done: number): void;
}

/** `label` names the task ("backup", "restore"); `total` may be unknown (0) until later. */
export function createProgress(label: string, total = 0, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} items | {rate} items/s | {duration_formatted}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { rate: 0 });
    return {
      update(done, t) {
        if (t !== undefined) bar.setTotal(Math.max(t, 1));
        bar.update(done, { rate: rate(done) });
      },
      finish(done) {
        bar.setTotal(Math.max(done, 1));
        bar.update(done, { rate: rate(done) });
        bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    update(done, t) {
      if (Date.now() - lastLine < 1000) return;
      lastLine = Date.now();
      stream.write(`${label}: ${done}${t ? `/${t}` : ''} items, ${rate(done)} items/s\n`);
    },
    finish(done) {
      stream.write(`${label}: done, ${done} items in ${((Date.now() - started) / 1000).toFixed(2)} s (${rate(done)} items/s)\n`);
    },
  };
}
