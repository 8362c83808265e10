// Benchmark helper (not a test): the floor of the token benchmark on this machine. A bare node:http
// server that reads the request body, signs one ES256 signature over a JWT-sized input in Node's
// thread pool (as ours does), and answers with the headers and body size of our token response,
// doing nothing else: no parsing, no client authentication, no store. No OAuth server over node:http
// can answer faster under the same load generator; the benchmark prints it so the ratios can be read
// against what the machine allows. PORT and BENCH_RESPONSE_BYTES (the body length) come from the benchmark.
import { createServer } from 'node:http';
import { generateKeyPairSync, sign } from 'node:crypto';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const bodyBytes = Number(process.env.BENCH_RESPONSE_BYTES ?? 640);
const headerTemplate = JSON.parse(process.env.BENCH_RESPONSE_HEADERS ?? '{}');
const signingInput = Buffer.alloc(Math.round((bodyBytes * 3) / 4), 'a');

createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    sign('sha256', signingInput, privateKey, (error, signature) => {
      if (error) return void res.writeHead(500).end();
      const tail = signature.toString('base64url');
      const body = Buffer.from(`{"access_token":"${'e'.repeat(Math.max(0, bodyBytes - tail.length - 20))}${tail}"}`);
      res.writeHead(200, { ...headerTemplate, 'content-length': body.length });
      res.end(body);
    });
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`floor server listening on ${process.env.PORT}`));
