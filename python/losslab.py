"""Loss Lab figures from Python: loss curves, comparisons, loss landscapes and loss explorers that
VS Code's Loss Lab extension draws inside notebook outputs (offline, in the editor's theme).

Three lines in a notebook::

    import losslab
    losslab.curve(history)              # a list, NumPy array or torch tensor of losses
    losslab.explore("huber_loss", delta=0.5)

Your own PyTorch model (torch is imported only by these, from ``losslab_torch.py`` next to this file)::

    losslab.model_landscape(model, loss_fn, (inputs, targets))   # or a DataLoader, batches=N
    losslab.interpolate(model, loss_fn, data, to=initial_state)
    losslab.sharpness(model, loss_fn, data)

Every function returns a ``LossLabFigure``. In Jupyter/IPython it displays itself as the MIME type
``application/vnd.losslab.figure+json`` (drawn by the extension) with a ``text/plain`` summary for
other front ends; elsewhere ``print(fig)`` gives the summary and ``fig.bundle()`` the mimebundle.
``Tracker`` updates one output in place while a training loop runs.

Stdlib only. NumPy arrays, torch tensors (CPU or GPU, with or without grad), JAX arrays and pandas
series are read through their ``tolist()``; nothing here imports them.
"""

import importlib.util
import math
import os
import sys
import time

__all__ = ["curve", "compare", "landscape", "explore", "Tracker", "LossLabFigure", "MIME", "VERSION",
           "model_landscape", "interpolate", "trajectory", "sharpness"]

MIME = "application/vnd.losslab.figure+json"
VERSION = 1
DEFAULT_SMOOTHING = 0.6
# What the figure payload (src/protocol/figure.ts) allows, as the helper writes it; test/python/test_figure_schema.py
# holds these to media/figure.schema.json, which is generated from that declaration.
SPLITS = ("train", "val")
VIEWS_2D = ("line", "contour", "surface")
VIEWS_1D = ("line",)
X_AXES = ("step", "wall")
SMOOTHING_MIN, SMOOTHING_BELOW = 0, 1


class LossLabFigure:
    """A figure payload plus its plain-text summary; displays itself in IPython."""

    def __init__(self, payload, summary):
        self.payload = payload
        self.summary = summary

    def bundle(self):
        """The mimebundle: our MIME type and a text/plain summary."""
        return {MIME: self.payload, "text/plain": self.summary}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle()

    def __repr__(self):
        return self.summary

    def show(self):
        """Displays the figure now (not only as a cell's last expression); prints the summary outside IPython."""
        display = _ipython_display()
        if display is None:
            print(self.summary)
        else:
            display(self.bundle(), raw=True)


# ---------------------------------------------------------------------------------------------
# Public API


def curve(history, *, name="loss", steps=None, wall_time=None, split=None, val=None, title=None,
          smoothing=DEFAULT_SMOOTHING, log_y=False, x_axis="step"):
    """A loss curve.

    history: the losses per step (list, NumPy array, torch tensor...), or a mapping of names to
      such sequences such as Keras' ``History`` or ``history.history`` (only the entries whose
      name contains "loss" when there are any; names starting with ``val`` are drawn dashed as
      validation curves).
    steps / wall_time: step numbers / seconds since start, one per loss (default 0..n-1).
    split: "train" or "val" for a single sequence. val: validation losses drawn beside it
      (same steps unless given as a mapping ``{"values": ..., "steps": ...}``).
    smoothing: TensorBoard smoothing weight in [0, 1); log_y: log-scale loss axis;
    x_axis: "step" or "wall" (needs wall_time).
    """
    series = _history_series(history, "history", name, steps, wall_time, split, group=None)
    if val is not None:
        series.append(_val_series(val, name, steps if not isinstance(val, dict) else None))
    return _curves_figure(series, title, smoothing, log_y, x_axis)


