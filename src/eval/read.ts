/**
 * Readers of ground truth and detections for `evaluate`: YOLO txt, VOC-style txt, VOC XML, COCO JSON (an
 * annotations dict or a results list), names files, image sizes, and in-memory frames. Every box comes out as
 * float64 absolute pixels (x, y, w, h). Formats and rules: docs/eval.md.
 *
 * Errors are EdgeLossError with fn 'evaluate' and arg = "file:line" (txt), "file" (XML, with the object index),
 * "file annotations[i]" (JSON) or the option name: E_FILE (missing or malformed file or line), E_RANGE (negative
 * width/height, a class id outside the names table, an image absent from the ground truth), E_OPTION (a size or
 * names table that is needed and not given, a format that cannot be read as asked).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EdgeLossError } from '../errors.js';
import type { DetFormat, EvalBoxFormat, EvalFrameInput, GtFormat, Obj, Side } from './types.js';

const FN = 'evaluate';

/** A decimal number as written in label files: `12`, `-3.5`, `.88`, `1e-3`. Not hex, not NaN/inf, not empty. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** The file stem: `a/b/2007_000027.txt` → `2007_000027`. Images pair by this, never by a raw id. */
export function stem(path: string): string {
  const b = basename(path.replace(/\\/g, '/'));
  const e = extname(b);
  return e ? b.slice(0, -e.length) : b;
}

function readText(path: string, arg = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ENOENT') throw new EdgeLossError('E_FILE', FN, arg, path, 'does not exist');
    if (err?.code === 'EISDIR') throw new EdgeLossError('E_FILE', FN, arg, path, 'is a directory, not a file');
    throw new EdgeLossError('E_FILE', FN, arg, err?.code ?? String(e), `could not be read (${err?.message ?? String(e)})`);
  }
}

function isDir(path: string, arg: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new EdgeLossError('E_FILE', FN, arg, path, 'does not exist');
  }
}

function listDir(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(ext) && f !== 'classes.txt')
    .sort()
    .map((f) => join(dir, f));
}

/**
 * A names table: a file with one class name per line (id = 0-based line index among non-empty lines), or the list.
 */
export function readNames(spec: string | readonly string[] | undefined, arg: string): string[] | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec !== 'string') {
    if (!Array.isArray(spec) || !spec.every((s) => typeof s === 'string' && s.trim() !== '')) {
      throw new EdgeLossError('E_OPTION', FN, arg, spec, 'must be a names file path or a list of non-empty strings');
    }
    return spec.map((s) => s.trim());
  }
  const names = readText(spec).split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new EdgeLossError('E_FILE', FN, spec, spec, 'holds no class names (one name per line)');
  return names;
}

function num(tok: string, where: string, what: string): number {
  if (!NUMBER.test(tok)) throw new EdgeLossError('E_FILE', FN, where, tok, `has ${what} that is not a number`);
  return Number(tok);
}

/** Map a class token (a name, or an integer id looked up in `names` when given) to its key. */
function classOf(tok: string | number, names: string[] | undefined, where: string): { cls: string; named: boolean } {
  const s = String(tok).trim();
  if (INTEGER.test(s)) {
    const id = Number(s);
    if (!names) return { cls: String(id), named: false };
    if (id < 0 || id >= names.length) {
      throw new EdgeLossError('E_RANGE', FN, where, id, `has a class id outside the names table (0..${names.length - 1})`);
    }
    return { cls: names[id]!, named: true };
  }
  if (s === '') throw new EdgeLossError('E_FILE', FN, where, tok, 'has an empty class');
  return { cls: s, named: true };
}

function checkBox(x: number, y: number, w: number, h: number, where: string): void {
  for (const v of [x, y, w, h]) {
    if (!Number.isFinite(v)) throw new EdgeLossError('E_RANGE', FN, where, v, 'has a non-finite box coordinate');
  }
  if (w < 0 || h < 0) {
    throw new EdgeLossError(
      'E_RANGE', FN, where, [x, y, w, h],
      'has an inverted box (negative width or height): check the box layout (--box xyxy for x1 y1 x2 y2, --box xywh for x y w h) and the format (--gt-format/--det-format)',
    );
  }
}

