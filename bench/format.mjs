// Time formatting shared by bench/run.mjs and bench/summary.mjs.

/** A duration in nanoseconds as three significant digits in ns, µs, ms or s; '–' when not measured. */
export function fmtTime(ns) {
  if (!Number.isFinite(ns)) return '–';
  if (ns < 1e3) return `${ns.toPrecision(3)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}
