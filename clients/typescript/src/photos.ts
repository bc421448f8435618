// Photos on the client generated from Feed's OpenAPI document: sign up, upload a picture (multipart),
// describe it, make another one your avatar, post the picture, and show the post as a feed screen
// would: its picture's blurhash at once, the 320 px rendition, the larger ones once rendered, the
// author's face beside the name.
//
//   npm run generate && npm run build && FEED_URL=http://localhost:5062 node dist/photos.js
//
// It checks what a photo screen relies on as it goes and exits non-zero when one fails.
import { deflateSync } from "node:zlib";
import createClient from "openapi-fetch";
import type { components, paths } from "./feed-api.js";

type Media = components["schemas"]["MediaResponse"];
type Post = components["schemas"]["PostResponse"];
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

async function signUp(role: string): Promise<{ api: Client; id: number }> {
  const name = `${role}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const { data, error } = await client().POST("/auth/register", { body: { name, password: "correct horse battery staple" } });
  if (error) fail(`sign-up: ${error.detail ?? error.title}`);
  return { api: client(data.accessToken), id: data.id };
}

/** A width × height PNG of a colour gradient, made here (a phone would send its camera's JPEG). */
function png(width: number, height: number, hue: number): Blob {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => (bytes.reduce((c, b) => crcTable[(c ^ b) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows.set([(hue + x) % 256, (y * 255) / height, ((x + y) * 255) / (width + height)], at);
    }
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  const file = Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
  return new Blob([file], { type: "image/png" });
}

/** POST /media: the file in a part named `file`. The answer has the blurhash and the 320 px rendition already. */
async function upload(api: Client, picture: Blob, name: string): Promise<Media> {
  const { data, error, response } = await api.POST("/media", {
    body: { file: name },
    bodySerializer: () => {
      const form = new FormData();
      form.append("file", picture, name);
      return form;
    },
  });
  if (error) fail(`upload: ${error.title}`);
  if (response.status !== 201) fail(`upload answered ${response.status}, not 201`);
  if (!data.blurhash || data.renditions[0]?.name !== "320") fail("the upload's answer has no blurhash or no 320 px rendition");
  return data;
}

/** What an app does while a picture renders: paint the blurhash and the 320, poll until the larger ones exist. */
async function whenReady(api: Client, id: number): Promise<Media> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const { data, error } = await api.GET("/media/{id}", { params: { path: { id } } });
    if (error) fail(`reading the upload: ${error.title}`);
    if (data.status === "ready") return data;
    if (data.status === "failed") fail("the picture failed to render");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return fail("the picture was not ready within 15 s");
}

async function main(): Promise<void> {
  const me = await signUp("photographer");
  const picture = await upload(me.api, png(1200, 800, 40), "han-river.png");
  const face = await upload(me.api, png(400, 400, 200), "me.png");
  console.log(`uploaded #${picture.id}: ${picture.width}×${picture.height}, blurhash ${picture.blurhash}, ${picture.status}`);

  const described = await me.api.PATCH("/media/{id}", {
    params: { path: { id: picture.id } },
    body: { altText: "Bicycles by the river at sunset.", focus: { x: 0.2, y: -0.1 } },
  });
  if (described.error) fail(`alt text: ${described.error.title}`);
  const avatar = await me.api.PATCH("/me", { body: { avatarMediaId: face.id } });
  if (avatar.error) fail(`avatar: ${avatar.error.title}`);

  const stranger = await signUp("stranger");
  const refused = await stranger.api.POST("/posts", { body: { title: "Not mine", body: "…", mediaIds: [picture.id] } });
  if (refused.response.status !== 400 || !("errors" in (refused.error ?? {}))) fail("someone else's upload was not refused");

  const created = await me.api.POST("/posts", { body: { title: "Evening ride", body: "Along the Han.", mediaIds: [picture.id] } });
  if (created.error) fail(`posting: ${created.error.title}`);
  const post = created.data;
  if (post.type !== "post" || post.media.map((m) => m.id).join() !== `${picture.id}`) fail("the post does not carry its picture");

  // The feed screen: the post as a stranger scrolling /feed sees it.
  const page = await stranger.api.GET("/feed", { params: { query: { limit: 5 } } });
  if (page.error) fail(`feed: ${page.error.title}`);
  const shown = page.data.items.find((i) => i.id === post.id) ?? fail("the photo post is not on the feed");
  const photo = shown.media[0] ?? fail("the post on the feed has no picture");
  if (photo.altText !== "Bicycles by the river at sunset.") fail("the alt text is not shown");
  if (shown.author.avatar?.id !== face.id) fail("the author's avatar is not beside the name");
  if (shown.type !== "post") fail(`the photo post came as a ${shown.type}`);
  console.log(`feed: "${(shown as Post).title}" by ${shown.author.name}, picture ${photo.previewUrl}`);

  const ready = await whenReady(me.api, picture.id);
  const large = ready.renditions.find((r) => r.name === "1080") ?? fail("no 1080 px rendition once ready");
  const file = await fetch(new URL(large.url, baseUrl));
  const bytes = Buffer.from(await file.arrayBuffer());
  if (file.status !== 200 || file.headers.get("content-type") !== "image/webp") fail(`the 1080 gave ${file.status}`);
  if (bytes.subarray(8, 12).toString("ascii") !== "WEBP") fail("the 1080 is not WebP");
  if (!file.headers.get("cache-control")?.includes("immutable")) fail("a rendition is not cached as immutable");
  const again = await fetch(new URL(large.url, baseUrl), { headers: { "If-None-Match": file.headers.get("etag") ?? "" } });
  if (again.status !== 304) fail(`a cached rendition asked again gave ${again.status}, not 304`);
  console.log(`ready: ${ready.renditions.map((r) => `${r.name} ${r.width}×${r.height}`).join(", ")}; 1080 is ${bytes.length} B`);
  console.log("photos: ok");
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