function obj(x: number, y: number, w: number, h: number, c: { cls: string; named: boolean }, where: string, extra: Partial<Obj> = {}): Obj {
  checkBox(x, y, w, h, where);
  return {
    x, y, w, h, cls: c.cls, named: c.named, score: 1, corners: null, difficult: false, crowd: false, area: w * h, where,
    ...extra,
  };
}

/** How to turn normalised boxes into pixels: the size of an image by its stem. */
export type SizeOf = (id: string) => [number, number] | undefined;

interface TxtContext {
  role: 'gt' | 'det';
  box: EvalBoxFormat;
  names: string[] | undefined;
  sizeOf: SizeOf;
}

interface Row {
  file: string;
  line: number;
  toks: string[];
}

/**
 * A directory of per-image txt files (YOLO or VOC-style). Ground truth: `class a b c d [8 corners]` (5 or 13
 * tokens); detections: `class conf a b c d [8 corners]` (6 or 14). Split on any whitespace; blank lines skipped.
 * Format: 'yolo' (normalised cx cy w h, corners normalised) or 'voc' (absolute, `box` layout, corners absolute);
 * undefined: 'yolo' when every coordinate of the directory lies in [0, 1], else 'voc'.
 */
function readTxtDir(dir: string, format: 'yolo' | 'voc' | undefined, ctx: TxtContext): Side {
  const files = listDir(dir, '.txt');
  const off = ctx.role === 'det' ? 2 : 1;
  const rowsByFile = new Map<string, Row[]>();
  let allUnit = true;
  let anyBox = false;
  for (const file of files) {
    const rows: Row[] = [];
    readText(file).split(/\r\n|\n|\r/).forEach((text, i) => {
      const toks = text.trim().split(/\s+/).filter((t) => t.length > 0);
      if (toks.length === 0) return;
      const where = `${file}:${i + 1}`;
      const ok = ctx.role === 'det' ? toks.length === 6 || toks.length === 14 : toks.length === 5 || toks.length === 13;
      if (!ok) {
        const want = ctx.role === 'det'
          ? '6 tokens (class conf a b c d) or 14 (with 8 corner coordinates)'
          : '5 tokens (class a b c d) or 13 (with 8 corner coordinates)';
        throw new EdgeLossError('E_FILE', FN, where, text.trim(), `has ${toks.length} tokens; a ${ctx.role === 'det' ? 'detection' : 'ground-truth'} line has ${want}`);
      }
      for (let k = 1; k < toks.length; k++) {
        const v = num(toks[k]!, where, k === 1 && off === 2 ? 'a confidence' : `token ${k + 1}`);
        if (k >= off) {
          anyBox = true;
          if (v < 0 || v > 1) allUnit = false;
        }
      }
      rows.push({ file, line: i + 1, toks });
    });
    rowsByFile.set(file, rows);
  }
  const fmt = format ?? (anyBox && allUnit ? 'yolo' : anyBox ? 'voc' : 'yolo');
  const frames = new Map<string, Obj[]>();
  for (const [file, rows] of rowsByFile) {
    const id = stem(file);
    const objs: Obj[] = [];
    for (const r of rows) {
      const where = `${r.file}:${r.line}`;
      const c = classOf(r.toks[0]!, ctx.names, where);
      const v = r.toks.slice(off).map(Number);
      const score = off === 2 ? Number(r.toks[1]) : 1;
      let x: number; let y: number; let w: number; let h: number;
      let corners: Float64Array | null = null;
      if (fmt === 'yolo') {
        const size = ctx.sizeOf(id);
        if (!size) {
          throw new EdgeLossError(
            'E_OPTION', FN, where, id,
            'holds normalised (YOLO) boxes but the image size is unknown: give --imgsz W,H or --sizes PATH (VOC XML dir or COCO JSON)',
          );
        }
        const [W, H] = size;
        if (v.slice(0, 4).some((c2) => c2 > 2 || c2 < -1)) {
          throw new EdgeLossError(
            'E_RANGE', FN, where, v.slice(0, 4),
            'holds pixel values, but YOLO boxes are normalised to [0, 1]: read it as VOC-style txt (--gt-format/--det-format voc, with --box xyxy or xywh)',
          );
        }
        w = v[2]! * W;
        h = v[3]! * H;
        x = v[0]! * W - w / 2;
        y = v[1]! * H - h / 2;
        if (v.length === 12) corners = Float64Array.from(v.slice(4), (c2, k) => c2 * (k % 2 === 0 ? W : H));
      } else {
        [x, y] = [v[0]!, v[1]!];
        if (ctx.box === 'xyxy') {
          w = v[2]! - x;
          h = v[3]! - y;
        } else {
          w = v[2]!;
          h = v[3]!;
        }
        if (v.length === 12) corners = Float64Array.from(v.slice(4));
      }
      objs.push(obj(x, y, w, h, c, where, { score, corners }));
    }
    frames.set(id, objs);
  }
  return { frames, sizes: new Map(), format: fmt, source: dir };
}

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'object' });

