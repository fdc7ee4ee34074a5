"""Loss Lab's runner for "Check loss": runs a user's own loss function in the user's Python and
reports, as JSON lines on stdout, what it computes (checks, samples for catalog matching, a curve).

Started by the extension or `losslab check-loss` as a child process:
    python losslab_check.py --file PATH --name NAME [--task TASK]
Stdlib only at import time; torch / numpy / jax are imported only when the user's function uses them.
The user's file is imported as a module (its folder on sys.path, __name__ is not "__main__"), so
code under `if __name__ == "__main__":` does not run. Anything the user's code prints goes to stderr.

Every line on stdout is one JSON object {"v": 1, "type": ...}: "progress", then one "result" or
"error". Non-finite numbers travel as the strings "nan", "inf", "-inf". The message shapes are
declared and validated in src/protocol/checkLoss.ts.
"""
import argparse
import importlib.util
import inspect
import json
import math
import os
import random
import sys
import traceback

PROTOCOL = 1
TASKS = ("regression", "binary-logits", "binary-probabilities", "multiclass")
CURVE_POINTS = 101
_out = sys.stdout


def _clean(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


def emit(message_type, **fields):
    _out.write(json.dumps(_clean({"v": PROTOCOL, "type": message_type, **fields}), allow_nan=False) + "\n")
    _out.flush()


class Stop(Exception):
    """Ends the run with an error message of `kind`."""

    def __init__(self, kind, message, tb=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.tb = tb


def user_traceback(exc, path):
    """The traceback from the first frame in the user's file on (the runner's frames say nothing)."""
    frames = traceback.extract_tb(exc.__traceback__)
    start = next((i for i, f in enumerate(frames) if os.path.abspath(f.filename) == path), 0)
    lines = traceback.format_list(frames[start:]) + traceback.format_exception_only(type(exc), exc)
    return "Traceback (most recent call last):\n" + "".join(lines)


# ----------------------------------------------------------------------------- loading

def load(path, name, extra_paths=()):
    for folder in [os.path.dirname(path), *extra_paths]:
        if folder not in sys.path:
            sys.path.insert(0, folder)
    module_name = "losslab_user_" + "".join(c if c.isalnum() else "_" for c in os.path.splitext(os.path.basename(path))[0])
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise Stop("import", f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except ModuleNotFoundError as e:
        if e.name in ("torch", "numpy", "jax"):
            raise Stop("framework-missing", f"{os.path.basename(path)} imports {e.name}, which is not installed in {sys.executable}", user_traceback(e, path))
        raise Stop("import", f"importing {os.path.basename(path)} failed: {type(e).__name__}: {e}", user_traceback(e, path))
    except BaseException as e:  # noqa: BLE001 - the user's module may raise anything, SystemExit included
        raise Stop("import", f"importing {os.path.basename(path)} failed: {type(e).__name__}: {e}", user_traceback(e, path))
    if not hasattr(module, name):
        raise Stop("not-found", f"{os.path.basename(path)} has no function or class named {name}")
    obj = getattr(module, name)
    if inspect.isclass(obj):
        try:
            instance = obj()
        except BaseException as e:  # noqa: BLE001
            raise Stop("call", f"{name}() could not be created without arguments: {type(e).__name__}: {e}", user_traceback(e, path))
        return instance, module, obj
    if not callable(obj):
        raise Stop("not-found", f"{name} in {os.path.basename(path)} is not a function or class")
    return obj, module, obj


def framework_of(module, definition):
    """The framework the loss is written with: what its module imported and its source names."""
    imported = {getattr(v, "__name__", "").split(".")[0] for v in vars(module).values() if inspect.ismodule(v)}
    imported |= {getattr(v, "__module__", "").split(".")[0] for v in vars(module).values() if callable(v)}
    source = source_of(definition)
    if "jax" in imported and ("jnp." in source or "jax." in source):
        return "jax"
    if "torch" in imported:
        return "torch"
    if "jax" in imported:
        return "jax"
    if "numpy" in imported:
        return "numpy"
    return "torch"


def source_of(definition):
    try:
        return inspect.getsource(definition)
    except (OSError, TypeError):
        return ""


# ----------------------------------------------------------------------------- frameworks

def framework_module(name):
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise Stop("framework-missing", f"{name.split('.')[0]} is not installed in {sys.executable} ({e}); choose a Python that has it (losslab.python.interpreter or --python)")


class Torch:
    name = "torch"
    autograd = True

    def __init__(self):
        self.t = framework_module("torch")
        self.t.set_num_threads(1)

    def array(self, data, kind="float"):
        return self.t.tensor(data, dtype=self.t.int64 if kind == "int" else self.t.float64)

    def call(self, fn, pred, target, grad=False):
        """(value as nested floats, gradient as nested floats or None, why there is no gradient)."""
        p = pred.clone().requires_grad_(grad)
        out = fn(p, target.clone())
        value = self.values(out)
        if not grad:
            return value, None, None
        if not isinstance(out, self.t.Tensor):
            return value, None, f"it returns a {type(out).__name__}, not a tensor: the graph is cut"
        if not out.requires_grad:
            return value, None, "the output does not require grad: the prediction is detached (.detach(), .data, .item() or numpy)"
        (g,) = self.t.autograd.grad(out.sum(), p, allow_unused=True)
        if g is None:
            return value, None, "the output does not depend on the prediction through autograd"
        return value, g.tolist(), None

    def values(self, out):
        if isinstance(out, self.t.Tensor):
            return out.detach().to(self.t.float64).tolist()
        if isinstance(out, (int, float)):
            return float(out)
        raise TypeError(f"expected a tensor or a number, the loss returned a {type(out).__name__}")


class Numpy:
    name = "numpy"
    autograd = False

    def __init__(self):
        self.np = framework_module("numpy")

    def array(self, data, kind="float"):
        return self.np.array(data, dtype=self.np.int64 if kind == "int" else self.np.float64)

    def call(self, fn, pred, target, grad=False):
        out = fn(pred.copy(), target.copy())
        return self.values(out), None, ("NumPy has no autograd" if grad else None)

    def values(self, out):
        a = self.np.asarray(out, dtype=self.np.float64)
        return a.tolist() if a.ndim else float(a)


class Jax:
    name = "jax"
    autograd = True

    def __init__(self):
        self.jax = framework_module("jax")
        self.jax.config.update("jax_enable_x64", True)
        self.jnp = framework_module("jax.numpy")

    def array(self, data, kind="float"):
        return self.jnp.array(data, dtype=self.jnp.int64 if kind == "int" else self.jnp.float64)

    def call(self, fn, pred, target, grad=False):
        out = fn(pred, target)
        value = self.values(out)
        if not grad:
            return value, None, None
        return value, self.jnp.asarray(self.gradient(fn)(pred, target)).tolist(), None

    def gradient(self, fn):
        """jax.grad of the summed loss, compiled once per input shape (the curve's 101 points share
        one); eager when the user's code cannot be traced under jit (Python branches on values)."""
        if getattr(self, "_for", None) is not fn:
            plain = self.jax.grad(lambda p, t: self.jnp.sum(fn(p, t)))
            compiled = self.jax.jit(plain)

            def grad(p, t):
                if self._jit_ok:
                    try:
                        return compiled(p, t)
                    except Exception:  # noqa: BLE001 - not traceable: fall back to eager
                        self._jit_ok = False
                return plain(p, t)

            self._for, self._grad, self._jit_ok = fn, grad, True
        return self._grad

    def values(self, out):
        import numpy
        a = numpy.asarray(out, dtype=numpy.float64)
        return a.tolist() if a.ndim else float(a)


FRAMEWORKS = {"torch": Torch, "numpy": Numpy, "jax": Jax}


# ----------------------------------------------------------------------------- tasks and inputs

def batch(task, n, rng, classes=4):
    """(prediction, target, target kind) as nested lists for `task`."""
    if task == "regression":
        return [rng.gauss(0, 2) for _ in range(n)], [rng.gauss(0, 1) for _ in range(n)], "float"
    if task == "binary-logits":
        return [rng.gauss(0, 2.5) for _ in range(n)], [float(i % 2) for i in range(n)], "float"
    if task == "binary-probabilities":
        return [rng.uniform(0.03, 0.97) for _ in range(n)], [float(i % 2) for i in range(n)], "float"
    return [[rng.gauss(0, 2) for _ in range(classes)] for _ in range(n)], [i % classes for i in range(n)], "int"


CURVES = {
    # task: (axis, target, x range)
    "regression": ("prediction", 0.0, (-3.0, 3.0)),
    "binary-logits": ("prediction", 1.0, (-6.0, 6.0)),
    "binary-probabilities": ("probability", 1.0, (0.001, 0.999)),
    "multiclass": ("logit margin", 1, (-6.0, 6.0)),
}


def curve_input(task, x):
    """One-element batch at curve abscissa x: two classes, class 1 true, row [0, x] for multi-class."""
    target = CURVES[task][1]
    if task == "multiclass":
        return [[0.0, x]], [target], "int"
    return [x], [float(target)], "float"


NAME_HINTS = (
    ("multiclass", ("log_softmax", "softmax", "cross_entropy", "nll_loss", "one_hot", "gather(", "label_smoothing", "num_classes", "n_classes", "smoothing")),
    ("binary-logits", ("sigmoid", "logsigmoid", "with_logits", "focal", "logit")),
    ("binary-probabilities", ("prob", "bce", "binary_cross_entropy", "dice", "log(p", "log(1 - p", "log1p(-p")),
    ("regression", ("mse", "huber", "l1", "abs(", "** 2", "pow(2", "square", "regress")),
)


def infer_task(fw, fn, source, parameters, rng, path):
    """The task from the names the user wrote, checked by probing which inputs the function takes."""
    text = (source + " " + " ".join(parameters)).lower()
    scores = {t: sum(text.count(h) for h in hints) for t, hints in NAME_HINTS}
    accepts = {}
    raised = None
    for task in TASKS:
        p, t, kind = batch(task, 6, rng)
        try:
            value, _, _ = fw.call(fn, fw.array(p), fw.array(t, kind))
            accepts[task] = all_finite(value)
        except Exception as e:  # noqa: BLE001 - a rejected probe is the answer
            raised = raised or e
            accepts[task] = False
    # Probabilities outside [0, 1] give nan or raise in a loss that takes probabilities.
    try:
        value, _, _ = fw.call(fn, fw.array([2.0, -1.0, 3.0, -2.0]), fw.array([1.0, 0.0, 0.0, 1.0]))
        takes_any_real = all_finite(value)
    except Exception:  # noqa: BLE001
        takes_any_real = False
    if accepts["multiclass"] and (scores["multiclass"] > 0 or not accepts["regression"]):
        return "multiclass", "it takes (N, C) scores with (N,) class indices" + (" and its code names softmax/cross-entropy terms" if scores["multiclass"] else "")
    if not accepts["regression"] and not accepts["binary-logits"] and not accepts["binary-probabilities"]:
        if raised is not None:
            raise Stop("call", f"it raised {short(raised)} on every kind of input tried (regression, binary, multi-class)", user_traceback(raised, path))
        raise Stop("call", "it gave no finite value for regression, binary or multi-class inputs; pass --task to say which one it takes")
    if accepts["binary-probabilities"] and not takes_any_real:
        return "binary-probabilities", "it is finite for probabilities and not for values outside [0, 1]"
    if scores["binary-logits"] > 0 and scores["binary-logits"] >= scores["regression"]:
        return "binary-logits", "its code turns scores into probabilities (sigmoid / logits)"
    if scores["binary-probabilities"] > scores["regression"]:
        return "binary-probabilities", "its names speak of probabilities"
    return "regression", "it takes real-valued predictions and targets of the same shape"


# ----------------------------------------------------------------------------- checks

def flat(v):
    if isinstance(v, list):
        out = []
        for x in v:
            out.extend(flat(x))
        return out
    return [v]


def all_finite(v):
    return all(isinstance(x, (int, float)) and math.isfinite(x) for x in flat(v))


def scalar(v):
    """The loss as one number (a returned vector is summed, its shape reported elsewhere)."""
    return float(sum(flat(v)))


def check(cid, status, detail):
    return {"id": cid, "status": status, "detail": detail}


def short(e):
    text = f"{type(e).__name__}: {e}".splitlines()[0] if str(e) else type(e).__name__
    return text[:160]


def check_finite_extremes(fw, fn, task):
    if task == "binary-probabilities":
        cases = [("probabilities exactly 0 and 1", [0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0], "float")]
    elif task == "binary-logits":
        cases = [("logits ±100", [100.0, -100.0, 100.0, -100.0], [1.0, 0.0, 0.0, 1.0], "float")]
    elif task == "multiclass":
        cases = [("logits ±100", [[100.0, -100.0, 0.0], [-100.0, 100.0, 0.0]], [1, 1], "int")]
    else:
        cases = [("predictions ±1e4", [1e4, -1e4, 0.0], [0.0, 0.0, 1.0], "float")]
    zeros_p = [[0.0] * 3 for _ in range(4)] if task == "multiclass" else [0.0] * 4
    zeros_t = [0] * 4 if task == "multiclass" else [0.0] * 4
    cases.append(("all-zero predictions and targets", zeros_p, zeros_t, "int" if task == "multiclass" else "float"))
    bad = []
    for label, p, t, kind in cases:
        try:
            value, grad, _ = fw.call(fn, fw.array(p), fw.array(t, kind), grad=fw.autograd)
        except Exception as e:  # noqa: BLE001
            bad.append(f"{label}: raises {short(e)}")
            continue
        if not all_finite(value):
            bad.append(f"{label}: loss is {fmt(scalar(value))}")
        elif grad is not None and not all_finite(grad):
            bad.append(f"{label}: gradient is not finite")
    if bad:
        return check("finite-extremes", "fail", "; ".join(bad))
    return check("finite-extremes", "pass", "finite loss and gradient for " + " and ".join(c[0] for c in cases))


def fmt(x):
    return f"{x:.4g}" if math.isfinite(x) else str(x)


def check_gradient(fw, fn, task, rng):
    p, t, kind = batch(task, 5, rng)
    target = fw.array(t, kind)
    h = 1e-6
    flat_p = flat(p)

    def value_at(values):
        return scalar(fw.call(fn, fw.array(reshape(values, p)), target)[0])

    numeric = []
    for i in range(len(flat_p)):
        up = list(flat_p)
        down = list(flat_p)
        up[i] += h
        down[i] -= h
        numeric.append((value_at(up) - value_at(down)) / (2 * h))
    if not fw.autograd:
        if not all(math.isfinite(g) for g in numeric) or max(abs(g) for g in numeric) == 0:
            return check("gradient", "fail", "NumPy has no autograd; central finite differences give a zero or non-finite gradient")
        return check("gradient", "warn", "NumPy has no autograd: the gradient comes from central finite differences only (finite, nonzero); a training framework cannot differentiate it")
    try:
        _, grad, why = fw.call(fn, fw.array(p), target, grad=True)
    except Exception as e:  # noqa: BLE001
        return check("gradient", "fail", f"backward raises {short(e)}")
    if grad is None:
        return check("gradient", "fail", f"no gradient reaches the prediction: {why}")
    auto = flat(grad)
    scale = max(1.0, max(abs(g) for g in numeric))
    if max(abs(g) for g in auto) == 0:
        return check("gradient", "fail", "the autograd gradient is zero everywhere" + (" while finite differences are not" if max(abs(g) for g in numeric) > 1e-8 else ""))
    err = max(abs(a - n) for a, n in zip(auto, numeric))
    if not math.isfinite(err) or err > 1e-5 * scale:
        return check("gradient", "fail", f"autograd and central finite differences differ by {fmt(err)} (float64)")
    return check("gradient", "pass", f"autograd agrees with central finite differences to {err:.1e} (float64)")


def reshape(values, like):
    if isinstance(like[0], list):
        width = len(like[0])
        return [values[i * width:(i + 1) * width] for i in range(len(like))]
    return values


def check_reduction(fw, fn, task, rng):
    p, t, kind = batch(task, 4, rng)
    one = fw.call(fn, fw.array(p), fw.array(t, kind))[0]
    four = fw.call(fn, fw.array(p * 4), fw.array(t * 4, kind))[0]
    if isinstance(one, list):
        return check("reduction", "warn", f"returns {len(one)} values for a batch of {len(p)}: no reduction (reduce before backward)")
    if not (math.isfinite(one) and math.isfinite(four)) or one == 0:
        return check("reduction", "warn", f"could not tell: the loss is {fmt(one)} on a batch of 4 and {fmt(four)} on the same rows repeated 4 times")
    ratio = four / one
    if abs(ratio - 1) < 1e-9:
        return check("reduction", "pass", "a mean over the batch: the same rows repeated 4 times give the same value")
    if abs(ratio - 4) < 1e-9:
        return check("reduction", "warn", "a sum over the batch: 4× the rows give 4× the loss, so the step size depends on the batch size (a mean is usual)")
    return check("reduction", "warn", f"4× the rows change the loss {ratio:.4g}×: it depends on the batch size")


def check_empty_batch(fw, fn, task):
    p = fw.array([[0.0] * 3])[0:0] if task == "multiclass" else fw.array([])
    t = fw.array([], "int" if task == "multiclass" else "float")
    try:
        value = fw.call(fn, p, t)[0]
    except Exception as e:  # noqa: BLE001
        return check("empty-batch", "warn", f"raises on an empty batch: {short(e)}")
    if isinstance(value, list) and len(value) == 0:
        return check("empty-batch", "pass", "returns an empty result for an empty batch")
    if not all_finite(value):
        return check("empty-batch", "warn", f"an empty batch gives {fmt(scalar(value))} (a mean over nothing); skip empty batches or guard the division")
    return check("empty-batch", "pass", f"an empty batch gives {fmt(scalar(value))}")


def check_broadcast(fw, fn, task, rng):
    p, t, kind = batch(task, 5, rng)
    if task == "multiclass":
        wrong_p, wrong_t, label = p, [[x] for x in t], "target (N, 1) with scores (N, C)"
    else:
        wrong_p, wrong_t, label = [[x] for x in p], t, "prediction (N, 1) with target (N,)"
    right = scalar(fw.call(fn, fw.array(p), fw.array(t, kind))[0])
    try:
        value = fw.call(fn, fw.array(wrong_p), fw.array(wrong_t, kind))[0]
    except Exception as e:  # noqa: BLE001
        return check("broadcast", "pass", f"{label} is rejected ({short(e)})")
    got = scalar(value)
    same_size = not isinstance(value, list) or len(flat(value)) == len(p)
    if same_size and abs(got - right) <= 1e-9 * max(1.0, abs(right)):
        return check("broadcast", "pass", f"{label} gives the same value as matching shapes")
    return check("broadcast", "fail", f"{label} silently broadcasts to (N, N): {fmt(got)} instead of {fmt(right)}")


def curve(fw, fn, task):
    axis, target, (lo, hi) = CURVES[task]
    # The same abscissae as the engine's linspace, so the catalog curves line up point by point.
    xs = [hi if i == CURVE_POINTS - 1 else lo + ((hi - lo) * i) / (CURVE_POINTS - 1) for i in range(CURVE_POINTS)]
    losses, grads = [], []
    for x in xs:
        p, t, kind = curve_input(task, x)
        try:
            value, grad, _ = fw.call(fn, fw.array(p), fw.array(t, kind), grad=fw.autograd)
            losses.append(scalar(value))
            if grad is None and not fw.autograd:
                h = 1e-6
                up = scalar(fw.call(fn, fw.array(curve_input(task, x + h)[0]), fw.array(t, kind))[0])
                down = scalar(fw.call(fn, fw.array(curve_input(task, x - h)[0]), fw.array(t, kind))[0])
                grads.append((up - down) / (2 * h))
            elif grad is None:
                grads.append(float("nan"))
            else:
                g = flat(grad)
                grads.append(g[1] if task == "multiclass" else g[0])
        except Exception:  # noqa: BLE001 - a point the function rejects is a gap in the curve
            losses.append(float("nan"))
            grads.append(float("nan"))
    return {"axis": axis, "target": float(target), "x": xs, "loss": losses, "gradient": grads,
            "gradient_source": "autograd" if fw.autograd else "finite differences"}


def check_zero_at_target(task, c):
    finite = [(x, v) for x, v in zip(c["x"], c["loss"]) if math.isfinite(v)]
    if not finite:
        return check("zero-at-target", "fail", "the loss is not finite anywhere on the curve")
    best_x, best = min(finite, key=lambda p: p[1])
    if task == "regression":
        at_target = next((v for x, v in finite if abs(x - c["target"]) < 1e-12), float("nan"))
        if not math.isfinite(at_target) or at_target > best + 1e-12 * max(1.0, abs(best)):
            return check("zero-at-target", "fail", f"the minimum ({fmt(best)}) is at {fmt(best_x)}, not at the target {fmt(c['target'])} (loss {fmt(at_target)} there)")
        if abs(at_target) > 1e-12:
            return check("zero-at-target", "warn", f"the minimum is at the target but is {fmt(at_target)}, not 0")
        return check("zero-at-target", "pass", "minimum 0 at the target")
    # Classification: a perfect prediction is infinitely confident; the loss should fall all the way to the right end.
    last_x, last = c["x"][-1], c["loss"][-1]
    if not math.isfinite(last) or last > best + 1e-12 * max(1.0, abs(best)):
        return check("zero-at-target", "warn", f"the minimum ({fmt(best)}) is at {c['axis']} {fmt(best_x)}, not towards a perfect prediction ({fmt(last)} at {fmt(last_x)}): label smoothing or a regulariser keeps it away")
    return check("zero-at-target", "pass", f"falls towards a perfect prediction ({fmt(last)} at {c['axis']} {fmt(last_x)})")


def check_determinism(fw, fn, task, rng):
    p, t, kind = batch(task, 6, rng)
    a = fw.call(fn, fw.array(p), fw.array(t, kind))[0]
    b = fw.call(fn, fw.array(p), fw.array(t, kind))[0]
    if flat(a) == flat(b) or (all(isinstance(x, float) and math.isnan(x) for x in flat(a) + flat(b))):
        return check("determinism", "pass", "two calls on the same inputs give bit-identical values")
    return check("determinism", "warn", f"two calls on the same inputs differ ({fmt(scalar(a))} vs {fmt(scalar(b))}): randomness inside the loss?")


def guarded(cid, path, fn, *args):
    try:
        return fn(*args)
    except Stop:
        raise
    except Exception as e:  # noqa: BLE001
        return check(cid, "fail", f"the loss raised {short(e)} (traceback on stderr)")


def samples(fw, fn, task, rng):
    out = []
    for n in (8, 5):
        p, t, kind = batch(task, n, rng)
        value = fw.call(fn, fw.array(p), fw.array(t, kind))[0]
        out.append({"input": p, "target": t, "value": value})
    if task == "regression":
        # Errors far from zero tell Huber deltas and smooth-L1 betas apart.
        p = [-4.0, -1.5, -0.6, -0.2, 0.1, 0.7, 1.3, 2.5, 5.0]
        t = [0.0] * len(p)
        out.append({"input": p, "target": t, "value": fw.call(fn, fw.array(p), fw.array(t))[0]})
    return out


# ----------------------------------------------------------------------------- main

def run(path, name, task_override, extra_paths=()):
    emit("progress", message=f"importing {os.path.basename(path)}")
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # the user's prints must not corrupt the protocol
    try:
        fn, module, definition = load(path, name, extra_paths)
        framework = framework_of(module, definition)
        fw = FRAMEWORKS[framework]()
        target = definition.forward if inspect.isclass(definition) and hasattr(definition, "forward") else definition
        source = source_of(definition)
        try:
            parameters = [p for p in inspect.signature(target).parameters if p != "self"]
        except (TypeError, ValueError):
            parameters = []
        rng = random.Random(0)
        if task_override:
            task, reason = task_override, "given with --task"
        else:
            emit("progress", message="probing which inputs it takes")
            task, reason = infer_task(fw, fn, source, parameters, rng, path)
        emit("progress", message=f"checking it as a {task} loss")
        try:
            matched = samples(fw, fn, task, rng)
        except Exception as e:  # noqa: BLE001
            raise Stop("call", f"{name} raised {short(e)} on a {task} batch", user_traceback(e, path))
        checks = [
            guarded("finite-extremes", path, check_finite_extremes, fw, fn, task),
            guarded("gradient", path, check_gradient, fw, fn, task, rng),
            guarded("reduction", path, check_reduction, fw, fn, task, rng),
            guarded("empty-batch", path, check_empty_batch, fw, fn, task),
            guarded("broadcast", path, check_broadcast, fw, fn, task, rng),
        ]
        c = curve(fw, fn, task)
        checks.append(guarded("zero-at-target", path, check_zero_at_target, task, c))
        checks.append(guarded("determinism", path, check_determinism, fw, fn, task, rng))
    finally:
        sys.stdout = real_stdout
    emit("result", loss=name, framework=framework, task=task, task_reason=reason, parameters=parameters,
         python=sys.executable, checks=checks, samples=matched, curve=c)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--task", choices=TASKS)
    parser.add_argument("--sys-path", action="append", default=[], help="another folder for the module's imports (a notebook's or an unsaved file's folder)")
    args = parser.parse_args(argv)
    path = os.path.abspath(args.file)
    try:
        run(path, args.name, args.task, [os.path.abspath(p) for p in args.sys_path])
    except Stop as e:
        emit("error", kind=e.kind, message=e.message, **({"traceback": e.tb} if e.tb else {}))
    except Exception as e:  # noqa: BLE001 - anything else is still reported as a protocol message
        emit("error", kind="call", message=f"{args.name} raised {short(e)}", traceback=user_traceback(e, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
