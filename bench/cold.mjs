// One cold start, in this fresh process: time from here to a usable loss module, printed as JSON on stdout.
// Usage: node bench/cold.mjs floor | edgeloss | edgeloss-module | tfjs-cpu | tfjs-wasm
// 'edgeloss' imports the package entry as users do (package.json exports '.': the bundle in dist/bundle/);
// 'edgeloss-module' imports the low layer from tsc's unbundled dist/wasm/; 'floor' is Node's own cost for one
// dynamic import of a one-line local module in a fresh process, which every row above includes.
const kind = process.argv[2];
const t0 = performance.now();
let t1;
let first = null;
if (kind === 'floor') {
  await import('./floor.mjs');
  t1 = performance.now();
} else if (kind === 'edgeloss') {
  const m = await import('edgeloss');
  const el = await m.loadEdgeLoss();
  t1 = performance.now();
  el.mseLoss(new Float32Array(16), new Float32Array(16));
  first = performance.now() - t1;
} else if (kind === 'edgeloss-module') {
  const { LossModule } = await import('../dist/wasm/module.js');
  const { detectSimd } = await import('../dist/wasm/simd.js');
  const mod = new LossModule(detectSimd() ? 'simd' : 'mvp');
  t1 = performance.now();
  mod.exports.reset(); mod.exports.mse(16, 0, 16); mod.exports.result(1, 16);
  first = performance.now() - t1;
} else if (kind === 'tfjs-cpu' || kind === 'tfjs-wasm') {
  const warn = console.warn, log = console.log;
  console.warn = console.log = () => {}; // tfjs prints a hint about tfjs-node on first use
  const tf = await import('@tensorflow/tfjs-core');
  if (kind === 'tfjs-cpu') await import('@tensorflow/tfjs-backend-cpu');
  else await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(kind === 'tfjs-cpu' ? 'cpu' : 'wasm');
  await tf.ready();
  t1 = performance.now();
  tf.tidy(() => tf.losses.meanSquaredError(tf.zeros([16]), tf.zeros([16])).dataSync());
  first = performance.now() - t1;
  console.warn = warn; console.log = log;
} else if (kind === 'node') {
  t1 = performance.now();
} else {
  throw new Error(`unknown kind ${kind}`);
}
process.stdout.write(JSON.stringify({ kind, ms: t1 - t0, firstCallMs: first }) + '\n');