function xmlNumber(v: unknown, where: string, what: string): number {
  if (typeof v !== 'string') throw new EdgeLossError('E_FILE', FN, where, v ?? null, `has no ${what}`);
  return num(v, where, what);
}

/** One VOC XML annotation file: its size and objects. */
function readXmlFile(file: string, names: string[] | undefined): { size: [number, number] | undefined; objs: Obj[] } {
  const text = readText(file);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new EdgeLossError('E_FILE', FN, `${file}:${valid.err.line}`, valid.err.code, `is not well-formed XML (${valid.err.msg})`);
  }
  const doc = xmlParser.parse(text) as { annotation?: Record<string, unknown> };
  const ann = doc.annotation;
  if (!ann || typeof ann !== 'object') throw new EdgeLossError('E_FILE', FN, file, null, 'has no <annotation> element (not VOC XML)');
  let size: [number, number] | undefined;
  const s = ann.size as Record<string, unknown> | undefined;
  if (s && typeof s === 'object' && s.width !== undefined) {
    size = [xmlNumber(s.width, file, '<size><width>'), xmlNumber(s.height, file, '<size><height>')];
  }
  const objects = (ann.object as Record<string, unknown>[] | undefined) ?? [];
  const objs = objects.map((o, i) => {
    const where = `${file} <object> ${i + 1}`;
    const bb = o.bndbox as Record<string, unknown> | undefined;
    if (!bb || typeof bb !== 'object') throw new EdgeLossError('E_FILE', FN, where, null, 'has no <bndbox>');
    if (typeof o.name !== 'string') throw new EdgeLossError('E_FILE', FN, where, o.name ?? null, 'has no <name>');
    const x1 = xmlNumber(bb.xmin, where, '<xmin>');
    const y1 = xmlNumber(bb.ymin, where, '<ymin>');
    const x2 = xmlNumber(bb.xmax, where, '<xmax>');
    const y2 = xmlNumber(bb.ymax, where, '<ymax>');
    const difficult = o.difficult !== undefined && String(o.difficult).trim() === '1';
    return obj(x1, y1, x2 - x1, y2 - y1, classOf(o.name, names, where), where, { difficult });
  });
  return { size, objs };
}

function readXmlDir(dir: string, names: string[] | undefined): Side {
  const frames = new Map<string, Obj[]>();
  const sizes = new Map<string, [number, number]>();
  for (const file of listDir(dir, '.xml')) {
    const { size, objs } = readXmlFile(file, names);
    const id = stem(file);
    frames.set(id, objs);
    if (size) sizes.set(id, size);
  }
  return { frames, sizes, format: 'voc-xml', source: dir };
}

function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new EdgeLossError('E_FILE', FN, path, text.slice(0, 40), `is not valid JSON (${(e as Error).message})`);
  }
}

type Rec = Record<string, unknown>;

