// The peer of the S3 throughput benchmark: a bare node:http server that streams PUT bodies to files
// (fsync'd before the answer, as Rampart makes a body durable before acknowledging it) and GET
// bodies back from them. No authentication, no encryption, no metadata store.
import { createServer } from 'node:http';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'bare-objects-'));
const fileOf = (url) => join(dir, createHash('sha1').update(url).digest('hex'));
const server = createServer(async (req, res) => {
  try {
    const file = fileOf(req.url ?? '/');
    if (req.method === 'PUT') {
      const md5 = createHash('md5');
      req.on('data', (c) => md5.update(c));
      await pipeline(req, createWriteStream(file));
      const fh = await open(file, 'r+');
      await fh.sync();
      await fh.close();
      res.writeHead(200, { etag: `"${md5.digest('hex')}"`, 'content-length': 0 });
      res.end();
    } else if (req.method === 'GET') {
      const size = statSync(file).size;
      res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
      await pipeline(createReadStream(file), res);
    } else {
      res.writeHead(405).end();
    }
  } catch {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => { rmSync(dir, { recursive: true, force: true }); process.exit(0); }));
