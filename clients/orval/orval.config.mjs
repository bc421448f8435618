// orval: the fetch client (no axios), one file, every request through src/fetcher.ts (base URL and token).
export default {
  feed: {
    input: { target: "../typescript/openapi.json" },
    output: {
      target: "src/client/feed.ts",
      client: "fetch",
      mode: "single",
      override: { mutator: { path: "src/fetcher.ts", name: "feedFetch" } },
    },
  },
};
