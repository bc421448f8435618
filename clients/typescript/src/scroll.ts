// A feed app's screens in ~200 lines, on the client generated from Feed's OpenAPI document:
// sign up (its answer carries the token), scroll the mixed feed, show each kind, pull to refresh, like and join,
// post safely on a flaky network (Idempotency-Key), a profile screen, an edit (If-Match), and a
// cheap refresh of what is on screen (a batch read).
//
//   npm run generate && npm run build && FEED_URL=http://localhost:5062 npm run scroll
//
// It checks what a feed app relies on as it goes (no item twice while scrolling, the new post
// arrives on refresh, counts move on like and join) and exits non-zero when one fails.
import createClient from "openapi-fetch";
import type { components, paths } from "./feed-api.js";

type Schemas = components["schemas"];
/** An item as listings send it: the base, FeedItemResponse (its fields and `type`). */
type FeedItem = Schemas["FeedItemResponse"];
/**
 * The kinds: every schema whose `type` is one literal (PostResponse, GameResponse, TeamResponse, each
 * `allOf` the base). The document maps `type` to them on the base; the generator types the base, so
 * an item is narrowed to its kind here, once, from the generated types.
 */
type FeedItemKind = {
  [K in keyof Schemas]: Schemas[K] extends { type: infer T } ? (string extends T ? never : Schemas[K]) : never;
}[keyof Schemas];
type FeedPage = components["schemas"]["FeedPageOfFeedItemResponse"];

const baseUrl = process.env.FEED_URL ?? "http://localhost:5062";
const feed = createClient<paths>({
  baseUrl,
  // The document says types is comma-separated (style form, explode false): types=game,team.
  querySerializer: { array: { style: "form", explode: false } },
});

function fail(message: string): never {
  throw new Error(message);
}

/** The item as its kind, told by `type` (the discriminator the document maps on the base). */
const asKind = (item: FeedItem): FeedItemKind => item as FeedItemKind;

/** One line per item; the switch is exhaustive: a fourth kind in the document fails to compile here. */
function describe(base: FeedItem): string {
  const item = asKind(base);
  switch (item.type) {
    case "post":
      return `post  #${item.id} by ${item.author.name}: ${item.title}`;
    case "game":
      return `game  #${item.id} ${item.gameName} at ${item.gameLocation} (${item.joinedCount} joined${item.joinedByMe ? ", you too" : ""})`;
    case "team":
      return `team  #${item.id} ${item.roomName} (${item.joinedCount} joined${item.joinedByMe ? ", you too" : ""})`;
    default: {
      const unknown: never = item;
      return fail(`an item of an unknown kind: ${JSON.stringify(unknown)}`);
    }
  }
}

async function signIn(): Promise<{ token: string; userId: number }> {
  const name = `scroll-${Date.now().toString(36)}`;
  const password = "correct horse battery staple";
  // Sign-up signs in: its answer carries a token, as POST /auth/token's does (that is for signing in again later).
  const registered = await feed.POST("/auth/register", { body: { name, password } });
  if (registered.error) fail(`sign-up: ${registered.error.detail ?? registered.error.title}`);
  console.log(`signed up as ${registered.data.name} (${registered.response.headers.get("Location")}), ${registered.data.tokenType} token`);
  return { token: registered.data.accessToken, userId: registered.data.id };
}

/** Scrolls down from the top, `pages` pages at most; every item once. */
async function scroll(pages: number, limit: number): Promise<{ first: FeedPage; items: FeedItem[] }> {
  let first: FeedPage | undefined;
  const items: FeedItem[] = [];
  let before: string | undefined;
  for (let page = 0; page < pages; page++) {
    const { data, error } = await feed.GET("/feed", { params: { query: { limit, before } } });
    if (error) fail(`scrolling: ${error.title}`);
    first ??= data;
    items.push(...data.items);
    if (data.nextCursor === null) break; // the end of the feed; a short page is not
    before = data.nextCursor;
  }

  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) fail("an item came twice while scrolling");
  return { first: first ?? fail("no first page"), items };
}

/** Pull to refresh: everything newer than the page on screen, following hasNewer. */
async function refresh(refreshCursor: string): Promise<FeedItem[]> {
  const arrived: FeedItem[] = [];
  let after = refreshCursor;
  for (;;) {
    const { data, error } = await feed.GET("/feed", { params: { query: { after, limit: 20 } } });
    if (error) fail(`refreshing: ${error.title}`);
    arrived.unshift(...data.items);
    if (!data.hasNewer) return arrived;
    after = data.refreshCursor ?? fail("hasNewer without a refreshCursor");
  }
}

