import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The public types tell the caller what a call returns: a number by default, an array for reduction 'none',
// { value, grad } for grad: true. usage.ts holds typed calls (and @ts-expect-error lines that must stay errors);
// this test type-checks it with the project's TypeScript.
it('types the results of loss calls by their options', () => {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  const r = spawnSync(process.execPath, [tsc, '-p', `${dir}tsconfig.json`], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 60_000);