function field(o: Rec, key: string, where: string, kind: 'number' | 'string'): never | number | string {
  const v = o[key];
  if (kind === 'number' ? typeof v !== 'number' || !Number.isFinite(v) : typeof v !== 'string') {
    throw new EdgeLossError('E_FILE', FN, where, v ?? null, `needs "${key}" as a ${kind}`);
  }
  return v as number | string;
}

function cocoBox(a: Rec, where: string): [number, number, number, number] {
  const bb = a.bbox;
  if (!Array.isArray(bb) || bb.length !== 4 || !bb.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new EdgeLossError('E_FILE', FN, where, bb ?? null, 'needs "bbox" as [x, y, w, h] of 4 finite numbers');
  }
  return bb as [number, number, number, number];
}

/** COCO images and categories of a dict: id → stem of file_name, id → name. */
function cocoTables(doc: Rec, path: string): { images: Map<number, string>; cats: Map<number, string>; sizes: Map<string, [number, number]> } {
  const images = new Map<number, string>();
  const sizes = new Map<string, [number, number]>();
  const imgs = doc.images;
  if (!Array.isArray(imgs)) throw new EdgeLossError('E_FILE', FN, path, null, 'is a COCO dict without an "images" list');
  imgs.forEach((im: Rec, i) => {
    const where = `${path} images[${i}]`;
    const id = field(im, 'id', where, 'number') as number;
    const name = stem(field(im, 'file_name', where, 'string') as string);
    images.set(id, name);
    if (typeof im.width === 'number' && typeof im.height === 'number') sizes.set(name, [im.width, im.height]);
  });
  const cats = new Map<number, string>();
  if (Array.isArray(doc.categories)) {
    doc.categories.forEach((c: Rec, i) => {
      const where = `${path} categories[${i}]`;
      cats.set(field(c, 'id', where, 'number') as number, field(c, 'name', where, 'string') as string);
    });
  }
  return { images, cats, sizes };
}

function cocoClass(catId: unknown, cats: Map<number, string> | undefined, names: string[] | undefined, where: string): { cls: string; named: boolean } {
  if (typeof catId !== 'number' || !Number.isInteger(catId)) {
    throw new EdgeLossError('E_FILE', FN, where, catId ?? null, 'needs "category_id" as an integer');
  }
  const name = cats?.get(catId);
  if (name !== undefined) return { cls: name, named: true };
  if (cats && cats.size > 0) return { cls: `category_id ${catId}`, named: true }; // not a category of the table
  return classOf(catId, names, where);
}

/**
 * A COCO JSON file. Ground truth: an annotations dict (images, annotations, categories); frames are its images
 * in ascending id order (pycocotools' imgIds), with `area` and `iscrowd` from each annotation. Detections: a
 * results list [{image_id, category_id, bbox, score}] (ids of the ground truth's COCO tables), or a dict with its
 * own images and categories (mapped by file_name and category name).
 */