async function main(): Promise<void> {
  const { token, userId } = await signIn();
  feed.use({
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  });

  const { first, items } = await scroll(5, 10);
  // The token that later tells what was edited or deleted in what the app holds.
  const changesFrom = await feed.GET("/feed/changes");
  if (changesFrom.error) fail(`change log: ${changesFrom.error.title}`);
  console.log(`scrolled ${items.length} items:`);
  for (const item of items.slice(0, 6)) console.log(`  ${describe(item)}`);

  const games = await feed.GET("/feed", { params: { query: { types: ["game"], limit: 1 } } });
  if (games.error) fail(`games: ${games.error.title}`);

  // A post on a flaky network: the same Idempotency-Key on the retry, so a lost answer never makes two posts.
  const key = crypto.randomUUID();
  const post = { title: "스크롤 테스트", body: "Written by the TypeScript example." };
  const posted = await feed.POST("/posts", { body: post, params: { header: { "Idempotency-Key": key } } });
  if (posted.error) fail(`posting: ${posted.error.title}`);
  const retried = await feed.POST("/posts", { body: post, params: { header: { "Idempotency-Key": key } } });
  if (retried.error || retried.data.id !== posted.data.id) fail("the retried post made a second one");
  console.log(`posted #${posted.data.id}; the retry was replayed (${retried.response.headers.get("Idempotent-Replayed")})`);

  // The "N new posts" pill, then the pull that shows them.
  const pill = await feed.GET("/feed/new-count", { params: { query: { after: first.refreshCursor ?? fail("no refreshCursor") } } });
  if (pill.error) fail(`new-count: ${pill.error.title}`);
  if (pill.data.count < 1) fail("the new post is not counted");
  console.log(`pill: ${pill.data.count}${pill.data.capped ? "+" : ""} new`);
  const arrived = await refresh(first.refreshCursor ?? fail("the first page has no refreshCursor"));
  if (!arrived.some((i) => i.id === posted.data.id)) fail("the new post did not arrive on refresh");
  console.log(`pulled to refresh: ${arrived.length} new, ${describe(arrived[0] ?? fail("nothing arrived"))}`);

  const liked = await feed.PUT("/feed/{id}/like", { params: { path: { id: posted.data.id } } });
  if (liked.error) fail(`liking: ${liked.error.title}`);
  if (liked.data.likeCount !== 1 || !liked.data.likedByMe) fail("the like did not count");
  console.log(`liked #${liked.data.itemId}: ${liked.data.likeCount} like`);

  const game = games.data.items.map(asKind)[0];
  if (game?.type === "game") {
    const joined = await feed.PUT("/games/{id}/membership", { params: { path: { id: game.id } } });
    if (joined.error) fail(`joining: ${joined.error.title}`);
    if (!joined.data.joinedByMe || joined.data.joinedCount !== game.joinedCount + 1) fail("the join did not count");
    console.log(`joined game #${game.id}: ${joined.data.joinedCount} joined`);
  }

  // The profile screen: the user's counts, then their own items.
  const profile = await feed.GET("/users/{id}", { params: { path: { id: userId } } });
  if (profile.error) fail(`profile: ${profile.error.title}`);
  const own = await feed.GET("/users/{id}/items", { params: { path: { id: userId }, query: { limit: 10 } } });
  if (own.error) fail(`profile items: ${own.error.title}`);
  if (own.data.items.some((i) => i.author.id !== userId)) fail("someone else's item on a profile");
  console.log(`profile of ${profile.data.name}: ${profile.data.itemCounts.post} post(s); newest: ${describe(own.data.items[0] ?? fail("no items"))}`);

  // An edit: send the ETag read with the item; a stale one is refused (412), not silently overwritten.
  const read = await feed.GET("/posts/{id}", { params: { path: { id: posted.data.id } } });
  const etag = read.response.headers.get("ETag") ?? fail("no ETag on an item");
  const edited = await feed.PATCH("/posts/{id}", {
    params: { path: { id: posted.data.id }, header: { "If-Match": etag } },
    body: { title: "스크롤 테스트 (edited)" },
  });
  if (edited.error) fail(`editing: ${edited.error.title}`);
  const stale = await feed.PATCH("/posts/{id}", { params: { path: { id: posted.data.id }, header: { "If-Match": etag } }, body: { body: "lost update?" } });
  if (stale.response.status !== 412) fail(`a stale If-Match gave ${stale.response.status}, not 412`);
  console.log(`edited #${edited.data.id} at ${edited.data.editedAt}; a stale edit was refused (412)`);

  // Back to the foreground: what was edited or deleted meanwhile, then the counters and flags of
  // what is on screen in one request.
  const changes = await feed.GET("/feed/changes", { params: { query: { since: changesFrom.data.next } } });
  if (changes.error) fail(`changes: ${changes.error.title}`);
  if (!changes.data.edited.some((i) => i.id === posted.data.id)) fail("the edit is not in the change log");
  console.log(`changes: ${changes.data.edited.length} edited, ${changes.data.deleted.length} deleted`);
  // The counters and flags of what is on screen, in one request.
  const onScreen = [posted.data.id, ...items.slice(0, 4).map((i) => i.id)];
  const fresh = await feed.GET("/feed/items", { params: { query: { ids: onScreen.join(",") } } });
  if (fresh.error) fail(`batch read: ${fresh.error.title}`);
  if (fresh.data.items[0]?.id !== posted.data.id || fresh.data.items[0].likeCount !== 1) fail("the batch read is not in order or not fresh");
  console.log(`refreshed ${fresh.data.items.length} items on screen (${fresh.data.missing.length} gone)`);

  const { error } = await feed.GET("/feed", { params: { query: { limit: 0 } } });
  if (!error || !("errors" in error)) fail("limit=0 was accepted");
  console.log(`a bad request names its parameter: ${JSON.stringify(error.errors)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
