// An account as a mobile app keeps it, on the client generated from Feed's OpenAPI document: sign up, stay
// signed in past the access token's 15 minutes by trading the refresh token (and survive a retried refresh
// on a bad network), a display name and a bio, report an item, block its author, the list of signed-in devices,
// sign out, and delete the account.
//
//   npm run generate && npm run build && FEED_URL=http://localhost:5062 node dist/accounts.js
//
// It checks each promise as it goes and exits non-zero when one fails.
import createClient from "openapi-fetch";
import type { components, paths } from "./feed-api.js";

type Tokens = components["schemas"]["TokenResponse"];
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
        return request;
      },
    });
  }

  return api;
}

/** Trades a refresh token for the next pair; null when the server refused it (401). */
async function refresh(refreshToken: string): Promise<Tokens | null> {
  const { data, response } = await client().POST("/auth/refresh", { body: { refreshToken } });
  if (response.status === 401) return null;
  return data ?? fail(`refresh: ${response.status}`);
}

async function main(): Promise<void> {
  const name = `mina-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const password = "correct horse battery staple";
  const signedUp = await client().POST("/auth/register", { body: { name, password } });
  if (signedUp.error) fail(`sign-up: ${signedUp.error.detail ?? signedUp.error.title}`);
  const me = signedUp.data;
  console.log(`signed up ${me.name} (#${me.id}): access for ${me.expiresIn} s, refresh for ${me.refreshExpiresIn} s`);

  // Fifteen minutes later the app refreshes; the answer was lost on the network, so it sends the same token again.
  const next = (await refresh(me.refreshToken)) ?? fail("a fresh refresh token was refused");
  const retried = (await refresh(me.refreshToken)) ?? fail("a retried refresh (within the grace) signed the user out");
  if (retried.refreshToken !== next.refreshToken) fail("a retried refresh answered another token");
  const api = client(next.accessToken);
  console.log("refreshed; the retry of the same refresh got the same tokens");

  const edited = await api.PATCH("/me", { body: { displayName: "미나 Mina", bio: "Climbs on Tuesdays. 화요일마다 클라이밍." } });
  if (edited.error) fail(`PATCH /me: ${edited.error.detail ?? edited.error.title}`);
  const post = await api.POST("/posts", { body: { title: "Signed in for good", body: "Still here after a refresh." } });
  if (post.error) fail(`posting with the refreshed token: ${post.error.detail ?? post.error.title}`);
  const mine = await client().GET("/feed/{id}", { params: { path: { id: post.data.id } } });
  if (mine.data?.author.displayName !== "미나 Mina") fail("the post's author does not show the display name");
  console.log(`posted #${post.data.id} as "${mine.data.author.displayName}" (${mine.data.author.name})`);

  // Report someone else's item: once per item; a second report answers the first one.
  const page = await client().GET("/feed", { params: { query: { limit: 20 } } });
  const theirs = page.data?.items.find((i) => i.author.id !== me.id) ?? fail("no item by someone else on /feed");
  const reason = "spam";
  const first = await api.POST("/feed/{id}/reports", { params: { path: { id: theirs.id } }, body: { reason } });
  const again = await api.POST("/feed/{id}/reports", { params: { path: { id: theirs.id } }, body: { reason } });
  if (first.response.status !== 201 || again.response.status !== 200 || again.data?.id !== first.data?.id) {
    fail(`reporting twice gave ${first.response.status} then ${again.response.status}, not 201 then 200 with one report`);
  }
  console.log(`reported #${theirs.id} (${reason}): report #${first.data?.id}, once`);

  // Block the author: none of their items on this user's feed, they are listed, and a like of theirs is refused.
  const author = theirs.author.id;
  const blocked = await api.PUT("/users/{id}/block", { params: { path: { id: author } } });
  if (blocked.response.status !== 204) fail(`blocking gave ${blocked.response.status}, not 204`);
  const screened = await api.GET("/feed", { params: { query: { limit: 100 } } });
  if (!screened.data || screened.data.items.some((i) => i.author.id === author)) fail("a blocked author's item is still on /feed");
  const blocks = await api.GET("/me/blocks");
  if (!blocks.data?.items.some((u) => u.userId === author)) fail("the blocked author is not on /me/blocks");
  const like = await api.PUT("/feed/{id}/like", { params: { path: { id: theirs.id } } });
  if (like.response.status !== 403) fail(`liking a blocked author's item gave ${like.response.status}, not 403`);
  console.log(`blocked ${theirs.author.name}: ${screened.data.items.length} items on /feed, none theirs; a like is refused`);

  // A second device, then the list of signed-in devices, and sign that one out.
  const phone = await client().POST("/auth/token", { body: { name, password } });
  if (phone.error) fail(`sign-in: ${phone.error.title}`);
  const sessions = await api.GET("/me/sessions");
  const list = sessions.data?.sessions ?? fail("GET /me/sessions failed");
  const other = list.find((s) => !s.current) ?? fail("the second device is not listed");
  if (list.length !== 2) fail(`${list.length} sessions listed, not 2`);
  const ended = await api.DELETE("/me/sessions/{id}", { params: { path: { id: other.id } } });
  if (ended.response.status !== 204) fail(`ending the other session gave ${ended.response.status}`);
  if ((await refresh(phone.data.refreshToken)) !== null) fail("the ended session's refresh token still works");
  console.log(`2 devices signed in; ended #${other.id}: its refresh token is refused`);

  // Sign out: the refresh token is dead, and so are the access token's writes.
  const out = await api.POST("/auth/logout", { body: {} });
  if (out.response.status !== 204) fail(`sign-out gave ${out.response.status}`);
  if ((await refresh(next.refreshToken)) !== null) fail("a signed-out refresh token still works");
  const late = await api.POST("/posts", { body: { title: "After sign-out", body: "This must be refused." } });
  if (late.response.status !== 401) fail(`a write after sign-out gave ${late.response.status}, not 401`);
  console.log("signed out: the refresh token is refused and a write with the old access token is 401");

  // Delete the account (the app stores ask for it): the password again, 202, and from then on no sign-in.
  const back = await client().POST("/auth/token", { body: { name, password } });
  if (back.error) fail(`sign-in before deleting: ${back.error.title}`);
  const gone = await client(back.data.accessToken).DELETE("/me", { body: { password } });
  if (gone.response.status !== 202) fail(`DELETE /me gave ${gone.response.status}, not 202`);
  const after = await client().POST("/auth/token", { body: { name, password } });
  if (after.response.status !== 401) fail(`signing in to a deleted account gave ${after.response.status}, not 401`);
  const profile = await client().GET("/users/{id}", { params: { path: { id: me.id } } });
  if (profile.response.status !== 404) fail(`a deleted account's profile gave ${profile.response.status}, not 404`);
  let seconds = 0;
  for (; seconds < 60; seconds++) {
    const item = await client().GET("/feed/{id}", { params: { path: { id: post.data.id } } });
    if (item.response.status === 404) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  if (seconds === 60) fail("the deleted account's post is still served after 60 s");
  console.log(`deleted the account: sign-in is refused, the profile is gone, and its post within ${seconds + 1} s`);
  console.log("accounts: ok");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
