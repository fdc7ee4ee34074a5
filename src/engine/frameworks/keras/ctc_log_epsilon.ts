/** The CTC recursion that Keras' jax backend (ported from optax) runs, where log(0) is replaced
 *  by log_epsilon = −1e5: for a label sequence no alignment can produce, the loss is about 1e5 per
 *  forbidden step instead of infinity, with a finite gradient. Used only for such sequences
 *  (feasible ones agree with the exact recursion to rounding); the gradient is reverse mode over a
 *  tape of the recursion's logaddexp and add steps, as JAX differentiates it. */
const LOG_EPSILON = -1e5;

export interface CtcRow {
  offset: number;
  stride: number;
  inputLength: number;
  labels: readonly number[];
  blank: number;
}

/** A scalar tape: each node is a leaf (a log-probability), a sum or a logaddexp of two nodes. */
class Tape {
  readonly val: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  /** 0 leaf, 1 add, 2 logaddexp, 3 add a constant (b unused). */
  readonly op: number[] = [];
  readonly leafAt: number[] = [];

  private push(v: number, op: number, a: number, b: number, leaf: number): number {
    this.val.push(v);
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    this.leafAt.push(leaf);
    return this.val.length - 1;
  }
  leaf(v: number, at: number): number {
    return this.push(v, 0, -1, -1, at);
  }
  constant(v: number): number {
    return this.push(v, 0, -1, -1, -1);
  }
  add(x: number, y: number): number {
    return this.push(this.val[x]! + this.val[y]!, 1, x, y, -1);
  }
  addConst(x: number, c: number): number {
    return this.push(this.val[x]! + c, 3, x, -1, -1);
  }
  /** jnp.logaddexp. */
  lae(x: number, y: number): number {
    const u = this.val[x]!;
    const v = this.val[y]!;
    const d = u - v;
    const out = Number.isNaN(d) ? u + v : Math.max(u, v) + Math.log1p(Math.exp(-Math.abs(d)));
    return this.push(out, 2, x, y, -1);
  }
  /** Adds d(node)/d(leaf)·g into grad[leafAt]. */
  backward(node: number, g: number, grad: Float64Array): void {
    const adj = new Float64Array(this.val.length);
    adj[node] = g;
    for (let i = node; i >= 0; i--) {
      const gi = adj[i]!;
      if (gi === 0) continue;
      const op = this.op[i]!;
      if (op === 0) {
        if (this.leafAt[i]! >= 0) grad[this.leafAt[i]!]! += gi;
      } else if (op === 1) {
        adj[this.a[i]!]! += gi;
        adj[this.b[i]!]! += gi;
      } else if (op === 3) {
        adj[this.a[i]!]! += gi;
      } else {
        adj[this.a[i]!]! += gi * Math.exp(this.val[this.a[i]!]! - this.val[i]!);
        adj[this.b[i]!]! += gi * Math.exp(this.val[this.b[i]!]! - this.val[i]!);
      }
    }
  }
}

/** −log p(labels) for one sequence of log-probabilities lp[offset + t·stride + c], and the
 *  pull-back of g·nll onto those log-probabilities (added into `out`, same layout as lp). */
export function optaxStyleCtc(lp: Float64Array, seq: CtcRow): { nll: number; backward(g: number, out: Float64Array): void } {
  const labels = seq.labels;
  const n = labels.length;
  const repeat = labels.map((v, i) => (i + 1 < n && v === labels[i + 1] ? 1 : 0));
  const tape = new Tape();
  let phi = Array.from({ length: n + 1 }, (_, i) => tape.constant(i === 0 ? 0 : LOG_EPSILON));
  let emit = Array.from({ length: n }, () => tape.constant(LOG_EPSILON));
  for (let t = 0; t < seq.inputLength; t++) {
    const row = seq.offset + t * seq.stride;
    const blank = tape.leaf(lp[row + seq.blank]!, row + seq.blank);
    const prevPhi = phi.map((p, i) => (i === 0 ? p : tape.lae(p, tape.addConst(emit[i - 1]!, LOG_EPSILON * repeat[i - 1]!))));
    const nextEmit = emit.map((e, i) => {
      const at = row + labels[i]!;
      const lpe = tape.leaf(lp[at]!, at);
      return tape.lae(tape.add(prevPhi[i]!, lpe), tape.add(e, lpe));
    });
    const nextPhi = prevPhi.map((p, i) => {
      const stay = tape.add(p, blank);
      return i === 0 ? stay : tape.lae(stay, tape.addConst(tape.add(emit[i - 1]!, blank), LOG_EPSILON * (1 - repeat[i - 1]!)));
    });
    phi = nextPhi;
    emit = nextEmit;
  }
  const last = n === 0 ? phi[0]! : tape.lae(phi[n]!, emit[n - 1]!);
  return {
    nll: -tape.val[last]!,
    backward: (g, out) => tape.backward(last, -g, out),
  };
}
