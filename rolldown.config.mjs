// Bundles the tsc output (dist/) into dist/bundle/: the package entry ('.'), './reference' and the CLI, built as
// one graph so shared modules sit in shared chunks (one EdgeLossError class, one instance cache per process).
// Why: importing ~60 ES modules one by one costs tens of milliseconds of loader time on a small board; a few
// chunks load in a few. Dependencies from package.json stay external. The chunks sit two levels below the package
// root, like dist/wasm/, so `new URL('../../build/…', import.meta.url)` finds the .wasm from either layout.
import { readFileSync, rmSync } from 'node:fs';
import { defineConfig } from 'rolldown';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const deps = Object.keys(pkg.dependencies ?? {});
// Chunk names carry content hashes and rolldown does not empty the directory, so start from an empty one.
rmSync(new URL('./dist/bundle/', import.meta.url), { recursive: true, force: true });

export default defineConfig({
  input: { index: 'dist/index.js', reference: 'dist/reference/index.js', cli: 'dist/cli/main.js' },
  platform: 'node',
  external: (id) => id.startsWith('node:') || deps.some((d) => id === d || id.startsWith(`${d}/`)),
  output: { dir: 'dist/bundle', format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
