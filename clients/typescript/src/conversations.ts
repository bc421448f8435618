// A conversation and a notification badge on the client generated from Feed's OpenAPI document: Mina posts, two
// friends comment and one replies under a comment; Mina reads the thread oldest first (each comment, then its
// replies), and her badge — the unread count, then the notifications stream — updates live as the likes come in:
// "Joon and 1 other liked your post" is one group, not two.
//
//   npm run generate && npm run build && FEED_URL=http://localhost:5062 node dist/conversations.js
//
// It checks what a thread screen and a badge rely on as it goes and exits non-zero when one fails.
import createClient from "openapi-fetch";
import type { components, paths } from "./feed-api.js";

type Comment = components["schemas"]["CommentResponse"];
type Notification = components["schemas"]["NotificationResponse"];
type Client = ReturnType<typeof createClient<paths>>;

const baseUrl = process.env.FEED_URL ?? "http://localhost:5062";

function fail(message: string): never {
  throw new Error(message);
}

function client(token?: string): Client {
  const api = createClient<paths>({ baseUrl });
  if (token) {
    api.use({
      onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${token}`);
        if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
          request.headers.set("Idempotency-Key", crypto.randomUUID()); // one per action: a retry reuses it
        }
        return request;
      },
    });
  }

  return api;
}

async function signUp(role: string): Promise<{ api: Client; id: number; token: string }> {
  const name = `${role}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const { data, error } = await client().POST("/auth/register", { body: { name, password: "correct horse battery staple" } });
  if (error) fail(`sign-up: ${error.detail ?? error.title}`);
  return { api: client(data.accessToken), id: data.id, token: data.accessToken };
}

async function comment(api: Client, itemId: number, text: string, replyToId?: number): Promise<Comment> {
  const { data, error } = await api.POST("/feed/{id}/comments", { params: { path: { id: itemId } }, body: { text, replyToId } });
  if (error) fail(`comment: ${error.detail ?? error.title}`);
  return data;
}

/** The whole conversation, oldest first, `limit` comments a page, following nextCursor while hasMore. */
async function readThread(api: Client, itemId: number, limit: number): Promise<Comment[]> {
  const thread: Comment[] = [];
  let after: string | undefined;
  for (;;) {
    const { data, error } = await api.GET("/feed/{id}/comments", { params: { path: { id: itemId }, query: { limit, after } } });
    if (error) fail(`reading the thread: ${error.title}`);
    thread.push(...data.items);
    if (!data.hasMore) return thread;
    after = data.nextCursor;
  }
}

/** The badge's first number: unread groups, "99+" past the cap. */
async function badge(api: Client): Promise<string> {
  const { data, error } = await api.GET("/me/notifications/unread-count");
  if (error) fail(`unread count: ${error.title}`);
  return data.more ? `${data.count}+` : `${data.count}`;
}

/** Reads `notification` events from the caller's stream until `until` says stop; the badge's live part. */
async function watch(token: string, until: (n: Notification) => boolean, meanwhile: () => Promise<void>): Promise<Notification[]> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/me/notifications/stream`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (!response.ok) fail(`notifications stream: ${response.status}`);
  const seen: Notification[] = [];
  const reading = (async () => {
    const reader = (response.body ?? fail("no stream body")).pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").find((line) => line.startsWith("data: "))?.slice(6);
        if (!block.includes("event: notification") || !data) continue; // heartbeats
        const notification = JSON.parse(data) as Notification;
        seen.push(notification);
        if (until(notification)) return;
      }
    }
  })();
  await meanwhile();
  const timeout = setTimeout(() => abort.abort(), 10_000);
  try {
    await reading;
  } catch (error) {
    if (!abort.signal.aborted) throw error;
    fail(`the stream did not show the likes within 10 s (saw ${seen.length} events)`);
  } finally {
    clearTimeout(timeout);
    abort.abort();
  }

  return seen;
}

async function main(): Promise<void> {
  const mina = await signUp("mina");
  const joon = await signUp("joon");
  const sora = await signUp("sora");
  const created = await mina.api.POST("/posts", { body: { title: "Climbing on Tuesday?", body: "Who is in?" } });
  if (created.error) fail(`post: ${created.error.detail ?? created.error.title}`);
  const post = created.data.id;

  const first = await comment(joon.api, post, "I'm in! 🧗");
  await comment(sora.api, post, "저도 갈게요");
  const reply = await comment(mina.api, post, "Great, 7 pm at the gym", first.id);
  if (reply.replyToId !== first.id) fail("the reply is not under Joon's comment");

  const thread = await readThread(mina.api, post, 2);
  const order = thread.map((c) => c.text);
  if (order.join(" | ") !== "I'm in! 🧗 | Great, 7 pm at the gym | 저도 갈게요") fail(`thread order: ${order.join(" | ")}`);
  for (const c of thread) console.log(`${c.replyToId ? "    ↳ " : ""}${c.author.name}: ${c.text}`);
  const item = await mina.api.GET("/feed/{id}", { params: { path: { id: post } } });
  if (item.data?.commentCount !== 3) fail(`commentCount ${item.data?.commentCount}, not 3`);

  // Two comments on her post (one group, two people); her own reply tells her nothing.
  const before = await badge(mina.api);
  if (before !== "1") fail(`the badge shows ${before}, not 1 (the comments' group)`);
  const list = await mina.api.GET("/me/notifications");
  const comments = list.data?.items.find((n) => n.kind === "comment") ?? fail("no comment notification");
  if (comments.actorCount !== 2) fail(`the comments' group counts ${comments.actorCount} people, not 2`);
  console.log(`badge ${before}: ${comments.actor.name} and ${comments.actorCount - 1} other commented on your post`);

  // Live: two likes become one group, which the stream shows as it grows.
  const events = await watch(mina.token, (n) => n.kind === "like" && n.actorCount === 2, async () => {
    await joon.api.PUT("/feed/{id}/like", { params: { path: { id: post } } });
    await sora.api.PUT("/feed/{id}/like", { params: { path: { id: post } } });
  });
  const likes = events.filter((n) => n.kind === "like");
  if (new Set(likes.map((n) => n.id)).size !== 1) fail("two likes of one post made more than one group");
  console.log(`live: ${likes.at(-1)!.actor.name} and 1 other liked your post (${likes.length} events, one group)`);
  if ((await badge(mina.api)) !== "2") fail("the badge does not count the likes' group");

  // Read up to the newest shown: the badge clears; an unlike takes its like back out of the group.
  const read = await mina.api.POST("/me/notifications/read", { body: { upTo: likes.at(-1)!.seq } });
  if (read.error) fail(`mark read: ${read.error.title}`);
  if ((await badge(mina.api)) !== "0") fail("the badge did not clear");
  await sora.api.DELETE("/feed/{id}/like", { params: { path: { id: post } } });
  const after = await mina.api.GET("/me/notifications");
  const group = after.data?.items.find((n) => n.kind === "like") ?? fail("the likes' group is gone");
  if (group.actorCount !== 1 || group.actor.id !== joon.id) fail("the unlike was not taken back out of the group");
  console.log("read: badge 0; Sora's unlike leaves \"Joon liked your post\"");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
