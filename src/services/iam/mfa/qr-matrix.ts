/**
 * QR symbol layout (ISO/IEC 18004 §6.3, §7.7-7.10): function patterns (finders, separators,
 * timing, alignment, dark module), format and version information, codeword placement in the
 * two-column zigzag, data masks and the penalty rules that choose among them.
 */

type Grid = boolean[][];

/** Format information bits (level M = 00) for `mask`, BCH(15,5) and XOR 0x5412. */
export function formatBits(mask: number): number {
  const data = (0b00 << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** Version information bits (versions >= 7), BCH(18,6). */
export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | rem;
}

/** Centre coordinates of the alignment patterns of `version`. */
export function alignmentPositions(version: number): number[] {
  if (version === 1) return [];
  const size = version * 4 + 17;
  const count = Math.floor(version / 7) + 2;
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const out = [6];
  for (let pos = size - 7; out.length < count; pos -= step) out.splice(1, 0, pos);
  return out;
}

const bit = (x: number, i: number): boolean => ((x >>> i) & 1) !== 0;

/** Masks: whether module (x = column, y = row) is inverted. */
export const MASKS: readonly ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** Draws every function pattern; returns the modules and which of them are function modules. */
export function functionPatterns(version: number): { modules: Grid; isFunction: Grid } {
  const size = version * 4 + 17;
  const modules: Grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const isFunction: Grid = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const set = (x: number, y: number, dark: boolean) => {
    modules[y]![x] = dark;
    isFunction[y]![x] = true;
  };
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, d !== 2 && d !== 4);
      }
    }
  }
  const align = alignmentPositions(version);
  const last = align.length - 1;
  align.forEach((ay, i) =>
    align.forEach((ax, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }),
  );
  drawFormat(set, size, 0);
  if (version >= 7) {
    const v = versionBits(version);
    for (let i = 0; i < 18; i++) {
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(a, b, bit(v, i));
      set(b, a, bit(v, i));
    }
  }
  return { modules, isFunction };
}

function drawFormat(set: (x: number, y: number, dark: boolean) => void, size: number, mask: number): void {
  const f = formatBits(mask);
  for (let i = 0; i <= 5; i++) set(8, i, bit(f, i));
  set(8, 7, bit(f, 6));
  set(8, 8, bit(f, 7));
  set(7, 8, bit(f, 8));
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(f, i));
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(f, i));
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(f, i));
  set(8, size - 8, true);
}

/** Visits the data modules in placement order (upward/downward two-column zigzag, skipping column 6). */
export function forEachDataModule(isFunction: Grid, visit: (x: number, y: number) => void): void {
  const size = isFunction.length;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < size; vert++) {
      const y = upward ? size - 1 - vert : vert;
      for (let j = 0; j < 2; j++) if (!isFunction[y]![right - j]) visit(right - j, y);
    }
  }
}

/** Penalty score of a masked symbol (ISO/IEC 18004 §7.8.3, rules N1-N4). */
export function penalty(m: Grid): number {
  const size = m.length;
  let score = 0;
  const lines: string[] = [];
  for (let y = 0; y < size; y++) lines.push(m[y]!.map((d) => (d ? '1' : '0')).join(''));
  for (let x = 0; x < size; x++) lines.push(m.map((row) => (row[x] ? '1' : '0')).join(''));
  for (const line of lines) {
    for (const run of line.match(/0{5,}|1{5,}/g) ?? []) score += run.length - 2;
    for (let i = line.indexOf('1011101'); i >= 0; i = line.indexOf('1011101', i + 1)) {
      if (line.slice(Math.max(0, i - 4), i) === '0000' || line.slice(i + 7, i + 11) === '0000') score += 40;
    }
  }
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const c = m[y]![x];
      if (c === m[y]![x + 1] && c === m[y + 1]![x] && c === m[y + 1]![x + 1]) score += 3;
    }
  }
  const dark = m.reduce((n, row) => n + row.filter(Boolean).length, 0);
  const k = Math.ceil(Math.abs(dark * 20 - size * size * 10) / (size * size)) - 1;
  return score + Math.max(0, k) * 10;
}

/** Places the codewords, applies the best mask and writes the final format information. */
export function buildMatrix(version: number, codewords: readonly number[]): { modules: Grid; mask: number } {
  const { modules, isFunction } = functionPatterns(version);
  let i = 0;
  forEachDataModule(isFunction, (x, y) => {
    if (i < codewords.length * 8) modules[y]![x] = bit(codewords[i >>> 3]!, 7 - (i & 7));
    i++;
  });
  let best: { modules: Grid; mask: number; score: number } | undefined;
  for (let mask = 0; mask < 8; mask++) {
    const m = modules.map((row) => [...row]);
    forEachDataModule(isFunction, (x, y) => {
      if (MASKS[mask]!(x, y)) m[y]![x] = !m[y]![x];
    });
    drawFormat((x, y, d) => (m[y]![x] = d), m.length, mask);
    const score = penalty(m);
    if (!best || score < best.score) best = { modules: m, mask, score };
  }
  return { modules: best!.modules, mask: best!.mask };
}
