/** A tensor's shape: sizes of its dimensions, outermost first. `[]` is a 0-d (scalar) tensor. */
export type Shape = readonly number[];

/** An error about shapes, dims or indices that names the op and the rule that failed. */
export class ShapeError extends Error {
  constructor(
    readonly op: string,
    message: string,
  ) {
    super(`${op}: ${message}`);
    this.name = "ShapeError";
  }
}

/** Formats a shape the way PyTorch prints it: [2, 3]. */
export function fmt(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Number of elements of a shape. */
export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major (C order) strides of a contiguous tensor. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Resolves a possibly negative dim against a rank, as Python does. */
export function normDim(op: string, dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new ShapeError(op, `dim ${dim} is out of range for a tensor of rank ${rank} (expected -${r} ≤ dim < ${r})`);
  }
  return dim < 0 ? dim + r : dim;
}

/** Resolves a dims argument (number, list or null = all) into sorted, unique, non-negative dims. */
export function normDims(op: string, dims: number | readonly number[] | null | undefined, rank: number): number[] {
  if (dims === null || dims === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : dims;
  const out = [...new Set(list.map((d) => normDim(op, d, rank)))].sort((a, b) => a - b);
  if (out.length !== list.length) throw new ShapeError(op, `dims ${fmt(list)} name the same dim twice`);
  return out;
}

/** NumPy broadcasting of two or more shapes; names the op and the shapes when they cannot broadcast. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = rank - s.length + i;
      const d = s[i];
      if (out[j] === 1) out[j] = d;
      else if (d !== 1 && d !== out[j]) {
        throw new ShapeError(
          op,
          `shapes ${shapes.map(fmt).join(" and ")} cannot be broadcast: dim ${j - rank} has sizes ${out[j]} and ${d} (sizes must match or be 1)`,
        );
      }
    }
  }
  return out;
}

/** Strides of `shape` laid into the broadcast shape `target`: 0 along broadcast dims. */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : own[i];
  return out;
}

/** Resolves a reshape target with at most one -1 against a number of elements. */
export function resolveShape(op: string, from: Shape, to: readonly number[]): number[] {
  const n = numelOf(from);
  let infer = -1;
  let known = 1;
  to.forEach((d, i) => {
    if (d === -1) {
      if (infer >= 0) throw new ShapeError(op, `only one dim can be -1, got ${fmt(to)}`);
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, `invalid size ${d} in ${fmt(to)}`);
    } else known *= d;
  });
  const out = [...to];
  if (infer >= 0) {
    if (known === 0 || n % known !== 0) throw new ShapeError(op, `cannot reshape ${fmt(from)} (${n} elements) into ${fmt(to)}`);
    out[infer] = n / known;
  }
  if (numelOf(out) !== n) throw new ShapeError(op, `cannot reshape ${fmt(from)} (${n} elements) into ${fmt(to)} (${numelOf(out)} elements)`);
  return out;
}