def compare(runs, *, title=None, smoothing=DEFAULT_SMOOTHING, log_y=False, x_axis="step"):
    """Several runs on one plot: ``compare({"adam": losses_a, "sgd": losses_b})``.

    Each value is what ``curve`` accepts as history (a sequence or a mapping of named sequences),
    or a mapping ``{"values": ..., "steps": ..., "wall_time": ...}``. Curves of one run share a colour.
    """
    if not hasattr(runs, "items"):
        raise TypeError("compare() expects a mapping of run names to histories, e.g. {'adam': losses_a, 'sgd': losses_b}")
    if len(runs) == 0:
        raise ValueError("compare() needs at least one run")
    series = []
    for run, history in runs.items():
        run = _name(run, "run name")
        if isinstance(history, dict) and "values" in history:
            series.append(_series_from_spec(history, run, "runs[%r]" % run, group=run))
        else:
            series.extend(_history_series(history, "runs[%r]" % run, run, None, None, None, group=run))
    return _curves_figure(series, title, smoothing, log_y, x_axis)


def landscape(z, x=None, y=None, *, title=None, trajectory=None, view=None, log_z=False):
    """A loss landscape: 1-D (z has one value per x) or 2-D (z[j][i] is the loss at x[i], y[j],
    i.e. a NumPy array of shape (len(y), len(x))). x and y default to evenly spaced -1..1.

    trajectory: the optimiser's path projected on the same axes, ``(xs, ys)`` or ``(xs, ys, zs)``
      or a mapping with keys x, y and optional z. view: "line", "contour" or "surface".
    """
    grid = _to_list(z, "z")
    two_d = len(grid) > 0 and not _is_scalar(grid[0])
    if two_d:
        rows = [_values(row, "z[%d]" % j) for j, row in enumerate(grid)]
        width = len(rows[0])
        for j, row in enumerate(rows):
            if len(row) != width:
                raise ValueError("z must be rectangular: row 0 has %d values, row %d has %d" % (width, j, len(row)))
        xs = _axis(x, width, "x")
        ys = _axis(y, len(rows), "y")
        if len(xs) != width:
            raise ValueError("x has %d values but z has %d columns (z[j][i] is the loss at x[i], y[j])" % (len(xs), width))
        if len(ys) != len(rows):
            raise ValueError("y has %d values but z has %d rows (z[j][i] is the loss at x[i], y[j])" % (len(ys), len(rows)))
        payload = {"version": VERSION, "kind": "landscape", "x": xs, "y": ys, "z": [_encode(r) for r in rows]}
        flat = [v for r in rows for v in r]
    else:
        if y is not None:
            raise ValueError("y was given but z is 1-D; pass a 2-D z (rows along y) for a 2-D landscape")
        values = _values(grid, "z")
        if not values:
            raise ValueError("z is empty")
        xs = _axis(x, len(values), "x")
        if len(xs) != len(values):
            raise ValueError("x has %d values but z has %d" % (len(xs), len(values)))
        payload = {"version": VERSION, "kind": "landscape", "x": xs, "z": _encode(values)}
        flat = values
    if title is not None:
        payload["title"] = _text(title, "title")
    if trajectory is not None:
        payload["trajectory"] = _trajectory(trajectory)
    if view is not None:
        allowed = VIEWS_2D if two_d else VIEWS_1D
        payload["view"] = _choice(view, allowed, "view")
    if log_z:
        payload["logZ"] = _flag(log_z, "log_z")
    return LossLabFigure(payload, _landscape_summary(payload, flat, two_d))


