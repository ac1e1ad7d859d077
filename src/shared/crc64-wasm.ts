/**
 * CRC-64/NVME's inner loop as a small WebAssembly function: slicing-by-8 with native 64-bit loads
 * and XORs (one table lookup per byte, where JavaScript's 32-bit halves need two), about 3x the
 * JavaScript loop. The module is assembled here from its instructions (no toolchain, no binary in
 * the repository); the tables and the bytes to hash live in its memory:
 *
 *   [0, 16 KiB)          table k (k = 0..7) at k * 2 KiB, 256 little-endian u64: entry n is the CRC
 *                        of byte n followed by k zero bytes (k = 0: the classic byte table)
 *   [16 KiB, 80 KiB)     the piece being hashed (at most INPUT_BYTES)
 *
 * `update(state, ptr, len)` takes and returns the running (inverted) register, as the JavaScript
 * loop's `hi:lo` pair.
 */

export const INPUT_AT = 16 * 1024;
export const INPUT_BYTES = 64 * 1024;
const TABLE_BYTES = 2048;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];

// Opcodes used.
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, I32_CONST = 0x41, I64_CONST = 0x42;
const I32_ADD = 0x6a, I32_AND = 0x71, I32_XOR = 0x73, I32_SHL = 0x74, I32_GE_U = 0x4f;
const I64_XOR = 0x85, I64_SHR_U = 0x88, I32_WRAP_I64 = 0xa7;
const I64_LOAD = 0x29, I32_LOAD8_U = 0x2d;
const BLOCK = 0x02, LOOP = 0x03, BR = 0x0c, BR_IF = 0x0d, END = 0x0b, VOID = 0x40;
const I32 = 0x7f, I64 = 0x7e;

const get = (i: number) => [LOCAL_GET, i];
const set = (i: number) => [LOCAL_SET, i];
const i32 = (n: number) => [I32_CONST, ...sleb(n)];
const i64 = (n: number) => [I64_CONST, ...sleb(n)];
const load64 = (offset: number) => [I64_LOAD, 3, ...uleb(offset)];

// Locals: 0 state (i64), 1 ptr, 2 len (params); 3 end8, 4 end (i32); 5 x (i64).
const [STATE, PTR, LEN, END8, END_, X] = [0, 1, 2, 3, 4, 5];

/** The table entry for byte j (0 = lowest) of x: table 7 - j, at (byte << 3). */
const lookup = (j: number): number[] =>
  j === 0
    ? [...get(X), I32_WRAP_I64, ...i32(0xff), I32_AND, ...i32(3), I32_SHL, ...load64((7 - j) * TABLE_BYTES)]
    : [...get(X), ...i64(8 * j - 3), I64_SHR_U, I32_WRAP_I64, ...i32(0x7f8), I32_AND, ...load64((7 - j) * TABLE_BYTES)];

const body: number[] = [
  ...get(PTR), ...get(LEN), I32_ADD, ...set(END_),
  ...get(PTR), ...get(LEN), ...i32(-8), I32_AND, I32_ADD, ...set(END8),
  // Eight bytes at a time.
  BLOCK, VOID, LOOP, VOID,
  ...get(PTR), ...get(END8), I32_GE_U, BR_IF, 1,
  ...get(STATE), ...get(PTR), ...load64(0), I64_XOR, ...set(X),
  ...lookup(0),
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((j) => [...lookup(j), I64_XOR]),
  ...set(STATE),
  ...get(PTR), ...i32(8), I32_ADD, ...set(PTR),
  BR, 0, END, END,
  // The rest, a byte at a time: state = T0[(state ^ byte) & 0xff] ^ (state >> 8).
  BLOCK, VOID, LOOP, VOID,
  ...get(PTR), ...get(END_), I32_GE_U, BR_IF, 1,
  ...get(STATE), I32_WRAP_I64, ...get(PTR), I32_LOAD8_U, 0, 0, I32_XOR, ...i32(0xff), I32_AND, ...i32(3), I32_SHL, ...load64(0),
  ...get(STATE), ...i64(8), I64_SHR_U, I64_XOR, ...set(STATE),
  ...get(PTR), ...i32(1), I32_ADD, ...set(PTR),
  BR, 0, END, END,
  ...get(STATE),
  END,
];
const locals = vec([[2, I32], [1, I64]]);
const code = [...locals, ...body];

const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec([[I64], [I32], [I32]]), ...vec([[I64]])]])), // type 0: (i64, i32, i32) -> i64
  ...section(3, vec([[0]])), // function 0 has type 0
  ...section(5, vec([[0x00, 2]])), // one memory of 2 pages (128 KiB)
  ...section(7, vec([[...name('update'), 0x00, 0], [...name('memory'), 0x02, 0]])),
  ...section(10, vec([[...uleb(code.length), ...code]])),
]);

/** The part of the WebAssembly JavaScript API used here (this project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export interface Crc64Kernel {
  /** The register after `len` bytes at INPUT_AT..., from `state`. */
  update(state: bigint, ptr: number, len: number): bigint;
  /** The module's memory, to place the bytes to hash at INPUT_AT. */
  readonly memory: Uint8Array;
}

/** The kernel with `tables` (8 x 256 entries, as u64 hi/lo halves) loaded, or undefined without WebAssembly. */
export function crc64Kernel(hi: Uint32Array, lo: Uint32Array): Crc64Kernel | undefined {
  if (!wasm) return undefined;
  try {
    const instance = new wasm.Instance(new wasm.Module(MODULE));
    const exports = instance.exports as { update: (s: bigint, p: number, l: number) => bigint; memory: { buffer: ArrayBuffer } };
    const words = new Uint32Array(exports.memory.buffer, 0, (8 * TABLE_BYTES) / 4);
    for (let i = 0; i < 8 * 256; i++) {
      words[2 * i] = lo[i] as number;
      words[2 * i + 1] = hi[i] as number;
    }
    return { update: exports.update, memory: new Uint8Array(exports.memory.buffer) };
  } catch {
    return undefined;
  }
}