function readCoco(path: string, role: 'gt' | 'det', names: string[] | undefined, gt: Side | undefined): Side {
  const doc = readJson(path);
  const frames = new Map<string, Obj[]>();
  let anns: unknown[];
  let images: Map<number, string>;
  let cats: Map<number, string> | undefined;
  let sizes = new Map<string, [number, number]>();
  let categories: string[] | undefined;
  if (Array.isArray(doc)) {
    if (role === 'gt') throw new EdgeLossError('E_FILE', FN, path, 'list', 'is a COCO results list; ground truth must be an annotations dict');
    if (!gt?.cocoImages) {
      throw new EdgeLossError(
        'E_OPTION', FN, path, gt?.format ?? null,
        'is a COCO results list, whose image_id only a COCO ground truth defines; give a COCO ground truth, or a detections dict with "images"',
      );
    }
    anns = doc;
    images = gt.cocoImages;
    cats = gt.cocoCats;
  } else if (doc && typeof doc === 'object') {
    const d = doc as Rec;
    if (!Array.isArray(d.annotations)) throw new EdgeLossError('E_FILE', FN, path, Object.keys(d).slice(0, 6), 'is a COCO dict without an "annotations" list');
    ({ images, cats, sizes } = cocoTables(d, path));
    anns = d.annotations;
    if (cats.size === 0) cats = undefined;
    if (role === 'gt') {
      for (const id of [...images.keys()].sort((a, b) => a - b)) frames.set(images.get(id)!, []);
      if (cats) categories = [...cats.keys()].sort((a, b) => a - b).map((k) => cats!.get(k)!);
    }
  } else {
    throw new EdgeLossError('E_FILE', FN, path, typeof doc, 'must hold a COCO annotations dict or a results list');
  }
  anns.forEach((a0, i) => {
    const where = `${path} annotations[${i}]`;
    if (!a0 || typeof a0 !== 'object') throw new EdgeLossError('E_FILE', FN, where, a0 ?? null, 'is not an object');
    const a = a0 as Rec;
    const imageId = a.image_id;
    const id = typeof imageId === 'number' ? images.get(imageId) : undefined;
    if (id === undefined) {
      throw new EdgeLossError(
        role === 'det' ? 'E_RANGE' : 'E_FILE', FN, where, imageId ?? null,
        role === 'det' && Array.isArray(doc) ? 'names an image_id absent from the ground truth' : 'names an image_id absent from its "images"',
      );
    }
    const [x, y, w, h] = cocoBox(a, where);
    const c = cocoClass(a.category_id, cats, names, where);
    let o: Obj;
    if (role === 'gt') {
      const area = a.area === undefined ? w * h : (field(a, 'area', where, 'number') as number);
      o = obj(x, y, w, h, c, where, { area, crowd: Boolean(a.iscrowd) });
    } else {
      const score = field(a, 'score', where, 'number') as number;
      o = obj(x, y, w, h, c, where, { score }); // pycocotools loadRes: area = w·h, iscrowd 0
    }
    const list = frames.get(id);
    if (list) list.push(o);
    else frames.set(id, [o]);
  });
  const side: Side = { frames, sizes, format: 'coco', source: path };
  if (role === 'gt') {
    side.cocoImages = images;
    side.cocoCats = cats;
    side.categories = categories;
  }
  return side;
}

/** Image sizes from `--sizes`: a directory of VOC XML files, or a COCO JSON file's images. */
export function readSizes(path: string): Map<string, [number, number]> {
  if (isDir(path, 'options.sizes')) {
    const sizes = new Map<string, [number, number]>();
    for (const file of listDir(path, '.xml')) {
      const { size } = readXmlFile(file, undefined);
      if (size) sizes.set(stem(file), size);
    }
    return sizes;
  }
  const doc = readJson(path);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new EdgeLossError('E_FILE', FN, path, null, 'must be a COCO JSON dict with "images" (or a directory of VOC XML files)');
  }
  return cocoTables(doc as Rec, path).sizes;
}

export interface ReadContext {
  box: EvalBoxFormat;
  names: string[] | undefined;
  sizeOf: SizeOf;
}

/** Read one side from a path. The format comes from `format`, else from the content (docs/eval.md). */
export function readPath(path: string, role: 'gt' | 'det', format: GtFormat | DetFormat | undefined, ctx: ReadContext, gt?: Side): Side {
  const arg = role === 'gt' ? 'options.gt' : 'options.det';
  if (isDir(path, arg)) {
    if (format === 'coco') throw new EdgeLossError('E_OPTION', FN, path, format, 'is a directory; a COCO input is one JSON file');
    const hasXml = readdirSync(path).some((f) => f.toLowerCase().endsWith('.xml'));
    if (format === 'voc-xml' || (format === undefined && role === 'gt' && hasXml && listDir(path, '.txt').length === 0)) {
      return readXmlDir(path, ctx.names);
    }
    return readTxtDir(path, format as 'yolo' | 'voc' | undefined, { role, ...ctx });
  }
  if (format !== undefined && format !== 'coco') {
    throw new EdgeLossError('E_OPTION', FN, path, format, `is a file; format ${format} reads a directory of per-image files`);
  }
  if (extname(path).toLowerCase() !== '.json') {
    throw new EdgeLossError('E_OPTION', FN, path, extname(path), 'must be a directory of per-image files or one COCO .json file');
  }
  return readCoco(path, role, ctx.names, gt);
}

