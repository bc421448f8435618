// A feed screen in ~150 lines, on the client generated from Feed's OpenAPI document:
// sign up and sign in, scroll the mixed feed, show each kind, pull to refresh, like and join.
//
//   npm run generate && npm run build && FEED_URL=http://localhost:5062 npm run scroll
//
// It checks what a feed app relies on as it goes (no item twice while scrolling, the new post
// arrives on refresh, counts move on like and join) and exits non-zero when one fails.
import createClient from "openapi-fetch";
import type { components, paths } from "./feed-api.js";

type FeedItem = components["schemas"]["FeedItemResponse"];
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

/** One line per item; the switch is exhaustive: a fourth kind in the document fails to compile here. */
function describe(item: FeedItem): string {
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

async function signIn(): Promise<string> {
  const name = `scroll-${Date.now().toString(36)}`;
  const password = "correct horse battery staple";
  const registered = await feed.POST("/auth/register", { body: { name, password } });
  if (registered.error) fail(`sign-up: ${registered.error.detail ?? registered.error.title}`);
  console.log(`signed up as ${registered.data.name} (${registered.response.headers.get("Location")})`);

  const token = await feed.POST("/auth/token", { body: { name, password } });
  if (token.error) fail(`sign-in: ${token.error.detail}`);
  return token.data.accessToken;
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
  const token = await signIn();
  feed.use({
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  });

  const { first, items } = await scroll(5, 10);
  console.log(`scrolled ${items.length} items:`);
  for (const item of items.slice(0, 6)) console.log(`  ${describe(item)}`);

  const games = await feed.GET("/feed", { params: { query: { types: ["game"], limit: 1 } } });
  if (games.error) fail(`games: ${games.error.title}`);

  const posted = await feed.POST("/posts", { body: { title: "스크롤 테스트", body: "Written by the TypeScript example." } });
  if (posted.error) fail(`posting: ${posted.error.title}`);

  const arrived = await refresh(first.refreshCursor ?? fail("the first page has no refreshCursor"));
  if (!arrived.some((i) => i.id === posted.data.id)) fail("the new post did not arrive on refresh");
  console.log(`pulled to refresh: ${arrived.length} new, ${describe(arrived[0] ?? fail("nothing arrived"))}`);

  const liked = await feed.PUT("/feed/{id}/like", { params: { path: { id: posted.data.id } } });
  if (liked.error) fail(`liking: ${liked.error.title}`);
  if (liked.data.likeCount !== 1 || !liked.data.likedByMe) fail("the like did not count");
  console.log(`liked #${liked.data.itemId}: ${liked.data.likeCount} like`);

  const game = games.data.items[0];
  if (game?.type === "game") {
    const joined = await feed.PUT("/games/{id}/membership", { params: { path: { id: game.id } } });
    if (joined.error) fail(`joining: ${joined.error.title}`);
    if (!joined.data.joinedByMe || joined.data.joinedCount !== game.joinedCount + 1) fail("the join did not count");
    console.log(`joined game #${game.id}: ${joined.data.joinedCount} joined`);
  }

  const { error } = await feed.GET("/feed", { params: { query: { limit: 0 } } });
  if (!error || !("errors" in error)) fail("limit=0 was accepted");
  console.log(`a bad request names its parameter: ${JSON.stringify(error.errors)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
