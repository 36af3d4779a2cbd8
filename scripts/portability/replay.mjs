#!/usr/bin/env node
// Replay the conformance vectors through the package's own low layer (dist/ LossModule) and compare bits.
//
//   node scripts/portability/replay.mjs build/conformance/vectors.json [--build mvp] [--host NAME] [--verbose]
//
// Runs on Node 18 and later (no newer APIs). Buffers are filled through LossModule's views (as u32 bit patterns,
// so NaN inputs keep their bits), kernels are called through its exports, outputs are read from the views.
// Every value is compared by exact bits, except that NaN expectations are compared by class (canonical NaN of
// either sign, or any arithmetic NaN), because engines may return different NaN bits.
// Prints one summary line per build and `RESULT <host> <build> <passed> <failed>`; exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { LossModule } from '../../dist/index.js';

const args = process.argv.slice(2);
let file = null;
let host = `node${process.versions.node.split('.')[0]}-${process.arch}`;
let only = null;
let verbose = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--host') host = args[++i];
  else if (args[i] === '--build') only = args[++i];
  else if (args[i] === '--verbose') verbose = true;
  else file = args[i];
}
if (!file) {
  console.error('usage: node scripts/portability/replay.mjs build/conformance/vectors.json [--build B] [--host NAME] [--verbose]');
  process.exit(2);
}

const doc = JSON.parse(readFileSync(file, 'utf8'));
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromHex64 = (h) => { u64[0] = BigInt(h); return f64[0]; };
const bits64 = (x) => { f64[0] = x; return u64[0]; };
const fromHex32 = (h) => { u32[0] = Number(BigInt(h)); return f32[0]; };
const bits32 = (x) => { f32[0] = x; return u32[0]; };

/** Does `actual` (u32) match the expected f32 bits `want` (u32)? NaN by class, everything else exactly. */
function same32(want, actual) {
  const wantNaN = (want & 0x7f800000) === 0x7f800000 && (want & 0x7fffff) !== 0;
  if (!wantNaN) return want >>> 0 === actual >>> 0;
  if ((actual & 0x7f800000) !== 0x7f800000 || (actual & 0x7fffff) === 0) return false;
  return (want & 0x7fffff) === 0x400000 ? (actual & 0x7fffff) === 0x400000 : (actual & 0x400000) !== 0;
}
function same64(want, actual) {
  const E = 0x7ff0000000000000n, M = 0xfffffffffffffn, Q = 0x8000000000000n;
  const wantNaN = (want & E) === E && (want & M) !== 0n;
  if (!wantNaN) return want === actual;
  if ((actual & E) !== E || (actual & M) === 0n) return false;
  return (want & M) === Q ? (actual & M) === Q : (actual & Q) !== 0n;
}

let anyFailed = false;
for (const [build, spec] of Object.entries(doc.builds)) {
  if (only && build !== only) continue;
  const mod = new LossModule(build);
  const e = mod.exports;
  const views = [mod.input, mod.target, mod.grad, mod.out, mod.weight, mod.aux].map((v) => new Uint32Array(v.buffer, v.byteOffset, v.length));
  if (mod.capacity !== spec.capacity) {
    console.log(`${build}: capacity ${mod.capacity}, vectors were made for ${spec.capacity}`);
  }
  let passed = 0;
  let failed = 0;
  for (const c of spec.cases) {
    const problems = [];
    for (const op of c.ops) {
      if (op.op === 'fill') {
        const v = views[op.buf];
        op.values.forEach((x, i) => { v[op.start + i] = x >>> 0; });
      } else if (op.op === 'read') {
        const v = views[op.buf];
        op.expect.forEach((want, i) => {
          const got = v[op.start + i];
          if (!same32(want, got)) problems.push(`buffer ${op.buf}[${op.start + i}]: want 0x${(want >>> 0).toString(16)}, got 0x${got.toString(16)}`);
        });
      } else {
        const callArgs = op.args.map((a) => (a.type === 'i32' ? a.value : a.type === 'f64' ? fromHex64(a.value) : fromHex32(a.value)));
        const ret = e[op.fn](...callArgs);
        if (op.result === 'i32') {
          if ((ret | 0) !== op.expect) problems.push(`${op.fn}: want ${op.expect}, got ${ret | 0}`);
        } else if (op.result === 'f64') {
          if (!same64(BigInt(op.expect), bits64(ret))) problems.push(`${op.fn}: want ${op.expect}, got 0x${bits64(ret).toString(16)}`);
        } else if (op.result === 'f32') {
          if (!same32(Number(BigInt(op.expect)), bits32(ret))) problems.push(`${op.fn}: want ${op.expect}, got 0x${bits32(ret).toString(16)}`);
        }
      }
    }
    if (problems.length === 0) passed++;
    else {
      failed++;
      if (verbose || failed <= 5) console.log(`FAIL ${build} case "${c.name}": ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`);
    }
  }
  if (failed) anyFailed = true;
  console.log(`${build}: ${passed} passed, ${failed} failed (${host}, node ${process.version})`);
  console.log(`RESULT ${host} ${build} ${passed} ${failed}`);
}
process.exit(anyFailed ? 1 : 0);
