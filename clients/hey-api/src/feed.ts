// Feed through @hey-api/openapi-ts (its fetch client, generated into src/client by `npm run generate`):
// sign up, scroll the mixed feed telling the kinds apart, post with an Idempotency-Key (a retry
// replays the first answer), and edit with If-Match (a stale tag is a 412). Exits non-zero on a failure.
import { randomUUID } from "node:crypto";
import { client } from "./client/client.gen.js";
import { createPost, editPost, getFeed, getPost, register, signIn } from "./client/sdk.gen.js";
import type { FeedItemResponse, GameResponse, PostResponse, TeamResponse } from "./client/types.gen.js";

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

client.setConfig({ baseUrl: process.env.FEED_URL ?? "http://localhost:5062" });
const name = `hey-${Date.now().toString(36)}`, password = "correct horse battery staple";
(await register({ body: { name, password } })).error && fail("sign-up");
const token = (await signIn({ body: { name, password } })).data ?? fail("sign-in");
client.setConfig({ auth: () => token.accessToken });

let before: string | undefined, seen = 0;
for (let page = 0; page < 3; page++) {
  const { data } = await getFeed({ query: { limit: 5, ...(before ? { before } : {}) } });
  if (!data) fail("a feed page");
  data!.items.forEach((i) => console.log(describe(i)));
  seen += data!.items.length;
  if (!(before = data!.nextCursor ?? undefined)) break;
}

const key = randomUUID(), body = { title: "From hey-api", body: "Posted once, whatever the retries." };
const first = await createPost({ body, headers: { "Idempotency-Key": key } });
const retry = await createPost({ body, headers: { "Idempotency-Key": key } });
const post = first.data ?? fail(`post: ${first.response?.status}`);
if (retry.data?.id !== post.id || retry.response?.headers.get("Idempotent-Replayed") !== "true") fail("the retry was not a replay");

const etag = (await getPost({ path: { id: post.id } })).response?.headers.get("ETag") ?? fail("no ETag");
const edited = await editPost({ path: { id: post.id }, body: { title: "From hey-api, edited" }, headers: { "If-Match": etag } });
if (edited.data?.title !== "From hey-api, edited") fail(`edit: ${edited.response?.status}`);
const stale = await editPost({ path: { id: post.id }, body: { title: "Lost update?" }, headers: { "If-Match": etag } });
if (stale.response?.status !== 412) fail(`a stale If-Match answered ${stale.response?.status}`);
console.log(`hey-api: ${seen} items scrolled; posted #${post.id} once (retry replayed); edited it; a stale edit was 412`);
