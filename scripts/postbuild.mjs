// Make the CLI entry executable after tsc (npm also does this for `bin` on install; this covers local runs).
import { chmodSync, existsSync } from 'node:fs';
const cli = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);
