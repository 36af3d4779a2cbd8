#!/usr/bin/env node
// Count conformance cases (not assertions) from a spectest-interp run: a case fails when any assertion between
// its `;; case K:` header and the next one failed.  node wast-cases.mjs FILE.wast SPECTEST.log → "passed failed"
import { readFileSync } from 'node:fs';

const [wast, log] = process.argv.slice(2);
const lines = readFileSync(wast, 'utf8').split('\n');
const starts = []; // [line number (1-based), case index]
lines.forEach((l, i) => { const m = /^;; case (\d+):/.exec(l); if (m) starts.push([i + 1, Number(m[1])]); });
const total = starts.length;
const text = readFileSync(log, 'utf8');
if (!/\d+\/\d+ tests passed/.test(text)) { console.log(`0 ${total}`); process.exit(0); } // did not run to the end
const failed = new Set();
for (const m of text.matchAll(/\.wast:(\d+):/g)) {
  const line = Number(m[1]);
  let k = -1;
  for (const [start, idx] of starts) { if (start <= line) k = idx; else break; }
  if (k < 0) { console.log(`0 ${total}`); process.exit(0); } // the module itself failed
  failed.add(k);
}
console.log(`${total - failed.size} ${failed.size}`);
