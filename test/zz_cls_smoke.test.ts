import { it } from 'vitest';
import { loadEdgeLoss, reference } from '/work/main/src/index.js';
it('smoke', async () => {
  for (const build of ['simd', 'mvp'] as const) {
    const el = await loadEdgeLoss({ build });
    const x = Float32Array.from([0.5, -2, 3, 1e4, -Infinity, 0.1, 2, -1]);
    const t = Float32Array.from([1, 0, 0.3, 1, 1, 0, 0.7, 0]);
    const cases: [string, any, any, any][] = [
      ['sigmoidFocalLoss', x, t, {}],
      ['sigmoidFocalLoss', x, t, { convention: 'ultralytics', numClasses: 4, gamma: 0.5 }],
      ['softmaxFocalLoss', x, Int32Array.from([1, 3]), { numClasses: 4 }],
      ['softmaxFocalLoss', x, t, { numClasses: 4, labelSmoothing: 0.1, gamma: 0.5 }],
      ['qualityFocalLoss', x, t, { numClasses: 4 }],
      ['varifocalLoss', x, t, { numClasses: 4 }],
      ['distributionFocalLoss', x, Float32Array.from([1.3, 0]), { regMax: 4 }],
      ['distributionFocalLoss', x, Float32Array.from([1.3]), { regMax: 7, convention: 'mmdet' }],
      ['centernessLoss', Float32Array.from([0.5, -1]), Float32Array.from([1, 2, 3, 4, 0, 0, 5, 1]), {}],
      ['wingLoss', x.map((v) => (isFinite(v) ? v : 0)), t, { numKeypoints: 2 }],
      ['oksLoss', x.map((v) => (isFinite(v) ? v : 0)), t, { numKeypoints: 2, area: [3, 0.5], visibility: [1, 0, 1, 1] }],
    ];
    for (const [api, a, b, o] of cases) {
      for (const reduction of ['mean', 'sum', 'none']) {
        const got = (el as any)[api](a, b, { ...o, reduction, grad: true });
        const want = (reference as any)[api](a, b, { ...o, reduction, grad: true });
        console.log(build, api, reduction, JSON.stringify(o), String(got.value).slice(0, 80), '|', String(want.value).slice(0, 80));
        console.log('   g', Array.from(got.grad as Float32Array).map((v: number) => v.toPrecision(6)).join(','), '\n   r', Array.from(want.grad as Float64Array).map((v: number) => v.toPrecision(6)).join(','));
      }
    }
    console.log(el.centernessTarget([1, 2, 3, 4, 0, 0, 5, 1]), reference.centernessTarget([1, 2, 3, 4, 0, 0, 5, 1]));
  }
});
