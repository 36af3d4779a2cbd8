// Make the CLI entry executable after tsc (npm also does this for `bin` on install; this covers local runs).
import { chmodSync, existsSync } from 'node:fs';
for (const f of ['../dist/cli/main.js', '../dist/bundle/cli.js']) {
  const cli = new URL(f, import.meta.url);
  if (existsSync(cli)) chmodSync(cli, 0o755);
}
