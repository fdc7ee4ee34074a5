/** The Network of network.ts computed in float32 on WebAssembly SIMD (simd/network.as.ts), as
 *  PyTorch's default dtype does: same layout, initialisation and interface, parameters and
 *  gradients exchanged as Float64Array (the optimiser keeps its float64 state). Each instance owns
 *  one wasm instance and its memory; rows of every matrix there are padded to 4 floats with zeros. */
import { ACTIVATIONS } from './activations';
import { Network, type Dtype, type NetworkShape } from './network';
import { WASM_BASE64 } from './simd/network.wasm.generated';
import type { FusedLoss } from './fusedLoss';

interface Kernels {
  readonly memory: WebAssembly.Memory;
  dense(wt: number, b: number, inp: number, inStride: number, out: number, n: number, K: number, J4: number): void;
  activate(kind: number, z: number, a: number, m: number): void;
  slopeInto(kind: number, d: number, z: number, a: number, m: number): void;
  weightGrad(gwt: number, gb: number, inp: number, inStride: number, delta: number, n: number, K: number, J4: number): void;
  denseHead(w: number, b: number, inp: number, out: number, outStride: number, n: number, K4: number): void;
  weightGradHead(gw: number, inp: number, delta: number, deltaStride: number, n: number, K4: number): number;
  lossSum(kind: number, z: number, y: number, n: number, param: number, power: number): number;
  lossGrad(kind: number, z: number, y: number, g: number, n: number, param: number, power: number, scale: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is unavailable. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export function float32Available(): boolean {
  return kernelModule() !== null;
}

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;
/** Our data starts after the first page, which the compiled module may use for its own data. */
const BASE = 65536 / 4;

/** Kernel instances of released networks, for the next network on this thread: a new instance's
 *  memory pays a page fault on the first touch of each page (here ~10 ms for a 1000-row batch,
 *  a tenth of a sweep run), reused memory does not. */
const spares: Kernels[] = [];
// A run holds one network at a time: a couple of spares serve it, and bound what an idle thread keeps.
const MAX_SPARES = 2;

function acquireKernels(module: WebAssembly.Module): Kernels {
  const reused = spares.pop();
  if (!reused) return new WebAssembly.Instance(module, {}).exports as unknown as Kernels;
  // The layout relies on zeros wherever nothing is written (the padding of every row).
  new Float32Array(reused.memory.buffer).fill(0, BASE);
  return reused;
}

/** Hands out consecutive float offsets from `end`, each range padded to whole vectors. */
class Bump {
  constructor(public end: number) {}

  take(n: number): number {
    const start = this.end;
    this.end += pad4(n);
    return start;
  }
}

/** Float offsets (into the memory's Float32Array) of one layer's parameters and buffers. */
interface Slots {
  K: number;
  J: number;
  K4: number;
  J4: number;
  wt: number; // K × J4, input-major (forward)
  b: number; // J4
  w: number; // J × K4, output-major (the input gradient; a single head's forward)
  gwt: number; // K × J4 like wt; a single head's gradient is written output-major here
  gb: number;
  z: number; // batch × J4
  a: number; // batch × J4; = z on the output layer
  dIn: number; // batch × K4; unused on layer 0
}

export class Float32Network extends Network {
  override readonly dtype: Dtype = 'float32';
  private readonly kernels: Kernels;
  private readonly slots: Slots[];
  private readonly zeros: number;
  private readonly kind: number;
  /** One output after a hidden layer: the head kernels run across its inputs, not its outputs. */
  private readonly singleHead: boolean;
  /** Floats between consecutive rows of the output layer's z and dOut: 1 for a single head (so
   *  they cross to JavaScript as one native copy), J4 otherwise. */
  private readonly headStride: number;
  private x = 0;
  private dOut = 0;
  /** The targets of forwardLoss, batch × outputs floats. */
  private target = 0;
  /** What the input and target buffers hold now, so forwardLoss can skip copying them again. */
  private loadedX: Float64Array | null = null;
  private loadedTarget: Float64Array | null = null;
  private loadedRows = 0;
  private capacity32 = 0;
  private f32 = new Float32Array(0);
  private out = new Float64Array(0);
  private released = false;

  constructor(shape: NetworkShape) {
    super(shape);
    const module = kernelModule();
    if (!module) throw new Error('float32 training needs WebAssembly SIMD, which this runtime lacks');
    this.kernels = acquireKernels(module);
    this.kind = ACTIVATIONS.indexOf(shape.activation);
    const params = new Bump(BASE);
    this.slots = this.layers.map((L) => {
      const K = L.inputs;
      const J = L.outputs;
      const K4 = pad4(K);
      const J4 = pad4(J);
      return { K, J, K4, J4, wt: params.take(K * J4), b: params.take(J4), w: params.take(J * K4), gwt: params.take(K * J4), gb: params.take(J4), z: 0, a: 0, dIn: 0 };
    });
    this.zeros = params.take(Math.max(...this.slots.map((s) => s.K4)));
    this.singleHead = shape.outputs === 1 && this.slots.length > 1;
    this.headStride = this.singleHead ? 1 : this.slots[this.slots.length - 1]!.J4;
    this.x = params.end;
  }

  /** Hands the kernels' memory to the next float32 network on this thread; this one must not be
   *  used again. */
  override release(): void {
    if (this.released) return;
    this.released = true;
    if (spares.length < MAX_SPARES) spares.push(this.kernels);
  }

  /** Lays out the batch buffers for `batch` rows after the parameters, growing the memory. */
  private ensure32(batch: number): void {
    if (this.released) throw new Error('this float32 network has been released');
    if (batch <= this.capacity32) return;
    this.capacity32 = batch;
    this.loadedX = this.loadedTarget = null;
    const buffers = new Bump(this.x + pad4(batch * this.shape.inputs));
    const last = this.slots.length - 1;
    this.slots.forEach((s, l) => {
      s.z = buffers.take(batch * s.J4);
      s.a = l === last ? s.z : buffers.take(batch * s.J4);
      s.dIn = l === 0 ? 0 : buffers.take(batch * s.K4);
    });
    this.dOut = buffers.take(batch * this.slots[last]!.J4);
    this.target = buffers.take(batch * this.shape.outputs);
    const at = buffers.end;
    const memory = this.kernels.memory;
    const needed = Math.ceil((at * 4) / 65536) - memory.buffer.byteLength / 65536;
    if (needed > 0) {
      try {
        memory.grow(needed);
      } catch {
        this.capacity32 = 0; // the next call lays the buffers out again
        throw new RangeError(`the float32 network cannot get ${Math.ceil((at * 4) / 2 ** 20)} MB of WebAssembly memory for a batch of ${batch} rows; use a smaller batch_size or model.dtype "float64"`);
      }
    }
    this.f32 = new Float32Array(memory.buffer);
    // Fresh pages are zero; the reused ones must be too, as padding columns are never written.
    this.f32.fill(0, this.x, at);
    this.out = new Float64Array(batch * this.shape.outputs);
  }

  private writeParams(params: Float64Array): void {
    const f = this.f32;
    // Plain loops: this runs at every step and grid point, where a closure per call adds up.
    for (let l = 0; l < this.slots.length; l++) {
      const s = this.slots[l]!;
      const L = this.layers[l]!;
      for (let j = 0; j < s.J; j++) {
        const row = L.weightOffset + j * s.K;
        for (let k = 0; k < s.K; k++) {
          const v = params[row + k]!;
          f[s.wt + k * s.J4 + j] = v;
          f[s.w + j * s.K4 + k] = v;
        }
        f[s.b + j] = params[L.biasOffset + j]!;
      }
    }
  }

  /** Runs the layers in wasm memory; the outputs are left in the last slot's z. With `reuseInput`,
   *  an x that is the array loaded last, for as many rows, is not copied again. */
  private run(params: Float64Array, x: Float64Array, batch: number, reuseInput: boolean): void {
    this.ensure32(batch);
    this.writeParams(params);
    const f = this.f32;
    const F = this.shape.inputs;
    if (!reuseInput || x !== this.loadedX || batch !== this.loadedRows) {
      f.set(x.length === batch * F ? x : x.subarray(0, batch * F), this.x); // converts to float32 natively
      this.loadedX = x;
      this.loadedRows = batch;
      this.loadedTarget = null;
    }
    const k = this.kernels;
    let inp = this.x;
    let stride = F;
    const last = this.slots.length - 1;
    for (let l = 0; l <= last; l++) {
      const s = this.slots[l]!;
      if (l === last && this.singleHead) k.denseHead(4 * s.w, f[s.b]!, 4 * inp, 4 * s.z, this.headStride, batch, s.K4);
      else k.dense(4 * s.wt, 4 * s.b, 4 * inp, stride, 4 * s.z, batch, s.K, s.J4);
      if (l < last) k.activate(this.kind, 4 * s.z, 4 * s.a, batch * s.J4);
      inp = s.a;
      stride = s.J4;
    }
  }

  /** Whether forwardLoss applies: the outputs lie contiguous in memory (one output after hidden
   *  layers, or a multiple of 4). */
  get fusesLoss(): boolean {
    return this.headStride === this.shape.outputs;
  }

  /** The loss of the outputs at `params` against `target` (batch × outputs values), each element
   *  in float32 in WebAssembly and the sum in float64; the mean when `loss.mean`. The same value
   *  as the catalog's kernel on `forward`'s outputs to float32 rounding. x and target are copied
   *  into wasm memory once per array: the caller must not change them between calls (the
   *  objective's data set, probed at many parameter vectors). */
  forwardLoss(params: Float64Array, x: Float64Array, batch: number, target: Float64Array, loss: FusedLoss): number {
    if (!this.fusesLoss) throw new Error(`forwardLoss needs contiguous outputs; this network has ${this.shape.outputs} after its layers`);
    const n = batch * this.shape.outputs;
    this.run(params, x, batch, true);
    this.loadTarget(target, n);
    const sum = this.kernels.lossSum(loss.kind, 4 * this.slots[this.slots.length - 1]!.z, 4 * this.target, n, loss.param, loss.power);
    return loss.mean ? sum / n : sum;
  }

  private loadTarget(target: Float64Array, n: number): void {
    if (target.length < n) throw new RangeError(`expected ${n} targets, got ${target.length}`);
    if (target === this.loadedTarget) return;
    this.f32.set(target.length === n ? target : target.subarray(0, n), this.target);
    this.loadedTarget = target;
  }

  /** A training step's loss (as forwardLoss computes it) and its gradient with respect to every
   *  parameter, written into `grad`: d loss / d outputs is computed in float32 in WebAssembly and
   *  goes back through the layers without crossing to JavaScript. With `fixedData`, x and target
   *  are the arrays of the previous call with the same contents (a full batch) and are not copied
   *  again; mini-batches, refilled in place, pass false. */
  lossAndGradient(params: Float64Array, x: Float64Array, batch: number, target: Float64Array, loss: FusedLoss, fixedData: boolean, grad: Float64Array): number {
    if (!this.fusesLoss) throw new Error(`lossAndGradient needs contiguous outputs; this network has ${this.shape.outputs} after its layers`);
    const n = batch * this.shape.outputs;
    this.run(params, x, batch, fixedData);
    if (!fixedData) this.loadedTarget = null;
    this.loadTarget(target, n);
    const sum = this.kernels.lossGrad(loss.kind, 4 * this.slots[this.slots.length - 1]!.z, 4 * this.target, 4 * this.dOut, n, loss.param, loss.power, loss.mean ? 1 / n : 1);
    this.backprop(batch, grad);
    return loss.mean ? sum / n : sum;
  }

  override forward(params: Float64Array, x: Float64Array, batch: number): Float64Array {
    this.run(params, x, batch, false);
    const f = this.f32;
    const last = this.slots.length - 1;
    const head = this.slots[last]!;
    const O = head.J;
    if (this.headStride === O) this.out.set(f.subarray(head.z, head.z + batch * O));
    else {
      for (let r = 0; r < batch; r++) {
        for (let j = 0; j < O; j++) this.out[r * O + j] = f[head.z + r * head.J4 + j]!;
      }
    }
    return this.out;
  }

  override backward(_params: Float64Array, _x: Float64Array, batch: number, dOut: Float64Array, grad: Float64Array): void {
    if (this.released) throw new Error('this float32 network has been released');
    const f = this.f32;
    const head = this.slots[this.slots.length - 1]!;
    if (this.headStride === head.J) f.set(dOut.length === batch * head.J ? dOut : dOut.subarray(0, batch * head.J), this.dOut);
    else {
      for (let r = 0; r < batch; r++) {
        for (let j = 0; j < head.J; j++) f[this.dOut + r * head.J4 + j] = dOut[r * head.J + j]!;
      }
    }
    this.backprop(batch, grad);
  }

  /** The gradient into `grad` from d/d outputs in the dOut buffer, through the last forward's layers. */
  private backprop(batch: number, grad: Float64Array): void {
    const f = this.f32;
    const k = this.kernels;
    const last = this.slots.length - 1;
    let delta = this.dOut;
    let deltaStride = this.headStride;
    for (let l = last; l >= 0; l--) {
      const s = this.slots[l]!;
      const prev = l > 0 ? this.slots[l - 1]! : null;
      const inp = prev ? prev.a : this.x;
      const L = this.layers[l]!;
      if (l === last && this.singleHead) {
        // The head's gradient comes back output-major (its K4 weights in a row), in gwt's room.
        grad[L.biasOffset] = k.weightGradHead(4 * s.gwt, 4 * inp, 4 * delta, deltaStride, batch, s.K4);
        for (let kk = 0; kk < s.K; kk++) grad[L.weightOffset + kk] = f[s.gwt + kk]!;
      } else {
        k.weightGrad(4 * s.gwt, 4 * s.gb, 4 * inp, prev ? prev.J4 : this.shape.inputs, 4 * delta, batch, s.K, s.J4);
        for (let j = 0; j < s.J; j++) {
          for (let kk = 0; kk < s.K; kk++) grad[L.weightOffset + j * s.K + kk] = f[s.gwt + kk * s.J4 + j]!;
          grad[L.biasOffset + j] = f[s.gb + j]!;
        }
      }
      if (prev) {
        k.dense(4 * s.w, 4 * this.zeros, 4 * delta, deltaStride, 4 * s.dIn, batch, s.J, s.K4);
        k.slopeInto(this.kind, 4 * s.dIn, 4 * prev.z, 4 * prev.a, batch * s.K4);
        delta = s.dIn;
        deltaStride = prev.J4;
      }
    }
  }
}

/** The network a model description asks for: float32 (the default, as in PyTorch) on the SIMD
 *  kernels, float64 in JavaScript when asked or where WebAssembly SIMD is missing. */
export function createNetwork(model: Pick<NetworkShape, 'hidden' | 'activation' | 'init'> & { dtype?: Dtype }, inputs: number, outputs: number): Network {
  const shape: NetworkShape = { inputs, hidden: model.hidden, outputs, activation: model.activation, ...(model.init ? { init: model.init } : {}) };
  return model.dtype !== 'float64' && float32Available() ? new Float32Network(shape) : new Network(shape);
}
