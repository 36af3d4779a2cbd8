/**
 * Where ../shared is (beside the repository root, found from this file, never the cwd), and how a suite that
 * needs it is skipped: only when it is absent and CI is unset; under CI a missing ../shared is a failure.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');
export const HAVE_SHARED = existsSync(join(SHARED, 'data'));
export const IN_CI = Boolean(process.env.CI);

export const ODM = join(SHARED, 'data', 'odm_toy');
export const VOC100 = join(SHARED, 'data', 'voc100_review_odm');
export const DB = join(VOC100, 'data', 'database');
export const ARMOR = join(SHARED, 'data', 'rm_armor5_pylabel', 'resources', 'test_dataset', 'labels');

/** describe() that runs when ../shared exists, skips with the reason when it does not (CI unset), fails under CI. */
export function describeShared(name: string, body: () => void): void {
  if (HAVE_SHARED) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      it('needs ../shared, which is missing under CI', () => {
        throw new Error(`${SHARED} is missing: CI must provide ../shared beside the repository`);
      });
    });
  } else {
    // Not describe.skip(name, body): Vitest still runs a skipped suite's body to collect its tests, and the bodies
    // read ../shared while collecting. One skipped placeholder states the reason instead.
    describe(`${name} (skipped: ${SHARED} is absent and CI is unset)`, () => {
      it.skip(`needs ${SHARED} beside the repository`, () => {});
    });
  }
}