function flat(a: ArrayLike<number> | ArrayLike<ArrayLike<number>>, k: number, where: string, what: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === 'number') out.push(v);
    else if (v && typeof v === 'object' && v.length === k) for (let j = 0; j < k; j++) out.push(Number(v[j]));
    else throw new EdgeLossError('E_SHAPE', FN, where, v ?? null, `${what} must be flat [N·${k}] or nested [N][${k}]`);
  }
  return out;
}

/** In-memory frames (the API's `gt`/`det` arrays). */
export function readFrames(list: readonly EvalFrameInput[], role: 'gt' | 'det', ctx: ReadContext): Side {
  const arg = role === 'gt' ? 'options.gt' : 'options.det';
  if (!Array.isArray(list)) throw new EdgeLossError('E_OPTION', FN, arg, list, 'must be a path or an array of frames');
  const frames = new Map<string, Obj[]>();
  const sizes = new Map<string, [number, number]>();
  list.forEach((f, i) => {
    const where = `${arg}[${i}]`;
    if (!f || typeof f !== 'object' || typeof f.id !== 'string') throw new EdgeLossError('E_OPTION', FN, where, f ?? null, 'must be a frame { id: string, boxes, classes, ... }');
    if (frames.has(f.id)) throw new EdgeLossError('E_OPTION', FN, where, f.id, 'repeats a frame id');
    const boxes = flat(f.boxes ?? [], 4, `${where}.boxes`, 'boxes');
    if (boxes.length % 4 !== 0) {
      throw new EdgeLossError('E_SHAPE', FN, `${where}.boxes`, boxes.length, 'must hold 4 numbers per box (flat [N·4] or nested [N][4])');
    }
    const n = boxes.length / 4;
    if (!f.classes || f.classes.length !== n) throw new EdgeLossError('E_LENGTH', FN, `${where}.classes`, f.classes?.length ?? null, `must hold one class per box (${n})`);
    if (role === 'det' && (!f.confidences || f.confidences.length !== n)) {
      throw new EdgeLossError('E_LENGTH', FN, `${where}.confidences`, f.confidences?.length ?? null, `must hold one confidence per detection (${n})`);
    }
    const corners = f.corners === undefined ? undefined : flat(f.corners, 8, `${where}.corners`, 'corners');
    if (corners && corners.length !== 8 * n) throw new EdgeLossError('E_LENGTH', FN, `${where}.corners`, corners.length, `must hold 8 coordinates per box (${8 * n})`);
    const objs: Obj[] = [];
    for (let k = 0; k < n; k++) {
      const w0 = `${where} box ${k}`;
      const [a, b, c, d] = boxes.slice(4 * k, 4 * k + 4) as [number, number, number, number];
      const [w, h] = ctx.box === 'xyxy' ? [c - a, d - b] : [c, d];
      const extra: Partial<Obj> = {
        score: role === 'det' ? Number(f.confidences![k]) : 1,
        corners: corners ? Float64Array.from(corners.slice(8 * k, 8 * k + 8)) : null,
        difficult: Boolean(f.difficult?.[k]),
        crowd: Boolean(f.iscrowd?.[k]),
      };
      if (f.area) extra.area = Number(f.area[k]);
      if (!Number.isFinite(extra.score!)) throw new EdgeLossError('E_RANGE', FN, w0, extra.score, 'has a non-finite confidence');
      objs.push(obj(a, b, w, h, classOf(f.classes[k]!, ctx.names, w0), w0, extra));
    }
    frames.set(f.id, objs);
    if (f.width !== undefined && f.height !== undefined) sizes.set(f.id, [f.width, f.height]);
  });
  return { frames, sizes, format: 'memory', source: 'memory' };
}
