// Failures the fuzzer finds that another change fixes: reported, not failed on. Each names its issue; remove
// the entry when that change is merged (the fuzzer then fails on it again if it is not fixed).
const rules = [
  // none: the number rule and the cache-state bug (issue 25 point 3) are fixed.
];

export function allowed(c, problem) {
  return rules.find((r) => r.when(c, problem))?.reason;
}
