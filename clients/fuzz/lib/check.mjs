// What an answer must be to agree with the document: a status the operation lists (never a 5xx), a
// content type listed for that status, a body its schema accepts, no header of the API's own that the
// response does not declare, and no success for a request that breaks the document's own schemas.

// Headers the API sets on purpose; each must be declared on the response that carries it.
const declaredHeaders = ['etag', 'location', 'link', 'retry-after', 'idempotent-replayed'];

export function problemsOf(c, answer, schemas) {
  const problems = [];
  const { status, headers, text } = answer;
  const responses = c.op.responses ?? {};
  const listed = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  if (status >= 500) problems.push({ kind: '5xx', detail: `${status}` });
  if (!listed) {
    problems.push({ kind: 'undocumented status', detail: `${status} (lists ${Object.keys(responses).join(', ')})` });
    return problems;
  }

  const response = schemas.resolve(listed);
  const content = response.content ?? {};
  const mediaType = (headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const hasBody = text.length > 0;
  if (hasBody && !content[mediaType]) {
    const lists = Object.keys(content).join(', ') || 'no body';
    problems.push({ kind: 'undocumented content type', detail: `${status} ${mediaType || '(none)'} (lists ${lists})` });
  } else if (!hasBody && Object.keys(content).length > 0 && c.op.method !== 'head') {
    problems.push({ kind: 'missing body', detail: `${status} with no body (lists ${Object.keys(content).join(', ')})` });
  } else if (hasBody && mediaType.endsWith('json')) {
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      problems.push({ kind: 'body is not JSON', detail: `${status} ${text.slice(0, 80)}` });
    }
    const schema = content[mediaType].schema;
    const mismatch = value !== undefined && schema ? schemas.check(schema, value) : null;
    if (mismatch) problems.push({ kind: 'body does not match its schema', detail: `${status}: ${mismatch}` });
  }

  const declared = new Set(Object.keys(response.headers ?? {}).map((h) => h.toLowerCase()));
  for (const header of declaredHeaders) {
    if (headers.has(header) && !declared.has(header)) {
      problems.push({ kind: 'undeclared response header', detail: `${status} ${header}` });
    }
  }

  if (c.invalid && status >= 200 && status < 300) {
    problems.push({ kind: 'broken input accepted', detail: `${status}` });
  }
  return problems;
}