def explore(loss_name, *, target=None, range=None, show_gradient=None, title=None, **options):
    """An interactive loss explorer drawn by the extension's loss engine (no kernel work).

    loss_name: a catalog id such as "huber_loss" or "cross_entropy" (unknown ids are reported in the
      output by the extension, which holds the catalog), or a list of ids / ``(id, {options})`` pairs
      to draw several losses together. options: the loss's options, e.g. ``delta=0.5`` or
      ``reduction="sum"`` (numbers, strings, booleans or None), for a single loss.
    target: the target value; range: ``(low, high)`` of predictions; show_gradient: draw dL/dx too.
    """
    if isinstance(loss_name, str):
        losses = [_loss_entry(loss_name, options, "loss_name")]
    else:
        if options:
            raise TypeError("options such as %s apply to one loss; with several losses pass (id, {options}) pairs"
                            % ", ".join(sorted(options)))
        items = _to_list(loss_name, "loss_name")
        if not items:
            raise ValueError("explore() needs at least one loss id")
        losses = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                losses.append(_loss_entry(item, {}, "loss_name[%d]" % i))
            elif isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[1], dict):
                losses.append(_loss_entry(item[0], item[1], "loss_name[%d]" % i))
            else:
                raise TypeError("loss_name[%d] should be a loss id or an (id, {options}) pair, got %r" % (i, item))
    payload = {"version": VERSION, "kind": "explorer", "losses": losses}
    if title is not None:
        payload["title"] = _text(title, "title")
    if target is not None:
        payload["target"] = _finite(target, "target")
    if range is not None:
        low, high = _pair(range, "range")
        if not low < high:
            raise ValueError("range must be (low, high) with low < high, got (%r, %r)" % (low, high))
        payload["range"] = [low, high]
    if show_gradient is not None:
        payload["showGradient"] = _flag(show_gradient, "show_gradient")
    described = "; ".join(_describe_loss(l) for l in losses)
    return LossLabFigure(payload, "Loss Lab explorer: %s (drawn by the Loss Lab extension in VS Code)" % described)


class Tracker:
    """Live loss curve for a training loop: one notebook output, updated in place (throttled).

    ::

        tracker = losslab.Tracker(title="fine-tune")
        for step, batch in enumerate(loader):
            ...
            tracker.log(loss=loss)              # or tracker.log(loss=l, val_loss=v), step=... optional
        tracker.close()                         # draws the last points; `with Tracker() as t:` does it too

    Values may be floats, NumPy scalars or torch tensors (read with .item()). Outside IPython the
    summary is printed instead, at most every ``min_interval`` seconds.
    """

    def __init__(self, title=None, *, smoothing=DEFAULT_SMOOTHING, log_y=False, min_interval=0.5,
                 stream=None, clock=time.monotonic):
        if title is not None:
            _text(title, "title")
        _curves_options(smoothing, log_y, "step")
        self.title = title
        self.smoothing = smoothing
        self.log_y = log_y
        self.min_interval = _finite(min_interval, "min_interval")
        if self.min_interval < 0:
            raise ValueError("min_interval must be >= 0 seconds")
        self._stream = stream
        self._clock = clock
        self._series = {}
        self._order = []
        self._step = 0
        self._handle = None
        self._shown_at = None
        self._dirty = False
        self.updates = 0

    def log(self, value=None, *, step=None, **named):
        """Records one step: ``log(0.42)`` (series "loss") or ``log(loss=0.42, val_loss=0.5)``.
        step defaults to one more than the previous step."""
        if value is not None:
            if "loss" in named:
                raise TypeError("pass the loss either positionally or as loss=..., not both")
            named["loss"] = value
        if not named:
            raise TypeError("log() needs a value, e.g. tracker.log(loss) or tracker.log(loss=l, val_loss=v)")
        if step is None:
            step = self._step
        else:
            step = _finite(step, "step")
        for key, v in named.items():
            if key not in self._series:
                self._series[key] = ([], [])
                self._order.append(key)
            steps, values = self._series[key]
            steps.append(step)
            values.append(_scalar(v, key))
        self._step = (step + 1) if isinstance(step, int) else math.floor(step) + 1
        self._dirty = True
        now = self._clock()
        if self._shown_at is None or now - self._shown_at >= self.min_interval:
            self._refresh(now)

    def figure(self):
        """The current curves as a LossLabFigure."""
        series = []
        for key in self._order:
            steps, values = self._series[key]
            s = {"name": key, "values": _encode(values), "steps": list(steps)}
            if _is_val_name(key):
                s["split"] = "val"
            series.append(s)
        return _curves_figure_from_encoded(series, self.title, self.smoothing, self.log_y, "step", live=True)

    def flush(self):
        """Shows the latest points now, whatever the throttle says."""
        if self._dirty:
            self._refresh(self._clock())

    close = flush

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.flush()
        return False

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.figure().bundle()

    def __repr__(self):
        return self.figure().summary

    def _refresh(self, now):
        self._shown_at = now
        self._dirty = False
        self.updates += 1
        fig = self.figure()
        display = _ipython_display()
        if display is None:
            print(fig.summary, file=self._stream or sys.stdout)
        elif self._handle is None:
            self._handle = display(fig.bundle(), raw=True, display_id=True)
        else:
            self._handle.update(fig.bundle(), raw=True)


