// One abusive agent against everyone else: agents working at a human pace
// (each asks for a conversation ten times a second, one request at a time)
// measured alone, then while one more agent floods the same server with
// wrk. Prints and writes their latency both times, how many of the
// abuser's requests were refused 429, and how many of theirs were (the
// goal is none). The server must run with `--auth tokens` and a rate
// limit.
//
//   node bench/abuse.mjs URL VICTIM_TOKENS ABUSER_TOKEN SECONDS OUT.json
//
// VICTIM_TOKENS is comma-separated; wrk must be on PATH.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { percentile } from './common.mjs';

const [url, victimList, abuserToken, secondsText, out] = process.argv.slice(2);
const victims = victimList.split(',');
const seconds = Number(secondsText);
const path = '/api/v1/conversations/1';
const PACE_MS = 100;

/** Every victim at its pace for `seconds`: latencies and statuses. */
async function victimsFor(seconds) {
  const until = performance.now() + seconds * 1000;
  const latencies = [];
  const statuses = {};
  await Promise.all(
    victims.map(async (token) => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        const took = performance.now() - started;
        latencies.push(took);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        await new Promise((done) => setTimeout(done, Math.max(0, PACE_MS - took)));
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies.at(-1) ?? null,
    refused_429: statuses[429] ?? 0,
    not_ok: latencies.length - (statuses[200] ?? 0),
  };
}

/** wrk flooding as the abuser, for `seconds`; resolves with its summary. */
function flood(seconds) {
  const wrk = spawn(
    'wrk',
    ['-t1', '-c16', `-d${seconds}s`, '-s', 'bench/wrk-report.lua',
      '-H', `Authorization: Bearer ${abuserToken}`, url + path],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let text = '';
  wrk.stdout.on('data', (chunk) => (text += chunk));
  return new Promise((resolve, reject) => {
    wrk.on('error', reject);
    wrk.on('close', () => {
      const line = text.split('\n').find((l) => l.startsWith('BENCH-JSON '));
      if (!line) reject(new Error(`wrk printed no summary:\n${text}`));
      else resolve(JSON.parse(line.slice('BENCH-JSON '.length)));
    });
  });
}

await victimsFor(1); // warm-up
const alone = await victimsFor(seconds);
// The flood runs a second longer on each side, so the victims are
// measured only while it is on.
const flooding = flood(seconds + 2);
await new Promise((done) => setTimeout(done, 1000));
const abused = await victimsFor(seconds);
const flooded = await flooding;
const abuser = {
  requests: flooded.requests,
  requests_per_s: flooded.requests_per_s,
  refused_429: flooded.non_2xx,
};

const result = { victims: victims.length, pace_ms: PACE_MS, seconds, alone, abused, abuser };
writeFileSync(out, JSON.stringify(result, null, 2));
const ms = (x) => (x == null ? '—' : `${x.toFixed(1)} ms`);
console.log(
  `${victims.length} agents at 10 requests/s: p99 ${ms(alone.p99_ms)} alone, ` +
    `${ms(abused.p99_ms)} while one agent floods (${abuser.requests} requests, ` +
    `${abuser.refused_429} refused 429); the others' refusals: ${abused.refused_429}`,
);
