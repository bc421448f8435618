// What the fuzzer knows of the service it fuzzes: a user, another user and an admin with their tokens,
// items of every kind the user wrote, and the cursors, tags and ids real answers gave. Valid requests are
// built from these, so that they reach the handlers' success paths, not only their 404s.
import { newKey } from './cases.mjs';

export class Context {
  constructor(url, send) {
    this.url = url;
    this.send = send; // (method, path, {token, json, headers}) => {status, headers, json}
    this.tokens = {};
    this.ids = {};
    this.harvest = new Map(); // route → { next, refresh, etag }
    this.registered = 0;
  }

  async setUp(admin) {
    const run = Date.now().toString(36);
    for (const who of ['user', 'other']) {
      const credentials = { name: `fuzz-${who}-${run}`, password: 'fuzz password 1234' };
      if (who === 'user') this.credentials = credentials;
      const made = await this.send('POST', '/auth/register', { json: credentials });
      this.ids[who] = made.json.id;
      this.tokens[who] = (await this.send('POST', '/auth/token', { json: credentials })).json.accessToken;
    }
    const [name, password] = admin.split(':');
    this.tokens.admin = (await this.send('POST', '/auth/token', { json: { name, password } })).json.accessToken;
    if (!this.tokens.user || !this.tokens.admin) throw new Error('could not sign in the fuzzer\'s users');

    const create = async (path, json) => (await this.send('POST', path, { token: this.tokens.user, json })).json.id;
    this.ids.post = await create('/posts', { title: 'fuzz', body: 'a post to fuzz' });
    this.ids.game = await create('/games', { gameName: 'fuzz', gameLocation: 'here' });
    this.ids.team = await create('/teams', { roomName: 'fuzz' });
    this.ids.doomed = await create('/posts', { title: 'doomed', body: 'deleted by the valid DELETE /feed/{id}' });
    for (const kind of ['post', 'game', 'team']) {
      this.harvest.set(`/${kind}s/{id}`, { etag: (await this.send('GET', `/${kind}s/${this.ids[kind]}`, {})).headers.get('etag') });
    }
  }

  /** A real page of each listing: its cursors and tag, for the valid requests and for the foreign-cursor ones. */
  async harvestListing(op) {
    if (op.method !== 'get' || this.harvest.has(op.path)) return;
    const path = op.path.replace('{id}', this.idFor(op));
    const query = op.path === '/feed/items' ? { ids: this.ids.post } : {};
    const answer = await this.send('GET', path, { token: this.tokens.user, query });
    const json = answer.json ?? {};
    this.harvest.set(op.path, { next: json.nextCursor ?? undefined, refresh: json.refreshCursor ?? undefined,
      since: json.next ?? undefined, etag: answer.headers.get('etag') ?? undefined });
  }

  idFor(op) {
    const p = op.path;
    if (p.startsWith('/users/')) return this.ids.user;
    if (p.startsWith('/admin/seed-jobs/')) return this.ids.seedJob ?? 1;
    if (p === '/feed/{id}' && op.method === 'delete') return this.ids.doomed;
    for (const kind of ['post', 'game', 'team']) if (p.startsWith(`/${kind}s/`)) return this.ids[kind];
    return this.ids.post;
  }

  valueOf(op, p) {
    const listing = this.harvest.get(op.path.replace(/\/new-count$/, '')) ?? {};
    switch (p.name) {
      case 'id': return p.in === 'path' ? this.idFor(op) : undefined;
      case 'before': return listing.next;
      case 'after': return listing.refresh;
      case 'since': return op.path === '/feed/changes' ? listing.since : undefined;
      case 'ids': return [this.ids.post, this.ids.game, this.ids.team].join(',');
      case 'types': return 'post,game';
      case 'limit': return 5;
      case 'If-None-Match': return listing.etag;
      case 'If-Match': return this.harvest.get(op.path)?.etag;
      case 'Idempotency-Key': return newKey();
      default: return p.example ?? undefined;
    }
  }

  /** A cursor of another listing for each cursor parameter: the service must refuse it (400). */
  foreignCursors(op) {
    const onFeed = op.path.startsWith('/feed');
    const other = onFeed ? this.harvest.get('/games') : this.harvest.get('/feed');
    const names = (op.parameters ?? []).map((p) => p.name).filter((n) => ['before', 'after', 'since', 'Last-Event-ID'].includes(n));
    return other?.next ? names.map((name) => ({ name, value: other.next, of: onFeed ? '/games' : '/feed' })) : [];
  }

  /** The body a valid request sends: the document's example, made safe to send many times. */
  bodyOf(op, example) {
    switch (op.operationId) {
      case 'Register':
        return { ...example, name: `fuzz-${Date.now().toString(36)}-${this.registered++}` };
      case 'SignIn':
        return { ...example, ...this.credentials };
      case 'StartSeedJob':
        // Small, and never `reset`: the example's reset+force would delete every account, the fuzzer's own.
        return { ...example, kind: 'seed', items: 200, users: 20, reset: false, force: false, ties: 0, qaUser: null, qaPassword: null };
      default:
        return example;
    }
  }
}
