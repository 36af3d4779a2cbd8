/**
 * The package entries as users import them: package.json's exports point at the bundled dist/bundle/ (one module
 * graph for '.', './reference' and the CLI). Checks that the bundle exports what src/index.ts does, that the two
 * entries share one EdgeLossError class, and that the bundle finds the .wasm. Skipped only when dist/ is missing
 * and CI is unset (CI builds first, so there a missing bundle fails).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as src from '../../src/index.js';
import * as srcRef from '../../src/reference/index.js';
import { ROOT, IN_CI } from '../eval/shared.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, { import: string }>;
};
const MAIN = join(ROOT, pkg.exports['.']!.import);
const REF = join(ROOT, pkg.exports['./reference']!.import);
const have = existsSync(MAIN) && existsSync(REF);
const d = have || IN_CI ? describe : describe.skip;

d(`package entries (${have ? pkg.exports['.']!.import : 'skipped: dist/ is missing, run npm run build'})`, () => {
  it('"." exports the same names as src/index.ts and "./reference" the same as src/reference', async () => {
    const main = (await import(pathToFileURL(MAIN).href)) as Record<string, unknown>;
    const ref = (await import(pathToFileURL(REF).href)) as Record<string, unknown>;
    expect(Object.keys(main).sort()).toEqual(Object.keys(src).sort());
    expect(Object.keys(ref).sort()).toEqual(Object.keys(srcRef).sort());
  });

  it('one EdgeLossError class across "." and "./reference", and the bundle loads the .wasm', async () => {
    const main = (await import(pathToFileURL(MAIN).href)) as typeof src;
    const { reference: ref } = (await import(pathToFileURL(REF).href)) as typeof srcRef;
    let caught: unknown;
    try {
      ref.mseLoss([1, 2], [1]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(main.EdgeLossError);
    expect(main.reference.mseLoss).toBe(ref.mseLoss);
    const el = await main.loadEdgeLoss();
    expect(el.mseLoss([3, 1], [0, 1])).toBe(4.5);
  });
});
