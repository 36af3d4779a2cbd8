// Build the C baselines (losses.c + the N-API wrapper addon.c) with the system gcc, once per variant, into
// bench/native/build/<variant>.node, and keep gcc's -fopt-info-vec report beside each (<variant>.vec.txt).
// Returns the variants built, or [] with a printed note when gcc or the Node headers are missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const VARIANTS = [
  { id: 'c-O3', flags: ['-O3'], label: 'C -O3 (128-bit SSE, scalar libm)' },
  { id: 'c-native', flags: ['-O3', '-march=native'], label: 'C -O3 -march=native' },
  { id: 'c-fast', flags: ['-O3', '-march=native', '-ffast-math'], label: 'C -O3 -march=native -ffast-math (vectorised native limit)' },
];

function nodeInclude() {
  const cands = [join(dirname(dirname(process.execPath)), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return cands.find((d) => existsSync(join(d, 'node_api.h'))) ?? null;
}

/** Which functions of losses.c have a vectorised loop, per gcc's report. */
function vecSummary(report, src) {
  const lines = src.split('\n');
  const fnAt = (line) => {
    for (let i = line - 1; i >= 0; i--) {
      const m = /^(?:static )?double (\w+)\(/.exec(lines[i]);
      if (m) return m[1];
    }
    return '?';
  };
  const out = {};
  for (const l of report.split('\n')) {
    const m = /losses\.c:(\d+):\d+: optimized: (loop vectorized[^\n]*|basic block part vectorized[^\n]*)/.exec(l);
    if (!m) continue;
    const fn = fnAt(Number(m[1]));
    const kind = m[2].startsWith('loop') ? `loop ${/using (\d+) byte vectors/.exec(m[2])?.[1] ?? '?'}B` : 'bb';
    (out[fn] ??= new Set()).add(kind);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort().join(', ')]));
}

export function buildNative({ quiet = false } = {}) {
  const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (gcc.status !== 0) {
    console.log('note: no gcc on PATH: the native C columns are skipped (apt-get install gcc to add them)');
    return { variants: [], gcc: null };
  }
  const inc = nodeInclude();
  if (!inc) {
    console.log('note: node_api.h not found (Node headers): the native C columns are skipped');
    return { variants: [], gcc: gcc.stdout.split('\n')[0] };
  }
  const outDir = join(here, 'build');
  mkdirSync(outDir, { recursive: true });
  const src = readFileSync(join(here, 'losses.c'), 'utf8');
  const built = [];
  for (const v of VARIANTS) {
    const node = join(outDir, `${v.id}.node`);
    const vec = join(outDir, `${v.id}.vec.txt`);
    const args = [...v.flags, '-fPIC', '-shared', `-fopt-info-vec-optimized=${vec}`, `-I${inc}`,
      join(here, 'losses.c'), join(here, 'addon.c'), '-o', node, '-lm'];
    try {
      execFileSync('gcc', args, { stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'] });
    } catch (e) {
      console.log(`note: gcc failed for ${v.id}: ${e.message.split('\n')[0]}; that column is skipped`);
      continue;
    }
    const report = existsSync(vec) ? readFileSync(vec, 'utf8') : '';
    const summary = vecSummary(report, src);
    writeFileSync(join(outDir, `${v.id}.vec.json`), JSON.stringify(summary, null, 2));
    built.push({ ...v, path: node, cmd: `gcc ${args.join(' ')}`, vectorized: summary });
  }
  return { variants: built, gcc: gcc.stdout.split('\n')[0] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = buildNative();
  for (const v of r.variants) console.log(v.id, JSON.stringify(v.vectorized));
}