# ---------------------------------------------------------------------------------------------
# Your own PyTorch model (computed by losslab_torch.py, loaded on first use)


def model_landscape(model, loss_fn, data, *, grid=31, span=1.0, seed=0, dims=2, batches=None):
    """The loss around the model's weights along seeded Gaussian directions with filter
    normalisation (Li et al. 2018: per filter d <- d*||w||/(||d||+1e-10); biases and BatchNorm
    weights get zero): a grid x grid contour map over [-span, span]^2, or a 1-D slice with dims=1.

    loss_fn(model(inputs), targets) gives one number; data is an (inputs, targets) batch or a
    DataLoader (its first `batches` batches, all by default, read once). The model is evaluated in
    eval mode on its own device; its parameters, buffers and train/eval mode are restored exactly
    afterwards, also after an error or an interrupt.
    """
    return _torch_part().model_landscape(model, loss_fn, data, grid=grid, span=span, seed=seed, dims=dims, batches=batches)


def interpolate(model, loss_fn, data, *, to, steps=51, batches=None):
    """The loss along the straight line from the model's weights (alpha = 0) to `to` (alpha = 1): a
    state_dict, another model of the same architecture or a checkpoint path (init -> trained, two
    seeds, two checkpoints). Floating-point buffers (BatchNorm statistics) move along too."""
    return _torch_part().interpolate(model, loss_fn, data, to=to, steps=steps, batches=batches)


def trajectory(model, loss_fn, data, checkpoints, *, grid=31, batches=None):
    """The landscape on the plane of the two principal directions of a training path (checkpoints: a
    list of state_dicts, models or paths, in order; at least 3), through the model's weights, with the
    path drawn on it, as the extension's landscape panel shows it."""
    return _torch_part().trajectory(model, loss_fn, data, checkpoints, grid=grid, batches=batches)


def sharpness(model, loss_fn, data, *, seed=0, batches=None):
    """Sharpness at the model's weights (eval mode): ``top_eigenvalue`` of the Hessian (power
    iteration on Hessian-vector products by double backward), ``trace`` and ``trace_standard_error``
    (Hutchinson, Rademacher vectors). A dict that displays as a one-line summary."""
    return _torch_part().sharpness(model, loss_fn, data, seed=seed, batches=batches)


