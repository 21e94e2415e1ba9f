// Refreshes the third-party files the web page uses, from node_modules into src/sitroom/web/vendor/.
// Those files are committed (and shipped in the package), so users never need npm; maintainers run
// `npm ci && node web-src/copy-vendor.js` after bumping a version in package.json, then commit.
// Natural Earth country outlines (public domain) come from world-atlas; topojson-client decodes them.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "src", "sitroom", "web", "vendor");
const files = [
  ["node_modules/world-atlas/countries-110m.json", "countries-110m.json"],
  ["node_modules/world-atlas/LICENSE", "world-atlas.LICENSE"],
  ["node_modules/topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["node_modules/topojson-client/LICENSE", "topojson-client.LICENSE"],
];
fs.mkdirSync(out, { recursive: true });
for (const [from, to] of files) {
  fs.copyFileSync(path.join(root, from), path.join(out, to));
}
console.log(`copied ${files.length} files to ${path.relative(root, out)}`);
