// The document against the wire: every operation of the service's OpenAPI document, sent valid and broken
// requests (lib/cases.mjs), every answer checked against what the document lists for it (lib/check.mjs).
// FEED_URL: the service; FEED_ADMIN: "name:password" of an admin. Exits 1 on any failure not allowed below.
import { Schemas } from './lib/schemas.mjs';
import { casesFor } from './lib/cases.mjs';
import { problemsOf } from './lib/check.mjs';
import { Context } from './lib/context.mjs';
import { allowed } from './allowed.mjs';

const url = (process.env.FEED_URL ?? 'http://127.0.0.1:5098').replace(/\/$/, '');
const parallel = Number(process.env.FEED_FUZZ_PARALLEL ?? 6);
// The second round sends every case again as someone else: anonymous reads signed in, the user's writes as another
// user (who may not edit or delete the user's items), admin operations as a user who is not one.
const rounds = Number(process.env.FEED_FUZZ_ROUNDS ?? 2);
const someoneElse = { none: 'user', user: 'other', admin: 'other' };
const started = Date.now();

/** One request; the answer's status, headers and text (a stream: its first chunk, then the connection is closed). */
async function request(method, path, { token, authorization, json, raw, type, query = {}, headers = {} }) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) search.append(k, Array.isArray(v) ? v.join(',') : String(v));
  const qs = search.toString().replaceAll('+', '%20');
  const h = { accept: 'application/json, application/problem+json, text/event-stream', ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (authorization !== undefined) h.authorization = authorization;
  let body;
  if (json !== undefined) [body, h['content-type']] = [JSON.stringify(json), type ?? 'application/json'];
  if (raw !== undefined) [body, h['content-type']] = [raw, type ?? 'application/json'];
  for (const [k, v] of Object.entries(h)) h[k] = Buffer.from(String(v), 'utf8').toString('latin1'); // bytes as UTF-8
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 15_000);
  try {
    const target = `${url}${path}${qs ? `?${qs}` : ''}`;
    const response = await fetch(target, { method, headers: h, body, redirect: 'manual', signal: abort.signal });
    let text;
    if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      const reader = response.body.getReader();
      const first = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r({ value: new Uint8Array() }), 2000))]);
      text = Buffer.from(first.value ?? []).toString('utf8');
      abort.abort();
    } else {
      text = await response.text();
    }
    let parsed;
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    return { status: response.status, headers: response.headers, text, json: parsed };
  } finally {
    clearTimeout(timer);
  }
}

function toRequest(c) {
  const query = {}, headers = {};
  let path = c.op.path;
  for (const p of c.op.parameters ?? []) {
    if (c.drop === p.name || !(p.name in c.params) || c.params[p.name] === undefined) continue;
    const value = Array.isArray(c.params[p.name]) ? c.params[p.name].join(',') : String(c.params[p.name]);
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value));
    if (p.in === 'query') query[p.name] = value;
    if (p.in === 'header') headers[p.name] = value;
  }
  const token = ['user', 'other', 'admin'].includes(c.auth) ? ctx.tokens[c.auth] : undefined;
  return [c.op.method.toUpperCase(), path, { token, authorization: c.auth === 'raw' ? c.authorization : undefined,
    json: c.body?.json, raw: c.body?.raw, type: c.body?.type, query, headers }];
}

const document = await (await fetch(`${url}/openapi/v1.json`)).json();
const schemas = new Schemas(document);
const ctx = new Context(url, request);
await ctx.setUp(process.env.FEED_ADMIN ?? 'fuzz-admin:fuzz admin password');

const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item)
  .filter(([method]) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
  .map(([method, op]) => ({ ...op, path, method, parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])] })));

const statuses = new Map(), failures = new Map(), allowedFailures = new Map();
let requests = 0;
const note = (map, key, name, example) => {
  const entry = map.get(key) ?? { names: [], example };
  entry.names.push(name);
  map.set(key, entry);
};

async function run(c) {
  const [method, path, options] = toRequest(c);
  let answer;
  try {
    answer = await request(method, path, options);
  } catch (e) {
    answer = { status: 0, headers: new Headers(), text: String(e.cause?.code ?? e.message) };
  }
  requests++;
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  if (c.op.operationId === 'StartSeedJob' && answer.status === 202) ctx.ids.seedJob = answer.json?.id;
  const problems = answer.status === 0 ? [{ kind: 'no answer', detail: answer.text }] : problemsOf(c, answer, schemas);
  for (const problem of problems) {
    const key = `${c.op.operationId}: ${problem.kind} (${answer.status})`;
    const example = `${method} ${path.slice(0, 100)} → ${problem.detail.slice(0, 200)} ${answer.text.slice(0, 160).replaceAll('\n', ' ')}`;
    const reason = allowed(c, problem);
    reason ? note(allowedFailures, `${key} [${reason}]`, c.name, example) : note(failures, key, c.name, example);
  }
}

async function pool(cases) {
  const queue = [...cases];
  await Promise.all(Array.from({ length: parallel }, async () => { while (queue.length) await run(queue.shift()); }));
}

// Seed jobs last but one (a job holds SQLite's writer for a moment), deletes of items last of all.
const order = (op) => (op.path.startsWith('/admin') ? 1 : 0) + (op.method === 'delete' && op.path === '/feed/{id}' ? 2 : 0);
for (const op of operations.sort((a, b) => order(a) - order(b))) {
  await ctx.harvestListing(op);
  const cases = casesFor(op, schemas, ctx);
  const valid = cases.filter((c) => c.name.startsWith('valid'));
  const broken = cases.filter((c) => !c.name.startsWith('valid'));
  if (op.method === 'delete') {
    await pool(broken);
    for (const c of valid) await run(c); // in order, after the broken ones: the item is gone after the first
  } else {
    for (const c of valid) await run(c);
    await pool(broken);
  }
  if (rounds > 1) await pool(cases.filter((c) => c.auth !== 'raw').map((c) => ({ ...c, auth: someoneElse[c.auth] })));
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${requests} requests to ${operations.length} operations in ${seconds} s`);
console.log(`statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
const print = (title, map) => {
  if (map.size === 0) return;
  console.log(`${title} (${[...map.values()].reduce((n, f) => n + f.names.length, 0)}):`);
  for (const [key, { names, example }] of [...map].sort()) {
    console.log(`  ${names.length}× ${key}: ${names.slice(0, 6).join('; ')}${names.length > 6 ? ' …' : ''}\n      e.g. ${example}`);
  }
};
print('allowed for now', allowedFailures);
print('FAILURES', failures);
console.log(failures.size === 0 ? 'fuzz: ok' : `fuzz: ${[...failures.values()].reduce((n, f) => n + f.names.length, 0)} failures`);
process.exit(failures.size === 0 ? 0 : 1);
