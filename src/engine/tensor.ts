/** A dense row-major tensor of float64 values. Integer tensors (class indices, lengths) keep
 *  their dtype tag so that losses can check what PyTorch checks; their values live in the same
 *  Float64Array. */
export type DType = 'float64' | 'float32' | 'int64' | 'bool';

export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  readonly dtype: DType;

  constructor(shape: readonly number[], data: Float64Array, dtype: DType = 'float64') {
    const n = numel(shape);
    if (data.length !== n) {
      throw new RangeError(`tensor data has ${data.length} values but shape [${shape.join(', ')}] needs ${n}`);
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
    this.dtype = dtype;
  }

  static zeros(shape: readonly number[], dtype: DType = 'float64'): Tensor {
    return new Tensor(shape, new Float64Array(numel(shape)), dtype);
  }

  static full(shape: readonly number[], value: number): Tensor {
    return new Tensor(shape, new Float64Array(numel(shape)).fill(value));
  }

  static scalar(value: number): Tensor {
    return new Tensor([], Float64Array.of(value));
  }

  static from(shape: readonly number[], values: ArrayLike<number>, dtype: DType = 'float64'): Tensor {
    return new Tensor(shape, Float64Array.from(values), dtype);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  get isFloating(): boolean {
    return this.dtype === 'float64' || this.dtype === 'float32';
  }

  /** Same data, another shape with the same number of elements. */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(shape, this.data, this.dtype);
  }

  item(): number {
    if (this.data.length !== 1) throw new RangeError(`item() needs one element, tensor has ${this.data.length}`);
    return this.data[0]!;
  }
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The most elements a broadcast result may have (2^25, 256 MiB of float64): [20000, 1] against
 *  [1, 20000] is 4·10^8 and would exhaust memory long before it finished. */
export const MAX_BROADCAST_ELEMENTS = 2 ** 25;

/** PyTorch's broadcast of two shapes, or null when they do not broadcast; RangeError when the
 *  result is larger than MAX_BROADCAST_ELEMENTS. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  const total = numel(out);
  if (total > MAX_BROADCAST_ELEMENTS && total > Math.max(numel(a), numel(b))) {
    throw new RangeError(`broadcasting ${formatShape(a)} with ${formatShape(b)} gives ${formatShape(out)}, ${total.toLocaleString('en-US')} elements: more than Loss Lab computes (${MAX_BROADCAST_ELEMENTS.toLocaleString('en-US')}); make the shapes equal`);
  }
  return out;
}

/** For each flat index of `outShape`, the flat index into a tensor of shape `inShape` that
 *  broadcasts to it. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const total = numel(outShape);
  const map = new Int32Array(total);
  if (sameShape(inShape, outShape)) {
    for (let i = 0; i < total; i++) map[i] = i;
    return map;
  }
  const nd = outShape.length;
  const inStrides = new Array<number>(nd).fill(0);
  let stride = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    const axis = nd - inShape.length + i;
    inStrides[axis] = inShape[i] === 1 ? 0 : stride;
    stride *= inShape[i]!;
  }
  const idx = new Array<number>(nd).fill(0);
  let offset = 0;
  for (let i = 0; i < total; i++) {
    map[i] = offset;
    for (let axis = nd - 1; axis >= 0; axis--) {
      idx[axis]!++;
      offset += inStrides[axis]!;
      if (idx[axis]! < outShape[axis]!) break;
      offset -= inStrides[axis]! * outShape[axis]!;
      idx[axis] = 0;
    }
  }
  return map;
}

/** Broadcast `t` to `shape` (materialised copy). */
export function expandTo(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const map = broadcastIndex(t.shape, shape);
  const out = new Float64Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = t.data[map[i]!]!;
  return new Tensor(shape, out, t.dtype);
}

/** Sum a gradient computed at a broadcast shape back to the argument's own shape. */
export function reduceGradTo(grad: Float64Array, gradShape: readonly number[], argShape: readonly number[]): Tensor {
  if (sameShape(gradShape, argShape)) return new Tensor(argShape, grad);
  const map = broadcastIndex(argShape, gradShape);
  const out = new Float64Array(numel(argShape));
  for (let i = 0; i < map.length; i++) out[map[i]!]! += grad[i]!;
  return new Tensor(argShape, out);
}
