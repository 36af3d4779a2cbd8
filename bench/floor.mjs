// A one-line module: bench/cold.mjs 'floor' times Node's own cost of one dynamic import in a fresh process.
export const floor = 1;
