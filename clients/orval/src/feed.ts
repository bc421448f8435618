// Feed through orval (fetch functions generated into src/client by `npm run generate`, sent by
// src/fetcher.ts): sign up, scroll the mixed feed telling the kinds apart, post with an
// Idempotency-Key (a retry replays the first answer), and edit with If-Match (a stale tag is a 412).
import { randomUUID } from "node:crypto";
import { createPost, editPost, getFeed, getPost, register, signIn } from "./client/feed.js";
import type { FeedItemResponse, GameResponse, PostResponse, TeamResponse } from "./client/feed.js";
import { session } from "./fetcher.js";

const fail = (message: string): never => { throw new Error(message); };
// Items arrive as the base; `type` (the discriminator) tells the kind.
type Kind = PostResponse | GameResponse | TeamResponse;
function describe(base: FeedItemResponse): string {
  const item = base as Kind;
  switch (item.type) {
    case "post": return `post #${item.id}: ${item.title}`;
    case "game": return `game #${item.id}: ${item.gameName} at ${item.gameLocation}, ${item.joinedCount} joined`;
    case "team": return `team #${item.id}: ${item.roomName}, ${item.joinedCount} joined`;
    default: { const unknown: never = item; return fail(`unknown kind: ${JSON.stringify(unknown)}`); }
  }
}

const name = `orval-${Date.now().toString(36)}`, password = "correct horse battery staple";
if ((await register({ name, password })).status !== 201) fail("sign-up");
const token = await signIn({ name, password });
session.token = token.status === 200 ? token.data.accessToken : fail("sign-in");

let before: string | undefined, seen = 0;
for (let page = 0; page < 3; page++) {
  const feed = await getFeed({ limit: 5, ...(before ? { before } : {}) });
  if (feed.status !== 200) fail(`a feed page: ${feed.status}`);
  const data = feed.status === 200 ? feed.data : fail("unreachable");
  data.items.forEach((i) => console.log(describe(i)));
  seen += data.items.length;
  if (!(before = data.nextCursor ?? undefined)) break;
}

const key = randomUUID(), body = { title: "From orval", body: "Posted once, whatever the retries." };
const first = await createPost(body, { headers: { "Idempotency-Key": key } });
const retry = await createPost(body, { headers: { "Idempotency-Key": key } });
const post = first.status === 201 ? first.data : fail(`post: ${first.status}`);
if (retry.status !== 201 || retry.data.id !== post.id || retry.headers.get("Idempotent-Replayed") !== "true") fail("no replay");

const etag = (await getPost(post.id)).headers.get("ETag") ?? fail("no ETag");
const edited = await editPost(post.id, { title: "From orval, edited" }, { headers: { "If-Match": etag } });
if (edited.status !== 200 || edited.data.title !== "From orval, edited") fail(`edit: ${edited.status}`);
const stale = await editPost(post.id, { title: "Lost update?" }, { headers: { "If-Match": etag } });
if (stale.status !== 412) fail(`a stale If-Match answered ${stale.status}`);
console.log(`orval: ${seen} items scrolled; posted #${post.id} once (retry replayed); edited it; a stale edit was 412`);
