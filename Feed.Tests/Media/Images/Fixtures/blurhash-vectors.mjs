// The blurhash test vectors in BlurhashTests.cs, computed by the reference encoder (npm blurhash 2.0.5):
//   cd /tmp && npm install blurhash@2.0.5 && NODE_PATH=/tmp/node_modules node --input-type=module < this file
// The pixel patterns are the same formulas as BlurhashTests.Pattern, so no pixel data is committed.
import { createRequire } from "node:module";
const { encode } = createRequire(process.env.NODE_PATH + "/")("blurhash");

function pattern(kind, w, h) {
  const rgba = new Uint8ClampedArray(w * h * 4);
  let seed = 12345;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = 4 * (x + y * w);
    seed = (seed * 16807) % 2147483647;
    const noise = seed % 64;
    const px = kind === "gradient" ? [Math.floor(x * 255 / (w - 1)), Math.floor(y * 255 / (h - 1)), (x * y * 7) % 256]
      : kind === "dark-left" ? [x < w / 3 ? 10 : 200 + Math.floor(noise / 2), 40 + noise, y < h / 2 ? 30 : 180]
      : [(x * 37 + noise) % 256, (y * 53 + noise * 2) % 256, (x * y + noise * 3) % 256];
    rgba.set([...px, 255], i);
  }
  return rgba;
}
for (const [kind, w, h, cx, cy] of [["gradient", 32, 24, 4, 3], ["dark-left", 24, 32, 4, 3], ["noisy", 32, 21, 4, 3],
  ["gradient", 32, 24, 9, 9], ["noisy", 7, 5, 1, 1]]) {
  console.log(`[InlineData("${kind}", ${w}, ${h}, ${cx}, ${cy}, "${encode(pattern(kind, w, h), w, h, cx, cy)}")]`);
}
