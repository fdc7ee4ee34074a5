/** Fully connected networks with every parameter in one Float64Array, forward and backward by
 *  hand. No hidden layer gives linear / logistic / softmax regression (the link is the loss's
 *  business, see link.ts); hidden layers give an MLP. Layer l stores W (outputs × inputs,
 *  row-major) then b (outputs). */
import { activate, slope, type Activation } from './activations';
import { affineForward, affineInputGrad, affineWeightGrad, tanhInto } from './kernels';
import type { Random } from './random';

export const INITS = ['xavier', 'he', 'torch'] as const;
export type Init = (typeof INITS)[number];
/** The network's arithmetic (network32.ts for float32). */
export const DTYPES = ['float32', 'float64'] as const;
export type Dtype = (typeof DTYPES)[number];

export interface NetworkShape {
  inputs: number;
  hidden: readonly number[];
  outputs: number;
  activation: Activation;
  /** xavier: Glorot uniform, zero bias; he: Kaiming normal (fan_in), zero bias; torch: PyTorch's
   *  nn.Linear default U(±1/√fan_in) for weights and bias. Default: he for relu-like, xavier otherwise. */
  init?: Init;
}

export interface LayerLayout {
  inputs: number;
  outputs: number;
  weightOffset: number;
  biasOffset: number;
  /** null on the output layer (raw scores). */
  activation: Activation | null;
}

export function defaultInit(a: Activation): Init {
  return a === 'tanh' || a === 'sigmoid' ? 'xavier' : 'he';
}

export class Network {
  /** The arithmetic of forward and backward. */
  readonly dtype: Dtype = 'float64';
  readonly layers: readonly LayerLayout[];
  readonly size: number;
  private capacity = 0;
  /** Per layer: pre-activations and outputs (batch × outputs). */
  private pre: Float64Array[] = [];
  private post: Float64Array[] = [];
  /** Per layer: gradient with respect to the layer's input (batch × inputs), unused for layer 0. */
  private dInput: Float64Array[] = [];
  /** Room for one transposed weight matrix (the input gradient's kernel reads Wᵀ by rows). */
  private readonly transposed: Float64Array;

  constructor(readonly shape: NetworkShape) {
    const widths = [shape.inputs, ...shape.hidden, shape.outputs];
    const layers: LayerLayout[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < widths.length; l++) {
      const inputs = widths[l]!;
      const outputs = widths[l + 1]!;
      layers.push({ inputs, outputs, weightOffset: offset, biasOffset: offset + inputs * outputs, activation: l + 2 < widths.length ? shape.activation : null });
      offset += inputs * outputs + outputs;
    }
    this.layers = layers;
    this.size = offset;
    this.transposed = new Float64Array(Math.max(...layers.map((L) => L.inputs * L.outputs)));
  }

  get outputs(): number {
    return this.shape.outputs;
  }

  /** Hands back what the network holds for the next one on this thread (the float32 network's
   *  WebAssembly memory); the network must not be used afterwards. */
  release(): void {}

  initialise(rng: Random): Float64Array {
    const p = new Float64Array(this.size);
    const init = this.shape.init ?? defaultInit(this.shape.activation);
    for (const L of this.layers) {
      const nW = L.inputs * L.outputs;
      if (init === 'torch') {
        const bound = 1 / Math.sqrt(L.inputs);
        for (let i = 0; i < nW + L.outputs; i++) p[L.weightOffset + i] = rng.range(-bound, bound);
      } else if (init === 'xavier') {
        const bound = Math.sqrt(6 / (L.inputs + L.outputs));
        for (let i = 0; i < nW; i++) p[L.weightOffset + i] = rng.range(-bound, bound);
      } else {
        const sd = Math.sqrt(2 / L.inputs);
        for (let i = 0; i < nW; i++) p[L.weightOffset + i] = sd * rng.normal();
      }
    }
    return p;
  }

  private ensure(batch: number): void {
    if (batch <= this.capacity) return;
    this.capacity = batch;
    this.pre = this.layers.map((L) => new Float64Array(batch * L.outputs));
    this.post = this.layers.map((L) => (L.activation ? new Float64Array(batch * L.outputs) : this.pre[this.layers.indexOf(L)]!));
    this.dInput = this.layers.map((L, l) => (l === 0 ? new Float64Array(0) : new Float64Array(batch * L.inputs)));
  }

  /** Raw outputs (batch × outputs) for the first `batch` rows of x. The returned array is a
   *  workspace reused by the next call; only its first batch × outputs values are meaningful. */
  forward(params: Float64Array, x: Float64Array, batch: number): Float64Array {
    this.ensure(batch);
    let input = x;
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l]!;
      const I = L.inputs;
      const O = L.outputs;
      const z = this.pre[l]!;
      const a = this.post[l]!;
      affineForward(params, L.weightOffset, L.biasOffset, input, z, batch, I, O);
      if (L.activation) {
        const act = L.activation;
        const m = batch * O;
        if (act === 'tanh') tanhInto(z, a, m);
        else if (act === 'relu') for (let i = 0; i < m; i++) a[i] = z[i]! > 0 ? z[i]! : 0;
        else for (let i = 0; i < m; i++) a[i] = activate(act, z[i]!);
      }
      input = a;
    }
    return this.post[this.layers.length - 1]!;
  }

  /** Gradient of a scalar objective with respect to every parameter, written into `grad`, given
   *  dOut = d objective / d raw outputs (batch × outputs) from the last forward on the same x.
   *  dOut is not modified. */
  backward(params: Float64Array, x: Float64Array, batch: number, dOut: Float64Array, grad: Float64Array): void {
    grad.fill(0);
    let delta = dOut;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l]!;
      const I = L.inputs;
      const O = L.outputs;
      const input = l === 0 ? x : this.post[l - 1]!;
      const dIn = this.dInput[l]!;
      affineWeightGrad(grad, L.weightOffset, L.biasOffset, input, delta, batch, I, O);
      if (l > 0) affineInputGrad(params, L.weightOffset, delta, dIn, batch, I, O, this.transposed);
      if (l > 0) {
        const P = this.layers[l - 1]!;
        const act = P.activation!;
        const z = this.pre[l - 1]!;
        const a = this.post[l - 1]!;
        const m = batch * I;
        if (act === 'tanh') for (let i = 0; i < m; i++) dIn[i]! *= 1 - a[i]! * a[i]!;
        else for (let i = 0; i < m; i++) dIn[i]! *= slope(act, z[i]!, a[i]!);
        delta = dIn;
      }
    }
  }
}
