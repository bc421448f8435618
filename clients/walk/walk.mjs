// Scalar's first clicks, in headless Chromium: open an operation, "Test Request", "Send", nothing edited
// but what a person must type (a token in the Authentication box, the admin's name and password). Each
// step checks the status and that the request carried what it should (no fixed Idempotency-Key, one cursor).
// FEED_URL: the service; FEED_ADMIN / FEED_ADMIN_PASSWORD: an admin made with `create-user … --admin`;
// FEED_WALK_SHOTS: a folder for a screenshot per step; CHROMIUM: the browser (default /usr/bin/chromium).
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const base = process.env.FEED_URL ?? "http://127.0.0.1:5062";
const admin = { name: process.env.FEED_ADMIN ?? "qa-admin", password: process.env.FEED_ADMIN_PASSWORD ?? "qa admin password" };
const shots = process.env.FEED_WALK_SHOTS ?? mkdtempSync(join(tmpdir(), "walk-shots-"));
mkdirSync(shots, { recursive: true });

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", `--user-data-dir=${mkdtempSync(join(tmpdir(), "walk-profile-"))}`],
});
const page = await browser.newPage();
await page.setViewport({ width: 1400, height: 1000 });
let step = 0;

function fail(message) {
  throw new Error(message);
}

/** Opens the operation's "Test Request" on a freshly loaded page. */
async function open(tag, method, path) {
  await page.goto("about:blank"); // a new hash alone would not reload the page, and the last request would stay open
  await page.goto(`${base}/scalar/#tag/${tag}/${method.toUpperCase()}${path}`, { waitUntil: "networkidle0" });
  const label = `Test Request(${method.toLowerCase()} ${path})`;
  const button = await page.waitForFunction(l => [...document.querySelectorAll("button")].find(b => b.textContent.trim() === l), {}, label);
  await button.click();
  await page.waitForSelector("input.scalar-password-input", { visible: true });
}

/** Types into the Authentication box (Bearer) of the open request. */
async function useToken(token) {
  // The page behind has an Authentication box too: the request's is the last one.
  const box = (await page.$$("input.scalar-password-input")).at(-1) ?? fail("no Authentication box");
  await box.click();
  await selectAllAndDelete();
  await box.type(token);
}

/** Replaces the request body in the editor, as pasted (no auto-closed brackets). */
async function editBody(json) {
  const editor = await page.waitForSelector(".cm-content", { visible: true });
  await editor.click();
  await selectAllAndDelete();
  await page.keyboard.sendCharacter(json);
}

async function selectAllAndDelete() {
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyA");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
}

/** Clicks Send; the answer to `method path` with its status checked, its request and its JSON body. */
async function send(method, path, expected) {
  const answer = page.waitForResponse(r => r.request().method() === method && new URL(r.url()).pathname === path, { timeout: 30_000 });
  const button = await page.waitForFunction(() =>
    [...document.querySelectorAll("button")]
      .find(b => b.offsetParent && b.textContent.trim().startsWith("Send") && b.textContent.includes("request to")));
  await button.click();
  const response = await answer;
  const text = await response.text();
  await new Promise(r => setTimeout(r, 300));
  await page.screenshot({ path: join(shots, `${String(++step).padStart(2, "0")}-${method}-${path.replaceAll("/", "_")}.png`) });
  const request = response.request();
  const query = new URL(response.url()).searchParams;
  console.log(`${method} ${response.url().slice(base.length)} → ${response.status()}`);
  if (response.status() !== expected) {
    const sent = `${JSON.stringify(request.headers())} ${request.postData() ?? ""}`;
    fail(`${method} ${path}: ${response.status()}, expected ${expected}: ${text.slice(0, 300)}\n  sent: ${sent}`);
  }
  if (request.headers()["idempotency-key"]) fail(`${method} ${path} sent a fixed Idempotency-Key`);
  if (query.has("before") && query.has("after")) fail(`${method} ${path} sent two cursors`);
  return { body: text ? JSON.parse(text) : null, request };
}

try {
  await open("feed", "get", "/feed");
  const feed = await send("GET", "/feed", 200);
  if (!feed.body.items?.length) fail("the first page is empty");

  await open("auth", "post", "/auth/register");
  const signedUp = await send("POST", "/auth/register", 201);
  if (!signedUp.body.accessToken) fail("sign-up answered no token");
  await send("POST", "/auth/register", 201); // whoever sends the example next: a new name again

  await open("auth", "post", "/auth/token");
  await send("POST", "/auth/token", 200); // the demo user of the embedded database
  await editBody(JSON.stringify(admin));
  const signedIn = await send("POST", "/auth/token", 200);

  await open("posts", "post", "/posts");
  await useToken(signedUp.body.accessToken);
  const first = await send("POST", "/posts", 201);
  const second = await send("POST", "/posts", 201);
  if (first.body.id === second.body.id) fail(`the second post replayed the first (${first.body.id})`);

  await open("admin", "post", "/admin/seed-jobs");
  await useToken(signedIn.body.accessToken);
  const job = await send("POST", "/admin/seed-jobs", 202);

  await open("admin", "get", "/admin/seed-jobs/{id}");
  await useToken(signedIn.body.accessToken);
  const progress = await send("GET", `/admin/seed-jobs/${job.body.id}`, 200);
  console.log(`  job ${progress.body.id}: ${progress.body.kind} ${progress.body.state}`);

  await open("admin", "delete", "/admin/seed-jobs/{id}");
  await useToken(signedIn.body.accessToken);
  await send("DELETE", `/admin/seed-jobs/${job.body.id}`, 202);
  console.log(`walk: ok (screenshots in ${shots})`);
} catch (error) {
  await page.screenshot({ path: join(shots, "failed.png") }).catch(() => {});
  console.error(`walk: ${error.message} (screenshots in ${shots})`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