def _torch_part():
    """losslab_torch.py from this file's folder, loaded once (so that importing losslab needs no torch)."""
    loaded = sys.modules.get("losslab_torch")
    if loaded is not None:
        return loaded
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "losslab_torch.py")
    if not os.path.exists(path):
        raise ImportError("%s is missing: it comes with losslab.py (run \"Loss Lab: Add Python Helper to "
                          "Workspace\" again)" % path)
    spec = importlib.util.spec_from_file_location("losslab_torch", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["losslab_torch"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules["losslab_torch"]
        raise
    return module


# ---------------------------------------------------------------------------------------------
# Display


def _ipython_display():
    """IPython's display function when running under an IPython kernel or shell, else None."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return None
    return display if get_ipython() is not None else None


# ---------------------------------------------------------------------------------------------
# Curves


def _curves_options(smoothing, log_y, x_axis):
    smoothing = _finite(smoothing, "smoothing")
    if not SMOOTHING_MIN <= smoothing < SMOOTHING_BELOW:
        raise ValueError("smoothing must be in [0, 1) (0 = raw curve, 0.99 = very smooth), got %r" % smoothing)
    _flag(log_y, "log_y")
    _choice(x_axis, X_AXES, "x_axis")
    return smoothing


def _curves_figure(series, title, smoothing, log_y, x_axis):
    if x_axis == "wall":
        missing = [s["name"] for s in series if "wallTime" not in s]
        if missing:
            raise ValueError("x_axis='wall' needs wall_time for every curve; missing for %s" % ", ".join(missing))
    return _curves_figure_from_encoded(series, title, smoothing, log_y, x_axis, live=False)


def _curves_figure_from_encoded(series, title, smoothing, log_y, x_axis, live):
    smoothing = _curves_options(smoothing, log_y, x_axis)
    payload = {"version": VERSION, "kind": "curves", "series": series, "smoothing": smoothing}
    if title is not None:
        payload["title"] = _text(title, "title")
    if log_y:
        payload["logY"] = True
    if x_axis != "step":
        payload["xAxis"] = x_axis
    return LossLabFigure(payload, _curves_summary(payload, live))


def _history_series(history, what, name, steps, wall_time, split, group):
    if hasattr(history, "history") and isinstance(getattr(history, "history"), dict):
        history = history.history  # a Keras History object
    if isinstance(history, dict):
        if steps is not None or wall_time is not None or split is not None:
            raise TypeError("steps, wall_time and split apply to a single sequence; for a mapping of curves use "
                            "{'values': ..., 'steps': ...} entries or compare()")
        if not history:
            raise ValueError("%s is an empty mapping" % what)
        # Keras histories also hold metrics (accuracy...): draw the losses when there are any.
        items = [(k, v) for k, v in history.items() if "loss" in str(k).lower()] or list(history.items())
        out = []
        for key, seq in items:
            key = _name(key, "%s key" % what)
            sub = "%s[%r]" % (what, key)
            if isinstance(seq, dict):
                out.append(_series_from_spec(seq, key if group is None else "%s %s" % (group, key), sub, group))
            else:
                label = key if group is None else "%s %s" % (group, key)
                out.append(_series(_values(seq, sub), label, sub, None, None, "val" if _is_val_name(key) else None, group))
        return out
    return [_series(_values(history, what), _name(name, "name"), what, steps, wall_time, split, group)]


def _series_from_spec(spec, name, what, group):
    unknown = set(spec) - {"values", "steps", "wall_time", "split"}
    if unknown:
        raise TypeError("%s has unknown keys %s (expected values, steps, wall_time, split)" % (what, sorted(unknown)))
    if "values" not in spec:
        raise TypeError("%s needs a 'values' entry" % what)
    split = spec.get("split", "val" if _is_val_name(name) else None)
    return _series(_values(spec["values"], what + "['values']"), name, what, spec.get("steps"), spec.get("wall_time"), split, group)


def _val_series(val, name, steps):
    if isinstance(val, dict):
        return _series_from_spec(dict(val, split="val"), "val " + name, "val", None)
    return _series(_values(val, "val"), "val " + name, "val", steps, None, "val", None)


def _series(values, name, what, steps, wall_time, split, group):
    s = {"name": name, "values": _encode(values)}
    if steps is not None:
        s["steps"] = _finite_list(steps, what + " steps")
        if len(s["steps"]) != len(values):
            raise ValueError("%s has %d values but %d steps" % (what, len(values), len(s["steps"])))
    if wall_time is not None:
        s["wallTime"] = _finite_list(wall_time, what + " wall_time")
        if len(s["wallTime"]) != len(values):
            raise ValueError("%s has %d values but %d wall times" % (what, len(values), len(s["wallTime"])))
    if split is not None:
        s["split"] = _choice(split, SPLITS, "split")
    if group is not None:
        s["group"] = group
    return s


def _is_val_name(name):
    # "val_loss", "validation", or "adam val_loss" inside compare()
    words = name.lower().split()
    return bool(words) and words[-1].startswith("val")


def _curves_summary(payload, live):
    lines = ["Loss Lab curves%s%s" % (": " + payload["title"] if "title" in payload else "", " (live)" if live else "")]
    for s in payload["series"]:
        values = [_decode(v) for v in s["values"]]
        steps = s.get("steps") or list(range(len(values)))
        finite = [(v, st) for v, st in zip(values, steps) if v is not None and math.isfinite(v)]
        if not values:
            lines.append("  %s: no values" % s["name"])
            continue
        text = "  %s: %d step%s, last %s" % (s["name"], len(values), "" if len(values) == 1 else "s", _fmt(values[-1]))
        if finite:
            best, at = min(finite)
            text += ", min %s at step %s" % (_fmt(best), _fmt(at))
        bad = len(values) - len(finite)
        if bad:
            text += ", %d NaN/inf/missing" % bad
        lines.append(text)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Landscapes and explorers


def _axis(values, n, what):
    if values is None:
        return [(-1.0 + 2.0 * i / (n - 1)) if n > 1 else 0.0 for i in range(n)]
    return _finite_list(values, what)


def _trajectory(t):
    if isinstance(t, dict):
        unknown = set(t) - {"x", "y", "z"}
        if unknown:
            raise TypeError("trajectory has unknown keys %s (expected x, y and optional z)" % sorted(unknown))
        parts = [t.get("x"), t.get("y")] + ([t["z"]] if "z" in t else [])
        if parts[0] is None or parts[1] is None:
            raise TypeError("trajectory needs x and y")
    else:
        parts = _to_list(t, "trajectory")
        if len(parts) not in (2, 3):
            raise TypeError("trajectory should be (xs, ys) or (xs, ys, zs)")
    out = {"x": _finite_list(parts[0], "trajectory x"), "y": _finite_list(parts[1], "trajectory y")}
    if len(out["x"]) != len(out["y"]):
        raise ValueError("trajectory x has %d points, y has %d" % (len(out["x"]), len(out["y"])))
    if len(parts) == 3:
        zs = _values(parts[2], "trajectory z")
        if len(zs) != len(out["x"]):
            raise ValueError("trajectory z has %d points, x has %d" % (len(zs), len(out["x"])))
        out["z"] = _encode(zs)
    return out


def _landscape_summary(payload, flat, two_d):
    finite = [v for v in flat if v is not None and math.isfinite(v)]
    shape = "%dx%d" % (len(payload["x"]), len(payload["y"])) if two_d else "1-D, %d points" % len(payload["x"])
    text = "Loss Lab landscape%s (%s)" % (": " + payload["title"] if "title" in payload else "", shape)
    if finite:
        text += ": min %s, max %s" % (_fmt(min(finite)), _fmt(max(finite)))
    if len(finite) < len(flat):
        text += ", %d NaN/inf/missing" % (len(flat) - len(finite))
    return text


def _loss_entry(loss_id, options, what):
    # Names are checked by the extension against its catalog (the one list of losses); here only the shape.
    if not isinstance(loss_id, str) or not loss_id.strip():
        raise TypeError("%s should be a loss id string such as 'huber_loss', got %r" % (what, loss_id))
    entry = {"id": loss_id.strip()}
    if options:
        clean = {}
        for key, v in options.items():
            if not isinstance(key, str):
                raise TypeError("option names must be strings, got %r" % (key,))
            clean[key] = _option_value(v, "%s option %s" % (loss_id, key))
        entry["options"] = clean
    return entry


def _option_value(v, what):
    if v is None or isinstance(v, (bool, str)):
        return v
    if hasattr(v, "item") and not isinstance(v, (int, float)):
        v = v.item()
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        if not math.isfinite(v):
            raise ValueError("%s must be finite, got %r" % (what, v))
        return v
    raise TypeError("%s must be a number, string, boolean or None, got %s" % (what, type(v).__name__))


def _describe_loss(entry):
    opts = entry.get("options")
    if not opts:
        return entry["id"]
    return "%s(%s)" % (entry["id"], ", ".join("%s=%r" % kv for kv in opts.items()))


# ---------------------------------------------------------------------------------------------
# Reading numbers (lists, tuples, NumPy, torch, JAX, pandas) and encoding them for JSON


def _to_list(v, what):
    """A Python list from a sequence, array or tensor (duck-typed: torch's detach/cpu, then tolist)."""
    if v is None:
        raise TypeError("%s is None" % what)
    if isinstance(v, (str, bytes)):
        raise TypeError("%s should be a sequence of numbers, got a string" % what)
    if hasattr(v, "detach") and hasattr(v, "cpu"):
        v = v.detach().cpu()
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, dict):
        raise TypeError("%s should be a sequence of numbers, got a mapping" % what)
    try:
        return list(v)
    except TypeError:
        raise TypeError("%s should be a sequence of numbers, got %s" % (what, type(v).__name__)) from None


def _is_scalar(v):
    if hasattr(v, "ndim"):  # NumPy/torch/JAX scalars and 0-d arrays
        return v.ndim == 0
    return not isinstance(v, (list, tuple))


def _scalar(v, what):
    """A float or None (missing). Accepts Python/NumPy numbers and one-element tensors/arrays."""
    if v is None:
        return None
    if isinstance(v, bool):
        raise TypeError("%s: expected a number, got a bool" % what)
    if isinstance(v, (int, float)):
        return float(v)
    if hasattr(v, "detach"):
        v = v.detach()
    if hasattr(v, "item"):
        try:
            v = v.item()
        except (ValueError, RuntimeError):
            raise ValueError("%s: expected a single number, got an array with several values" % what) from None
        if isinstance(v, bool):
            raise TypeError("%s: expected a number, got a bool" % what)
        if isinstance(v, (int, float)):
            return float(v)
    try:
        return float(v)
    except (TypeError, ValueError):
        raise TypeError("%s: expected a number, got %r" % (what, v)) from None


def _values(v, what):
    items = _to_list(v, what)
    out = []
    for i, x in enumerate(items):
        if isinstance(x, (list, tuple)):
            raise ValueError("%s should be 1-D, but item %d is a sequence" % (what, i))
        out.append(_scalar(x, "%s[%d]" % (what, i)))
    return out


def _finite_list(v, what):
    out = _values(v, what)
    for i, x in enumerate(out):
        if x is None or not math.isfinite(x):
            raise ValueError("%s[%d] must be a finite number, got %r" % (what, i, x))
    return out


def _finite(v, what):
    x = _scalar(v, what)
    if x is None or not math.isfinite(x):
        raise ValueError("%s must be a finite number, got %r" % (what, v))
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    return x


def _pair(v, what):
    items = _to_list(v, what)
    if len(items) != 2:
        raise ValueError("%s must be (low, high), got %d values" % (what, len(items)))
    return _finite(items[0], what + "[0]"), _finite(items[1], what + "[1]")


def _encode(values):
    """JSON has no NaN or infinity: they travel as "nan", "inf", "-inf"; a missing value as null."""
    out = []
    for v in values:
        if v is None:
            out.append(None)
        elif math.isnan(v):
            out.append("nan")
        elif math.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(v)
    return out


def _decode(v):
    if v is None:
        return None
    if isinstance(v, str):
        return float(v)
    return v


def _name(v, what):
    if not isinstance(v, str):
        v = str(v)
    if not v:
        raise ValueError("%s must not be empty" % what)
    return v


def _text(v, what):
    if not isinstance(v, str):
        raise TypeError("%s must be a string, got %s" % (what, type(v).__name__))
    return v


def _flag(v, what):
    if not isinstance(v, bool):
        raise TypeError("%s must be True or False, got %r" % (what, v))
    return v


def _choice(v, allowed, what):
    if v not in allowed:
        raise ValueError("%s must be one of %s, got %r" % (what, ", ".join(repr(a) for a in allowed), v))
    return v


def _fmt(v):
    if v is None:
        return "missing"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return "%.4g" % v
