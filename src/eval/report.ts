/**
 * Renderings of an EvalResult for `edgeloss eval`: the terminal table, the per-frame CSV, and the SVG plot (a
 * histogram of per-frame total loss and the VOC-rules PR curve per class, drawn with Vega's headless renderer).
 */
import type { EvalInternals, EvalResult } from './types.js';

const pct = (v: number | null): string => (v === null ? '-' : v === -1 ? 'n/a' : (100 * v).toFixed(2));
const fix = (v: number | null, d = 4): string => (v === null ? '-' : v.toFixed(d));

function pad(rows: string[][], right: Set<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

/** The terminal table (percentages for metrics). */
export function formatTable(r: EvalResult): string {
  const s = r.settings;
  const out: string[] = [];
  out.push(`edgeloss eval: ${r.images} images, ${r.gt_boxes} ground truths, ${r.det_boxes} detections`);
  out.push(`  gt ${r.source.gt_format}: ${r.source.gt}`);
  out.push(`  det ${r.source.det_format}: ${r.source.det}`);
  out.push(`  rules ${s.rules}, IoU ${s.iou}${s.plus1 ? ', +1 pixels' : ''}${s.ignore_difficult ? ', difficult ignored' : ''}${s.conf === null ? '' : `, conf >= ${s.conf}`}`);
  out.push('');
  const c = r.coco;
  out.push('COCO (pycocotools rules, %; n/a = undefined)');
  out.push(...pad([
    ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl'],
    [c.AP, c.AP50, c.AP75, c.APs, c.APm, c.APl, c.AR1, c.AR10, c.AR100, c.ARs, c.ARm, c.ARl].map(pct),
  ], new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).map((l) => `  ${l}`));
  out.push('');
  out.push(`VOC (${s.rules} rules at IoU ${s.iou}, %)`);
  const rows = [['class', 'AP', 'AP11', 'TP', 'FP', 'npos']];
  for (const k of r.voc.classes) rows.push([k.class, pct(k.ap), pct(k.ap11), String(k.tp), String(k.fp), String(k.npos)]);
  rows.push(['mAP', pct(r.voc.mAP), pct(r.voc.mAP11), String(r.counts.tp), String(r.counts.fp), String(r.counts.tp + r.counts.fn)]);
  out.push(...pad(rows, new Set([1, 2, 3, 4, 5])).map((l) => `  ${l}`));
  out.push('');
  const k = r.counts;
  out.push(`counts: TP ${k.tp}  FP ${k.fp}  FN ${k.fn}  precision ${pct(k.precision)}%  recall ${pct(k.recall)}%`);
  const l = r.loss;
  out.push(`loss (means over the set): box ${fix(l.box)} (${s.box_loss})  cls ${fix(l.cls)} (${s.cls_loss}, target ${s.cls_target})  kpt ${fix(l.kpt)} (${s.kpt_loss})  total ${fix(l.total)}${s.build ? `  [${s.build}]` : ''}`);
  if (r.worst.length > 0) {
    out.push('');
    out.push(`worst ${r.worst.length} frames by total loss`);
    const byId = new Map(r.frames.map((f) => [f.id, f]));
    const w = [['frame', 'total', 'box', 'cls', 'kpt', 'TP', 'FP', 'FN']];
    for (const x of r.worst) {
      const f = byId.get(x.id)!;
      w.push([f.id, fix(f.loss.total), fix(f.loss.box), fix(f.loss.cls), fix(f.loss.kpt), String(f.counts.tp), String(f.counts.fp), String(f.counts.fn)]);
    }
    out.push(...pad(w, new Set([1, 2, 3, 4, 5, 6, 7])).map((line) => `  ${line}`));
  }
  return out.join('\n');
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Per-frame rows: id, gt, det, tp, fp, fn, precision, recall, box, cls, kpt, total (empty = null). */
export function formatCsv(r: EvalResult): string {
  const head = ['id', 'gt', 'det', 'tp', 'fp', 'fn', 'precision', 'recall', 'box', 'cls', 'kpt', 'total'];
  const lines = [head.join(',')];
  for (const f of r.frames) {
    lines.push([f.id, f.gt, f.det, f.counts.tp, f.counts.fp, f.counts.fn, f.counts.precision, f.counts.recall,
      f.loss.box, f.loss.cls, f.loss.kpt, f.loss.total].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A Vega spec: per-frame total-loss histogram (left) and the PR curve of each class (right). */
export function plotSpec(r: EvalResult, internals: EvalInternals): Record<string, unknown> {
  const losses = r.frames.filter((f) => f.loss.total !== null).map((f) => ({ id: f.id, total: f.loss.total }));
  const pr = internals.pr.flatMap((c) => [{ class: c.class, recall: 0, precision: c.precision[0] ?? 0, i: -1 },
    ...c.recall.map((rc, i) => ({ class: c.class, recall: rc, precision: c.precision[i]!, i }))]);
  const W = 360;
  const H = 260;
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: 2 * W + 80,
    height: H + 40,
    padding: 10,
    title: { text: `edgeloss eval: ${r.images} frames, mAP ${r.voc.mAP === null ? '-' : (100 * r.voc.mAP).toFixed(2)}% (${r.settings.rules} @ ${r.settings.iou}), COCO AP ${r.coco.AP === -1 ? 'n/a' : (100 * r.coco.AP).toFixed(2)}%` },
    data: [
      { name: 'losses', values: losses, transform: [{ type: 'extent', field: 'total', signal: 'lossExtent' }, { type: 'bin', field: 'total', extent: { signal: 'lossExtent' }, maxbins: 20, as: ['b0', 'b1'] }] },
      { name: 'hist', source: 'losses', transform: [{ type: 'aggregate', groupby: ['b0', 'b1'], ops: ['count'], as: ['n'] }] },
      { name: 'pr', values: pr },
    ],
    marks: [
      {
        type: 'group',
        encode: { enter: { x: { value: 0 }, y: { value: 20 }, width: { value: W }, height: { value: H } } },
        scales: [
          { name: 'x', type: 'linear', domain: { data: 'hist', fields: ['b0', 'b1'] }, range: [0, W], zero: false },
          { name: 'y', type: 'linear', domain: { data: 'hist', field: 'n' }, range: [H, 0], nice: true, zero: true },
        ],
        axes: [
          { orient: 'bottom', scale: 'x', title: 'per-frame total loss' },
          { orient: 'left', scale: 'y', title: 'frames' },
        ],
        marks: [{
          type: 'rect', from: { data: 'hist' },
          encode: { enter: { x: { scale: 'x', field: 'b0' }, x2: { scale: 'x', field: 'b1', offset: -1 }, y: { scale: 'y', field: 'n' }, y2: { scale: 'y', value: 0 }, fill: { value: '#4c78a8' } } },
        }],
      },
      {
        type: 'group',
        encode: { enter: { x: { value: W + 80 }, y: { value: 20 }, width: { value: W }, height: { value: H } } },
        scales: [
          { name: 'x', type: 'linear', domain: [0, 1], range: [0, W] },
          { name: 'y', type: 'linear', domain: [0, 1], range: [H, 0] },
          { name: 'color', type: 'ordinal', domain: { data: 'pr', field: 'class' }, range: 'category' },
        ],
        axes: [
          { orient: 'bottom', scale: 'x', title: 'recall' },
          { orient: 'left', scale: 'y', title: 'precision' },
        ],
        marks: [{
          type: 'group',
          from: { facet: { name: 'series', data: 'pr', groupby: 'class' } },
          marks: [{
            type: 'line', from: { data: 'series' },
            sort: { field: 'datum.i' },
            encode: { enter: { x: { scale: 'x', field: 'recall' }, y: { scale: 'y', field: 'precision' }, stroke: { scale: 'color', field: 'class' }, strokeWidth: { value: 1.5 }, interpolate: { value: 'step-after' } } },
          }],
        }],
      },
    ],
  };
}

/** Render the plot to an SVG string with Vega (no browser, no canvas). */
export async function renderSvg(r: EvalResult, internals: EvalInternals): Promise<string> {
  const vega = await import('vega');
  const view = new vega.View(vega.parse(plotSpec(r, internals) as never), { renderer: 'none' });
  return view.toSVG();
}
