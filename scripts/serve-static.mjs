// Serves a folder the way any static host does, with no route of the lab's own (the static site's
// browser tests use it): `node scripts/serve-static.mjs <folder>`, on PORT (default 4330) and HOST,
// below BASE_PATH when set (e.g. `/oauth-lab/`: the folder is published at that sub-path, and
// nothing is served outside it).
import { createServer } from 'node:http';
import sirv from 'sirv';

const folder = process.argv[2] ?? 'dist/static';
const port = Number(process.env.PORT ?? 4330);
const base = `/${(process.env.BASE_PATH ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
const files = sirv(folder, { etag: true });

const notFound = (res) => {
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('Not found');
};

createServer((req, res) => {
  if (!req.url?.startsWith(base)) return notFound(res);
  req.url = req.url.slice(base.length - 1);
  files(req, res, () => notFound(res));
}).listen(port, process.env.HOST, () => console.log(`Static files of ${folder} on http://localhost:${port}${base}`));
