// A live feed: the "N new posts" pill, then the stream (Server-Sent Events) of new, edited and
// deleted items and of like counts changing; after a forced disconnect it reconnects with
// Last-Event-ID and checks that it got exactly what it missed, nothing twice.
//
//   npm run generate && npm run build && FEED_URL=http://localhost:5062 node dist/live.js
import createClient from "openapi-fetch";
import type { components, paths } from "./feed-api.js";

type FeedItem = components["schemas"]["FeedItemResponse"];
type ItemCounts = components["schemas"]["ItemCounts"];
type StreamEvent =
  | { id: string; type: "item" | "edited"; item: FeedItem }
  | { id: string; type: "deleted"; deletedId: number }
  | { id: string; type: "counts"; counts: ItemCounts };

const baseUrl = process.env.FEED_URL ?? "http://localhost:5062";
const feed = createClient<paths>({ baseUrl });

function fail(message: string): never {
  throw new Error(message);
}

/** Reads Server-Sent Events from a fetch response, one parsed event at a time. */
async function* events(response: Response): AsyncGenerator<StreamEvent> {
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
      const field = (name: string) => block.split("\n").find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
      const type = field("event");
      const id = field("id");
      const data = field("data");
      if (!type || !id || !data) continue; // retry:, heartbeat comments, and reconnect (no id: the stream ends, resume)
      if (type === "deleted") yield { id, type, deletedId: (JSON.parse(data) as { id: number }).id };
      else if (type === "counts") yield { id, type, counts: JSON.parse(data) as ItemCounts };
      else if (type === "item" || type === "edited") yield { id, type, item: JSON.parse(data) as FeedItem };
    }
  }
}

/** Opens the stream (resuming after lastEventId when given) and collects `count` events. */
async function follow(count: number, lastEventId: string | undefined, meanwhile: () => Promise<void>): Promise<StreamEvent[]> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/feed/stream`, {
    headers: lastEventId ? { "Last-Event-ID": lastEventId } : {},
    signal: abort.signal,
  });
  if (!response.ok || response.headers.get("Content-Type") !== "text/event-stream") fail(`stream: ${response.status}`);
  const received: StreamEvent[] = [];
  const done = (async () => {
    for await (const event of events(response)) {
      received.push(event);
      if (received.length === count) break;
    }
  })();
  await meanwhile();
  const timeout = setTimeout(() => abort.abort(), 15_000);
  try {
    await done;
  } finally {
    clearTimeout(timeout);
    abort.abort(); // the forced disconnect
  }
  if (received.length !== count) fail(`got ${received.length} of ${count} events`);
  return received;
}

async function main(): Promise<void> {
  const name = `live-${Date.now().toString(36)}`;
  const password = "correct horse battery staple";
  const signedUp = await feed.POST("/auth/register", { body: { name, password } }); // signs in too: it carries the token
  if (signedUp.error) fail("sign-up");
  const writer = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${signedUp.data.accessToken}` } });
  const post = async (title: string): Promise<number> => {
    const created = await writer.POST("/posts", { body: { title, body: "from live.ts" } });
    return created.data?.id ?? fail(`posting: ${created.error?.title}`);
  };

  // The pill: the first page's refreshCursor, three posts later.
  const first = await feed.GET("/feed", { params: { query: { limit: 5 } } });
  const refreshCursor = first.data?.refreshCursor ?? fail("no first page");
  for (let i = 0; i < 3; i++) await post(`pill ${i}`);
  const pill = await feed.GET("/feed/new-count", { params: { query: { after: refreshCursor } } });
  if ((pill.data?.count ?? 0) < 3) fail("the pill does not count the new posts");
  console.log(`pill: ${pill.data?.count}${pill.data?.capped ? "+" : ""} new posts`);

  // Live: five posts arrive as they are made.
  const live: number[] = [];
  const seen = await follow(5, undefined, async () => {
    for (let i = 0; i < 5; i++) live.push(await post(`live ${i}`));
  });
  const liveIds = seen.map((e) => (e.type === "deleted" ? e.deletedId : e.type === "counts" ? e.counts.id : e.item.id));
  if (liveIds.join() !== live.join()) fail(`live events ${liveIds} are not the posts ${live}`);
  const lastEventId = seen[seen.length - 1]?.id ?? fail("no events");
  console.log(`followed ${seen.length} live items; disconnected after ${lastEventId}`);

  // Offline: seven posts, one edit, one deletion. Then reconnect with Last-Event-ID.
  const missed: number[] = [];
  for (let i = 0; i < 7; i++) missed.push(await post(`missed ${i}`));
  const edited = await writer.PATCH("/posts/{id}", { params: { path: { id: live[0] ?? fail("none") } }, body: { title: "edited offline" } });
  if (edited.error) fail("editing");
  if ((await writer.DELETE("/feed/{id}", { params: { path: { id: live[1] ?? fail("none") } } })).error) fail("deleting");
  let after = 0;
  const replayed = await follow(10, lastEventId, async () => {
    after = await post("after the reconnect");
  });

  const expected = [...missed.map((id) => `item ${id}`), `edited ${live[0]}`, `deleted ${live[1]}`, `item ${after}`];
  const got = replayed.map((e) => `${e.type} ${e.type === "deleted" ? e.deletedId : e.type === "counts" ? e.counts.id : e.item.id}`);
  if (got.join() !== expected.join()) fail(`after the reconnect: ${got.join(", ")}; expected ${expected.join(", ")}`);
  console.log(`reconnected with Last-Event-ID: ${replayed.length - 1} missed events replayed in order, then live; nothing missed, nothing twice`);

  // Counts travel: three likes at once on the newest post arrive as its count changing (coalesced:
  // one counts event per item per poll of the log, not one per like), ending on the exact count.
  const liked = after;
  const likers = await Promise.all([0, 1, 2].map(async (i) => {
    const liker = `${name}-${i}`;
    if ((await feed.POST("/auth/register", { body: { name: liker, password } })).error) fail("sign-up");
    const token = await feed.POST("/auth/token", { body: { name: liker, password } });
    return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token.data?.accessToken ?? fail("sign-in")}` } });
  }));
  let likeCount = 0;
  const abort = new AbortController();
  const stream = await fetch(`${baseUrl}/feed/stream`, { signal: abort.signal });
  const watching = (async () => {
    for await (const event of events(stream)) {
      if (event.type !== "counts" || event.counts.id !== liked) continue;
      console.log(`likes on ${liked}: ${likeCount} -> ${event.counts.likeCount}`);
      likeCount = event.counts.likeCount;
      if (likeCount === likers.length) return;
    }
  })();
  await Promise.all(likers.map(async (liker) => {
    if ((await liker.PUT("/feed/{id}/like", { params: { path: { id: liked } } })).error) fail("liking");
  }));
  const timeout = setTimeout(() => abort.abort(), 15_000);
  try {
    await watching;
  } finally {
    clearTimeout(timeout);
    abort.abort();
  }
  if (likeCount !== likers.length) fail(`the stream showed ${likeCount} likes, not ${likers.length}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
