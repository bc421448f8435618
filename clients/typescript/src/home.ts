// A home screen on the client generated from Feed's OpenAPI document: sign up, follow people, page
// through /home (your own items and those of the people you follow), the "N new" pill from
// /home/new-count as someone you follow posts, pull to refresh, and an unfollow that takes their
// items out of your home.
//
//   npm run generate && npm run build && FEED_URL=http://localhost:5062 node dist/home.js
//
// It checks what a home screen relies on as it goes (no item twice while scrolling, only the people
// you follow and you in it, the pill counts what arrives) and exits non-zero when one fails.
import createClient from "openapi-fetch";
import type { components, paths } from "./feed-api.js";

type FeedItem = components["schemas"]["FeedItemResponse"];
type FeedPage = components["schemas"]["FeedPageOfFeedItemResponse"];
type Client = ReturnType<typeof createClient<paths>>;

const baseUrl = process.env.FEED_URL ?? "http://localhost:5062";

function fail(message: string): never {
  throw new Error(message);
}

function client(token?: string): Client {
  const api = createClient<paths>({ baseUrl, querySerializer: { array: { style: "form", explode: false } } });
  if (token) {
    api.use({
      onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${token}`);
        return request;
      },
    });
  }

  return api;
}

/** A new account, signed in: sign-up answers with a token. */
async function signUp(role: string): Promise<{ api: Client; id: number; name: string }> {
  const name = `${role}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const { data, error } = await client().POST("/auth/register", { body: { name, password: "correct horse battery staple" } });
  if (error) fail(`sign-up: ${error.detail ?? error.title}`);
  return { api: client(data.accessToken), id: data.id, name: data.name };
}

/** Scrolls the whole home, `limit` items a page, following nextCursor to the end; every item once. */
async function scrollHome(api: Client, limit: number): Promise<{ first: FeedPage; items: FeedItem[]; pages: number }> {
  let first: FeedPage | undefined;
  const items: FeedItem[] = [];
  let before: string | undefined;
  let pages = 0;
  for (;;) {
    const { data, error } = await api.GET("/home", { params: { query: { limit, before } } });
    if (error) fail(`scrolling the home: ${error.title}`);
    first ??= data;
    pages++;
    items.push(...data.items);
    if (data.nextCursor === null) break; // the end of the home; a short page is not
    before = data.nextCursor;
  }

  if (new Set(items.map((i) => i.id)).size !== items.length) fail("an item came twice while scrolling the home");
  return { first: first ?? fail("no first page"), items, pages };
}

/** Polls the pill until it counts at least one new item (fan-out runs in the background: moments, not at once). */
async function waitForNew(api: Client, after: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { data, error } = await api.GET("/home/new-count", { params: { query: { after } } });
    if (error) fail(`new-count: ${error.title}`);
    if (data.count > 0) return data.count;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return fail("the followee's post never reached the home (10 s)");
}

async function main(): Promise<void> {
  const anonymous = await client().GET("/home");
  if (anonymous.response.status !== 401) fail(`an anonymous /home gave ${anonymous.response.status}, not 401`);

  const reader = await signUp("home");
  const friend = await signUp("friend");
  console.log(`signed up ${reader.name} (#${reader.id}) and ${friend.name} (#${friend.id})`);

  // Someone with items to follow: the author of the feed's newest post.
  const feed = await reader.api.GET("/feed", { params: { query: { types: ["post"], limit: 1 } } });
  if (feed.error) fail(`feed: ${feed.error.title}`);
  const author = feed.data.items[0]?.author ?? fail("the feed has no post");
  const before = await reader.api.GET("/users/{id}", { params: { path: { id: author.id } } });
  if (before.error) fail(`profile: ${before.error.title}`);

  for (const id of [author.id, friend.id]) {
    const followed = await reader.api.PUT("/users/{id}/follow", { params: { path: { id } } });
    if (followed.error) fail(`following #${id}: ${followed.error.title}`);
    if (!followed.data.followedByMe) fail(`#${id} is not followed`);
  }

  const profile = await reader.api.GET("/users/{id}", { params: { path: { id: author.id } } });
  if (profile.error) fail(`profile: ${profile.error.title}`);
  if (!profile.data.followedByMe || profile.data.followerCount !== before.data.followerCount + 1) fail("the follow is not on the profile");
  console.log(`followed ${author.name} (${profile.data.followerCount} followers, ${profile.data.itemCount} items) and ${friend.name}`);

  // My own post is in my home at once (it is written with the post).
  const mine = await reader.api.POST("/posts", { body: { title: "홈 화면", body: "Written by the home example." } });
  if (mine.error) fail(`posting: ${mine.error.title}`);

  // The home: everything since the follows (the followee's latest items, up to 100), newest first.
  const { first, items, pages } = await scrollHome(reader.api, 10);
  const authors = new Set(items.map((i) => i.author.id));
  if ([...authors].some((a) => a !== reader.id && a !== author.id && a !== friend.id)) fail("a stranger's item in the home");
  if (first.items[0]?.id !== mine.data.id) fail("my own post is not on top of my home");
  const theirs = items.filter((i) => i.author.id === author.id).length;
  if (theirs !== Math.min(100, profile.data.itemCount)) fail(`the home has ${theirs} of the followee's items`);
  console.log(`home: ${items.length} items in ${pages} pages (${theirs} by ${author.name}, yours on top)`);

  // The pill: the friend posts; it reaches my home by fan-out, and the pill counts it.
  const refreshCursor = first.refreshCursor ?? fail("the home's first page has no refreshCursor");
  const posted = await friend.api.POST("/posts", { body: { title: "Fresh", body: "For my followers' homes." } });
  if (posted.error) fail(`the friend's post: ${posted.error.title}`);
  const count = await waitForNew(reader.api, refreshCursor);
  console.log(`pill: ${count} new`);
  const refreshed = await reader.api.GET("/home", { params: { query: { after: refreshCursor } } });
  if (refreshed.error) fail(`refreshing the home: ${refreshed.error.title}`);
  if (!refreshed.data.items.some((i) => i.id === posted.data.id)) fail("the friend's post did not arrive on refresh");
  console.log(`pulled to refresh: ${refreshed.data.items.length} new, #${posted.data.id} by ${friend.name}`);

  // A home cursor belongs to the home: /feed refuses it, naming the parameter.
  const wrong = await reader.api.GET("/feed", { params: { query: { before: first.nextCursor ?? refreshCursor } } });
  if (wrong.response.status !== 400) fail(`a home cursor on /feed gave ${wrong.response.status}, not 400`);

  // Unfollow: their items leave the home at once.
  const unfollowed = await reader.api.DELETE("/users/{id}/follow", { params: { path: { id: author.id } } });
  if (unfollowed.error) fail(`unfollowing: ${unfollowed.error.title}`);
  const after = await scrollHome(reader.api, 50);
  if (after.items.some((i) => i.author.id === author.id)) fail("the unfollowed author's items are still in the home");
  console.log(`unfollowed ${author.name}: the home holds ${after.items.length} items (${unfollowed.data.followerCount} followers left)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
