// The peer for gateway benchmarks: a bare node:http server returning a fixed GetCallerIdentity answer.
// SPIN_US=n makes it busy-wait n microseconds per request first (the control experiment that
// measures how much per-request CPU a throughput ratio leaves).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const account = process.argv[2] ?? '123456789012';
const spinNs = BigInt(Math.round(Number(process.env.SPIN_US ?? 0) * 1000));
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (spinNs > 0n) for (const t0 = process.hrtime.bigint(); process.hrtime.bigint() - t0 < spinNs; );
    const id = randomUUID();
    const body = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><UserId>${account}</UserId><Account>${account}</Account><Arn>arn:aws:iam::${account}:root</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': id, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
