// The requests sent to one operation: valid ones (its required parameters, then each optional one, from the
// values the fuzzer harvested or the document's examples) and broken ones (each parameter, header and body
// field replaced by values that are wrong, each required one left out, bad bearers, bodies that are not JSON).
// A case marked `invalid` breaks the document's own schema: answering it with a 2xx is a failure.
import { randomUUID } from 'node:crypto';

const cursorParameters = new Set(['before', 'after', 'since', 'Last-Event-ID']);
const anyValueGoes = new Set(['If-None-Match', 'If-Match']); // a tag that matches nothing is a fine request

export function casesFor(op, schemas, ctx) {
  const cases = [];
  const parameters = (op.parameters ?? []).map((p) => schemas.resolve(p));
  const admin = op.path.startsWith('/admin');
  const secured = (op.security ?? []).length > 0 && !(op.security ?? []).some((r) => Object.keys(r).length === 0);
  const auth = admin ? 'admin' : secured || op.method !== 'get' ? 'user' : 'none';
  const body = requestBody(op, schemas);
  const base = (name, changes = {}) => ({
    name,
    op,
    auth,
    params: Object.fromEntries(parameters.filter((p) => p.required).map((p) => [p.name, ctx.valueOf(op, p)])),
    body: body && { type: body.type, json: ctx.bodyOf(op, body.value) },
    invalid: false,
    ...changes,
  });
  const withParam = (c, name, value) => ({ ...c, params: { ...c.params, [name]: value } });

  cases.push(base('valid'));
  if (auth === 'none') cases.push(base('valid, signed in', { auth: 'user' }));
  for (const p of parameters.filter((p) => !p.required)) {
    const value = ctx.valueOf(op, p);
    if (value !== undefined) cases.push(withParam(base(`valid with ${p.name}`), p.name, value));
  }

  for (const [name, header] of [
    ['empty bearer', 'Bearer '],
    ['bearer word only', 'Bearer'],
    ['malformed bearer', 'Bearer not.a.token'],
    ['tampered bearer', () => `Bearer ${ctx.tokens.user.slice(0, -4)}AAAA`],
    ['another scheme', 'Basic Zm9vOmJhcg=='],
  ]) {
    cases.push(base(name, { auth: 'raw', authorization: header }));
  }
  if (auth !== 'none') cases.push(base('no token', { auth: 'none' }));
  if (admin) cases.push(base('not an admin', { auth: 'user' }));

  for (const p of parameters) {
    if (p.required && p.in !== 'path') cases.push({ ...base(`without required ${p.name}`), invalid: true, drop: p.name });
    for (const broken of schemas.brokenText(p.schema ?? {})) {
      if (p.in === 'path' && broken.value === '') continue; // another route, not this operation
      if (p.in === 'header' && /[\u0000-\u001f]/.test(broken.value)) continue; // no client can send it
      // A cursor the service did not issue is refused; an empty one is left to the schema (empty `Last-Event-ID` is none).
      const invalid = anyValueGoes.has(p.name) ? false : broken.invalid || (cursorParameters.has(p.name) && broken.value !== '');
      cases.push({ ...withParam(base(`${p.name}: ${broken.name}`), p.name, broken.value), invalid });
    }
  }
  for (const other of ctx.foreignCursors(op)) {
    cases.push({ ...withParam(base(`${other.name}: a cursor of ${other.of}`), other.name, other.value), invalid: true });
  }

  if (body) cases.push(...bodyCases(body, base, schemas, ctx));
  return cases.map((c) => ({ ...c, authorization: typeof c.authorization === 'function' ? c.authorization() : c.authorization }));
}

function requestBody(op, schemas) {
  const content = schemas.resolve(op.requestBody ?? {}).content;
  if (!content) return null;
  const type = Object.keys(content)[0];
  return { type, schema: content[type].schema, value: schemas.valid(content[type].schema), required: op.requestBody.required };
}

function bodyCases(body, base, schemas) {
  const safe = base('').body.json; // the valid body as the fuzzer sends it (never the example's destructive options)
  const cases = [];
  const schema = schemas.resolve(body.schema);
  const json = (c) => c.body.json;
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    for (const broken of schemas.brokenJson(fieldSchema)) {
      const c = base(`body.${field}: ${broken.name}`);
      c.body = { ...c.body, json: { ...json(c), [field]: broken.value } };
      c.invalid = broken.invalid;
      cases.push(c);
    }
  }
  for (const field of schema.required ?? []) {
    const c = base(`body without required ${field}`);
    const { [field]: _, ...rest } = json(c);
    c.body = { ...c.body, json: rest };
    c.invalid = true;
    cases.push(c);
  }
  const raw = (name, text, type, invalid) => {
    const c = base(name);
    c.body = { type: type ?? c.body.type, raw: text };
    c.invalid = invalid;
    cases.push(c);
  };
  raw('body: not JSON', '{"title":', undefined, true);
  raw('body: an array', '[]', undefined, true);
  raw('body: null', 'null', undefined, true);
  if (body.required) raw('body: empty', '', undefined, true);
  raw('body: as text/plain', JSON.stringify(safe), 'text/plain', true);
  raw('body: 200 KB', JSON.stringify({ ...safe, padding: 'x'.repeat(200_000) }), undefined, false);
  raw('body: unknown field', JSON.stringify({ ...safe, unknownField: 1 }), undefined, false);
  const [field] = Object.entries(schema.properties ?? {}).find(([, f]) => schemas.types(f).includes('string')) ?? [];
  if (field) {
    // Not UTF-8 (RFC 8259 requires it): bytes 0xFF 0xFE inside a string value.
    const [head, tail] = JSON.stringify({ ...safe, [field]: '@@' }).split('@@');
    raw(`body.${field}: invalid UTF-8`, Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(tail)]), undefined, true);
  }
  return cases;
}

/** A fresh Idempotency-Key for each request that has none of the fuzzer's making. */
export const newKey = () => randomUUID();
