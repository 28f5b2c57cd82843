// The server's customer search latency: sequential GET /api/v1/customers
// requests on one keep-alive connection, cycling through the queries, after
// one warm-up pass. Bounded by a request count and a time limit.
//
//   node bench/search_latency.mjs BASE_URL QUERIES.json [REQUESTS] [SECONDS] [OUT.json]
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { median, percentile } from './common.mjs';

const [base, queriesPath, requestsArg, secondsArg, outPath] = process.argv.slice(2);
if (!base || !queriesPath) {
  console.error('usage: node bench/search_latency.mjs BASE_URL QUERIES.json [REQUESTS] [SECONDS]');
  process.exit(2);
}
const requests = Number(requestsArg ?? 1000);
const seconds = Number(secondsArg ?? 30);
const queries = JSON.parse(readFileSync(queriesPath, 'utf8')).api;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(path) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(new URL(path, base), { agent, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`${path}: HTTP ${res.statusCode} ${body}`));
        else resolve({ ms, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${path}: timed out`)));
    req.on('error', reject);
  });
}

const path = (q) => `/api/v1/customers?q=${encodeURIComponent(q)}&limit=20`;

const hits = {};
for (const q of queries) {
  const { body } = await get(path(q));
  const json = JSON.parse(body);
  const list = Array.isArray(json) ? json : (json.results ?? json.customers ?? json.items ?? []);
  hits[q] = list.length;
}

const times = [];
const perQuery = Object.fromEntries(queries.map((q) => [q, []]));
const deadline = Date.now() + seconds * 1000;
for (let i = 0; i < requests && Date.now() < deadline; i++) {
  const q = queries[i % queries.length];
  const { ms } = await get(path(q));
  times.push(ms);
  perQuery[q].push(ms);
}
agent.destroy();
times.sort((a, b) => a - b);
const out = {
  requests: times.length,
  queries: queries.length,
  results_per_query: hits,
  p50_ms: percentile(times, 50),
  p90_ms: percentile(times, 90),
  p99_ms: percentile(times, 99),
  max_ms: times[times.length - 1],
  mean_ms: times.reduce((a, b) => a + b, 0) / times.length,
  per_query_median_ms: Object.fromEntries(
    Object.entries(perQuery).map(([q, xs]) => [q, Math.round(median(xs) * 1000) / 1000]),
  ),
};
const text = JSON.stringify(out, null, 2) + '\n';
if (outPath) writeFileSync(outPath, text);
else process.stdout.write(text);
