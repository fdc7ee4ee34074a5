"""Loss Lab for your own PyTorch model, in a notebook: the part of the ``losslab`` helper that needs
torch. ``losslab`` loads this file (it sits next to ``losslab.py``) on the first call of
``model_landscape``, ``interpolate``, ``trajectory`` or ``sharpness``; call those through ``losslab``.

Every call holds the model the same way (``_Held``): eval mode while it computes (BatchNorm uses its
running statistics, dropout is off), the data on the model's own device, and afterwards the
parameters, buffers, gradients and each module's train/eval flag exactly as they were, also after
an exception or a KeyboardInterrupt. Points in parameter space are never written into the user's
tensors: the parameters are pointed at views of one flat buffer (``_Space``) that each point is
written into, and pointed back at their own storage at the end. Where torch has ``vmap`` and
``functional_call`` (torch.func, or functorch in torch 1.13) several points are evaluated in one
batched call, checked once against the plain evaluation.
"""

import math
import os
import sys
import time

import torch

_ll = sys.modules.get("losslab") or __import__("losslab")

try:  # torch >= 2.0
    from torch.func import functional_call as _functional_call, vmap as _vmap
    _TORCH_FUNC = True
except ImportError:
    _TORCH_FUNC = False  # torch 1.13: vmap from functorch, which ships beside it
    try:
        from functorch import vmap as _vmap
        from torch.nn.utils.stateless import functional_call as _functional_call
    except ImportError:
        _functional_call = _vmap = None

POWER_ITERATIONS = 100
POWER_TOLERANCE = 1e-5
TRACE_SAMPLES = 100
# "auto": batched (vmap) evaluation with torch.func (torch >= 2); with torch 1.13's functorch the
# in-place loop measured faster (bench/model_landscape.py), so "auto" loops there. "vmap" or "loop" force one.
BATCHED = "auto"
# Convolution weights and image batches in the channels-last layout on the CPU (see _Space); False
# keeps the contiguous layout (bench/model_landscape.py times both).
CHANNELS_LAST_ON_CPU = True
# Points per batched (vmap) call, bounded so that the stacked parameters stay under this many bytes.
VMAP_POINTS = 32
VMAP_BYTES = 1 << 26


# ---------------------------------------------------------------------------------------------
# Public functions (called through losslab, which documents them)


def model_landscape(model, loss_fn, data, *, grid=31, span=1.0, seed=0, dims=2, batches=None):
    grid = _count(grid, "grid", 2)
    span = _positive(span, "span")
    seed = _count(seed, "seed", 0)
    if dims not in (1, 2):
        raise ValueError("dims must be 1 (a line) or 2 (a plane), got %r" % (dims,))
    with _Held(model, loss_fn, data, batches) as held:
        space = held.space(buffers=False)
        generator = torch.Generator().manual_seed(seed)
        directions = [space.flat(random_direction(held.parameters, generator)) for _ in range(dims)]
        axis = [span * (2.0 * i / (grid - 1) - 1.0) for i in range(grid)]
        if dims == 1:
            coefficients = [(a,) for a in axis]
        else:
            coefficients = [(a, b) for b in axis for a in axis]
        with _Progress("landscape", len(coefficients)) as progress:
            losses = held.evaluate(space, directions, coefficients, progress, 0, _centre_index(coefficients))
            progress.finish(held.describe(len(coefficients)))
        centre = held.centre_loss
    name = type(model).__name__
    title = "Loss landscape of %s (%d random direction%s, seed %d)" % (name, dims, "" if dims == 1 else "s", seed)
    if dims == 1:
        fig = _ll.landscape(losses, axis, title=title, view="line")
    else:
        rows = [losses[j * grid:(j + 1) * grid] for j in range(grid)]
        fig = _ll.landscape(rows, axis, axis, title=title, view="contour")
    fig.summary += "; filter-normalised directions; loss at the weights %s (eval mode)" % _ll._fmt(centre)
    return fig


def interpolate(model, loss_fn, data, *, to, steps=51, batches=None):
    steps = _count(steps, "steps", 2)
    with _Held(model, loss_fn, data, batches) as held:
        space = held.space(buffers=True)
        target = space.flat_from_state(_state_dict(to, "to"), "to")
        alphas = [i / (steps - 1) for i in range(steps)]
        with _Progress("interpolation", steps) as progress:
            losses = held.evaluate(space, [target - space.center], [(a,) for a in alphas], progress, 0, 0)
            progress.finish(held.describe(steps))
    title = "Loss from %s (α = 0) to %s (α = 1)" % (type(model).__name__, _describe(to))
    fig = _ll.landscape(losses, alphas, title=title, view="line")
    fig.summary += "; the straight line in parameters and floating-point buffers"
    return fig


def trajectory(model, loss_fn, data, checkpoints, *, grid=31, batches=None, margin=0.15):
    grid = _count(grid, "grid", 2)
    items = list(checkpoints) if not isinstance(checkpoints, (str, bytes, dict)) else None
    if items is None or len(items) < 2:
        raise ValueError("checkpoints should be a list of at least 2 state_dicts, models or checkpoint paths "
                         "(the training path, in order)")
    with _Held(model, loss_fn, data, batches) as held:
        space = held.space(buffers=False)
        path = [space.flat_from_state(_state_dict(c, "checkpoints[%d]" % i), "checkpoints[%d]" % i) for i, c in enumerate(items)]
        plane = _pca_plane(path, space.center, margin)
        axis = [2.0 * i / (grid - 1) - 1.0 for i in range(grid)]
        coefficients = [(a, b) for b in axis for a in axis]
        offsets = [p - space.center for p in path]
        at_path = [tuple(1.0 if k == i else 0.0 for k in range(len(path))) for i in range(len(path))]
        with _Progress("trajectory", len(coefficients) + len(path)) as progress:
            losses = held.evaluate(space, [plane["d1"], plane["d2"]], coefficients, progress, 0, _centre_index(coefficients))
            path_losses = held.evaluate(space, offsets, at_path, progress, len(coefficients), None)
            progress.finish(held.describe(len(coefficients) + len(path)))
    rows = [losses[j * grid:(j + 1) * grid] for j in range(grid)]
    explained = plane["explained"]
    title = "Loss of %s on its training path's plane (PCA, %.0f %% of its variance)" % (
        type(model).__name__, 100 * (explained[0] + explained[1]))
    return _ll.landscape(rows, axis, axis, title=title, view="contour",
                         trajectory={"x": plane["x"], "y": plane["y"], "z": path_losses})


def sharpness(model, loss_fn, data, *, seed=0, batches=None):
    seed = _count(seed, "seed", 0)
    with _Held(model, loss_fn, data, batches) as held:
        params = [p for _, p in held.parameters]
        progress = _Progress("sharpness", POWER_ITERATIONS + TRACE_SAMPLES)
        with progress:
            top, iterations, converged = _power_iteration(held, params, seed, progress)
            trace, error, samples = _hutchinson(held, params, seed + 1, progress, iterations)
            progress.finish("top eigenvalue %s, trace %s ± %s" % (_ll._fmt(top), _ll._fmt(trace), _ll._fmt(error)))
    return Sharpness(top_eigenvalue=top, converged=converged, iterations=iterations,
                     trace=trace, trace_standard_error=error, trace_samples=samples)


class Sharpness(dict):
    """Sharpness at the model's weights, readable as a dict (``dict(s)``, ``s["trace"]``) or as
    attributes (``s.top_eigenvalue``); displays as a short summary."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def summary(self):
        return ("Loss Lab sharpness: top Hessian eigenvalue %s (power iteration, %d iteration%s%s); "
                "Hessian trace %s ± %s (Hutchinson, %d samples)") % (
            _ll._fmt(self["top_eigenvalue"]), self["iterations"], "" if self["iterations"] == 1 else "s",
            "" if self["converged"] else ", not converged", _ll._fmt(self["trace"]),
            _ll._fmt(self["trace_standard_error"]), self["trace_samples"])

    def __repr__(self):
        return self.summary()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.summary()}


# ---------------------------------------------------------------------------------------------
# Directions and planes


def random_direction(named_parameters, generator):
    """A Gaussian direction, filter-normalised (Li et al. 2018): per filter (slice along the first
    dimension) d <- d * ||w|| / (||d|| + 1e-10); 1-D parameters (biases, BatchNorm and other norm
    weights) get zero. Drawn on the CPU in float64 so that a seed gives the same direction on any
    device; returned in each parameter's dtype and device."""
    out = []
    for _, p in named_parameters:
        d = torch.randn(p.shape, generator=generator, dtype=torch.float64)
        if p.dim() <= 1:
            out.append(torch.zeros_like(p))
            continue
        w = p.detach().to("cpu", torch.float64)
        w_norm = w.reshape(w.shape[0], -1).norm(dim=1)
        d_norm = d.reshape(d.shape[0], -1).norm(dim=1)
        d = d * (w_norm / (d_norm + 1e-10)).reshape((-1,) + (1,) * (d.dim() - 1))
        out.append(d.to(p.device, p.dtype))
    return out


def filter_normalize(direction, named_parameters):
    """filter normalisation of a given direction (a list of tensors shaped like the parameters)."""
    out = []
    for d, (_, p) in zip(direction, named_parameters):
        if p.dim() <= 1:
            out.append(torch.zeros_like(p))
            continue
        d64 = d.detach().to("cpu", torch.float64)
        w = p.detach().to("cpu", torch.float64)
        scale = w.reshape(w.shape[0], -1).norm(dim=1) / (d64.reshape(d64.shape[0], -1).norm(dim=1) + 1e-10)
        out.append((d64 * scale.reshape((-1,) + (1,) * (d64.dim() - 1))).to(p.device, p.dtype))
    return out


def _pca_plane(path, center, margin):
    """The plane of the path's two principal directions through center, as the extension's landscape
    panel draws it (src/engine/landscape/plane.ts): each direction stretched so the path, with a margin,
    spans -1..1 along it."""
    if len(path) < 3:
        raise ValueError("a training path needs at least 3 checkpoints for two directions, got %d" % len(path))
    offsets = torch.stack([(p - center).to(torch.float64) for p in path])
    centred = offsets - offsets.mean(dim=0, keepdim=True)
    values, vectors = torch.linalg.eigh(centred @ centred.T)
    order = torch.argsort(values, descending=True)
    total = values.clamp(min=0).sum().item()
    directions, coords, explained = [], [], []
    for k in order[:2].tolist():
        d = vectors[:, k] @ centred
        n = d.norm().item()
        if n == 0 or total == 0:
            raise ValueError("the checkpoints do not move in two independent directions")
        d = d / n
        directions.append(d)
        coords.append((offsets @ d).tolist())
        explained.append(max(values[k].item(), 0.0) / total)
    reach = [max(max(abs(v) for v in c), 1e-12) * (1 + margin) for c in coords]
    return {
        "d1": (directions[0] * reach[0]).to(center.dtype), "d2": (directions[1] * reach[1]).to(center.dtype),
        "x": [v / reach[0] for v in coords[0]], "y": [v / reach[1] for v in coords[1]], "explained": explained,
    }


def _centre_index(coefficients):
    for i, c in enumerate(coefficients):
        if all(v == 0 for v in c):
            return i
    return None


# ---------------------------------------------------------------------------------------------
# Holding the model for one call


class _Held:
    """The model in eval mode with its data on its device; on exit everything is as it was."""

    def __init__(self, model, loss_fn, data, batches):
        if not isinstance(model, torch.nn.Module):
            raise TypeError("model should be a torch.nn.Module, got %s" % type(model).__name__)
        if not callable(loss_fn):
            raise TypeError("loss_fn should be callable as loss_fn(outputs, targets), got %s" % type(loss_fn).__name__)
        self.model = model
        self.loss_fn = loss_fn
        self.parameters = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
        if not self.parameters:
            raise ValueError("the model has no trainable parameters (requires_grad=True)")
        kinds = {(p.device, p.dtype) for _, p in self.parameters}
        if len(kinds) > 1:
            raise ValueError("the trainable parameters are on several devices or dtypes (%s); Loss Lab needs one"
                             % ", ".join(sorted("%s %s" % k for k in kinds)))
        (self.device, self.dtype), = kinds
        # On the CPU, convolution weights (4-D) and image batches go channels-last: oneDNN's convolutions
        # then run about 3x faster than on the contiguous layout (bench/model_landscape.py).
        self.channels_last = CHANNELS_LAST_ON_CPU and self.device.type == "cpu" and any(p.dim() == 4 for _, p in self.parameters)
        self.batches = _batches(data, batches, self.device, channels_last=self.channels_last)
        self.weight = sum(w for _, _, w in self.batches)
        self.centre_loss = None
        self.method = None

    def __enter__(self):
        model = self.model
        self._modes = [(m, m.training) for m in model.modules()]
        self._data = [(p, p.data, p.grad) for p in model.parameters()]
        self._buffers = [(m, name, b, b.detach().clone()) for m in model.modules() for name, b in m._buffers.items() if b is not None]
        model.eval()
        return self

    def __exit__(self, *exc):
        with torch.no_grad():
            for p, data, grad in self._data:
                if p.data is not data:
                    p.data = data
                p.grad = grad
            for m, name, b, saved in self._buffers:
                m._buffers[name] = b
                b.copy_(saved)
        for m, training in self._modes:
            m.training = training
        return False

    def space(self, buffers):
        return _Space(self.model, self.parameters, buffers, self.channels_last)

    def loss(self):
        """The loss at the model's current state, averaged over the batches (weighted by their size)."""
        total = torch.zeros((), dtype=torch.float64, device=self.device)
        for x, y, w in self.batches:
            total += w * _scalar_loss(self.loss_fn(self.model(x), y)).double()
        return total.item() / self.weight

    def describe(self, points):
        return "%d points%s" % (points, ", batched with vmap" if self.method == "vmap" else "")

    def evaluate(self, space, directions, coefficients, progress, base, centre):
        """loss(center + sum_k c[k] * directions[k]) for each c in coefficients, batched with vmap when it
        works; progress counts from `base`. The point at index `centre` (all coefficients zero) is the
        model itself."""
        out = [None] * len(coefficients)
        stacked = torch.stack(directions)
        done = base
        with torch.no_grad():
            space.attach()
            self.centre_loss = self.loss()
            if centre is not None:
                out[centre] = self.centre_loss
            todo = [i for i in range(len(coefficients)) if out[i] is None]
            done += len(coefficients) - len(todo)
            progress.update(done)
            chunk = self._vmap_chunk(space)
            start = 0
            if chunk > 1 and todo:
                first = todo[:chunk]
                batched = self._try_vmap(space, stacked, [coefficients[i] for i in first])
                if batched is not None:
                    space.write_point(stacked, coefficients[first[0]])
                    plain = self.loss()
                    if math.isclose(batched[0], plain, rel_tol=_tolerance(self.dtype), abs_tol=_tolerance(self.dtype)):
                        self.method = "vmap"
                    else:
                        self.method = "loop (vmap gave %r where the model gives %r)" % (batched[0], plain)
                if self.method == "vmap":
                    while start < len(todo):
                        part = todo[start:start + chunk]
                        values = batched if start == 0 else self._batched(space, stacked, [coefficients[i] for i in part])
                        for i, v in zip(part, values):
                            out[i] = v
                        start += len(part)
                        progress.update(done + start)
            for i in todo[start:]:
                space.write_point(stacked, coefficients[i])
                out[i] = self.loss()
                start += 1
                progress.update(done + start)
        return out

    def _vmap_chunk(self, space):
        if _vmap is None or BATCHED == "loop" or (BATCHED == "auto" and not _TORCH_FUNC):
            self.method = "loop"
            return 1
        element = torch.empty((), dtype=self.dtype).element_size()
        return max(1, min(VMAP_POINTS, VMAP_BYTES // max(1, space.size * element)))

    def _try_vmap(self, space, stacked, coefficients):
        try:
            return self._batched(space, stacked, coefficients)
        except (RuntimeError, NotImplementedError, TypeError, ValueError) as e:
            self.method = "loop (vmap failed: %s)" % str(e).split("\n")[0][:200]
            return None

    def _batched(self, space, stacked, coefficients):
        c = torch.tensor(coefficients, dtype=stacked.dtype, device=stacked.device)
        points = torch.addmm(space.center.expand(len(coefficients), -1), c, stacked)
        named = space.batched(points)
        total = torch.zeros(len(coefficients), dtype=torch.float64, device=self.device)
        for x, y, w in self.batches:
            def one(values, x=x, y=y):
                return _scalar_loss(self.loss_fn(_functional_call(self.model, values, (x,)), y))
            total += w * _vmap(one)(named).double()
        return (total / self.weight).tolist()


class _Space:
    """The trainable parameters (and, for interpolation, the floating-point buffers) as one flat vector:
    `center` holds their values; `attach` points them at views of one flat buffer that `write_point`
    fills with each point."""

    def __init__(self, model, parameters, buffers, channels_last):
        self.slots = [(name, p, "parameter") for name, p in parameters]
        if buffers:
            dtype = parameters[0][1].dtype
            for module_name, m in model.named_modules():
                for name, b in m._buffers.items():
                    if b is not None and b.dtype == dtype:
                        self.slots.append(((module_name + "." if module_name else "") + name, b, (m, name)))
        self.sizes = [t.numel() for _, t, _ in self.slots]
        self.size = sum(self.sizes)
        # Which slots sit channels-last in the flat buffer (see _Held): the 4-D weights, when the model's are.
        self.channels_last = [channels_last and kind == "parameter" and t.dim() == 4 for _, t, kind in self.slots]
        with torch.no_grad():
            self.center = torch.cat([_flatten(t.detach(), cl) for (_, t, _), cl in zip(self.slots, self.channels_last)])
        self.buffer = None

    def flat(self, tensors):
        """A flat vector from tensors shaped like the parameters (directions have no buffer part)."""
        parts = [_flatten(t, cl) for t, cl in zip(tensors, self.channels_last)]
        missing = self.size - sum(p.numel() for p in parts)
        if missing:
            parts.append(torch.zeros(missing, dtype=self.center.dtype, device=self.center.device))
        return torch.cat(parts).to(self.center.dtype)

    def flat_from_state(self, state, what):
        """The flat vector of a state_dict (names as in model.state_dict(); a "module." prefix is ignored)."""
        state = {(k[7:] if k.startswith("module.") and k[7:] in _names(self) else k): v for k, v in state.items()}
        missing = [name for name, _, kind in self.slots if name not in state and kind == "parameter"]
        if missing:
            raise KeyError("%s has no %s (it should be a state_dict of the same model)" % (what, ", ".join(missing[:5])))
        parts = []
        for (name, t, _), size, cl in zip(self.slots, self.sizes, self.channels_last):
            v = state.get(name, t)  # a buffer it does not have stays the model's own
            if not torch.is_tensor(v) or v.shape != t.shape:
                raise ValueError("%s[%r] has shape %s, the model's is %s" % (what, name, tuple(getattr(v, "shape", ())), tuple(t.shape)))
            parts.append(_flatten(v.detach(), cl).to(self.center.device, self.center.dtype))
        return torch.cat(parts)

    def attach(self):
        """Points every slot at its view of the flat buffer (restored by _Held on exit)."""
        if self.buffer is not None:
            return
        self.buffer = self.center.clone()
        for (name, t, kind), view in zip(self.slots, self._views(self.buffer)):
            if kind == "parameter":
                t.data = view
            else:
                module, attr = kind
                module._buffers[attr] = view

    def write_point(self, stacked, coefficients):
        torch.add(self.center, stacked[0], alpha=coefficients[0], out=self.buffer)
        for k in range(1, len(coefficients)):
            if coefficients[k]:
                self.buffer.add_(stacked[k], alpha=coefficients[k])

    def batched(self, points):
        """name -> [K, *shape] views of a [K, size] tensor of points, for functional_call."""
        out = {}
        offset = 0
        for (name, t, _), size, cl in zip(self.slots, self.sizes, self.channels_last):
            out[name] = _shaped(points[:, offset:offset + size], t.shape, cl, batch=points.shape[0])
            offset += size
        return out

    def _views(self, flat):
        views = []
        offset = 0
        for (_, t, _), size, cl in zip(self.slots, self.sizes, self.channels_last):
            views.append(_shaped(flat[offset:offset + size], t.shape, cl))
            offset += size
        return views


def _flatten(t, channels_last):
    """A parameter's values in the flat buffer's order (a channels-last 4-D weight: O, H, W, I)."""
    return (t.permute(0, 2, 3, 1) if channels_last else t).reshape(-1)


def _shaped(flat, shape, channels_last, batch=None):
    """The view of a stretch of the flat buffer as the parameter's shape (inverse of _flatten); with
    `batch`, a [batch, size] stretch viewed as [batch, *shape]."""
    lead = () if batch is None else (batch,)
    if not channels_last:
        return flat.reshape(lead + tuple(shape))
    o, i, h, w = shape
    k = len(lead)
    return flat.reshape(lead + (o, h, w, i)).permute(*range(k), k, k + 3, k + 1, k + 2)


def _names(space):
    return {name for name, _, _ in space.slots}


# ---------------------------------------------------------------------------------------------
# Sharpness: Hessian-vector products by double backward


def _hvp(held, params, vector):
    """H v summed over the batches (weighted like the loss), H the Hessian of the loss in the parameters."""
    out = [torch.zeros_like(p) for p in params]
    with torch.enable_grad():
        _hvp_into(out, held, params, vector)
    return out


def _hvp_into(out, held, params, vector):
    for x, y, w in held.batches:
        loss = _scalar_loss(held.loss_fn(held.model(x), y))
        grads = torch.autograd.grad(loss, params, create_graph=True)
        dot = sum((g * v).sum() for g, v in zip(grads, vector))
        for acc, hv in zip(out, torch.autograd.grad(dot, params)):
            acc.add_(hv, alpha=w / held.weight)


def _dot(a, b):
    return sum((x.double() * y.double()).sum() for x, y in zip(a, b)).item()


def _power_iteration(held, params, seed, progress):
    generator = torch.Generator().manual_seed(seed)
    v = [torch.randn(p.shape, generator=generator, dtype=torch.float64).to(p.device, p.dtype) for p in params]
    n = math.sqrt(_dot(v, v))
    v = [x / n for x in v]
    value = 0.0
    for it in range(1, POWER_ITERATIONS + 1):
        hv = _hvp(held, params, v)
        nxt = _dot(v, hv)
        hn = math.sqrt(_dot(hv, hv))
        progress.update(it, "power iteration: λ ≈ %s" % _ll._fmt(nxt))
        if hn == 0:
            return 0.0, it, True
        converged = it > 1 and abs(nxt - value) <= POWER_TOLERANCE * (abs(nxt) + 1e-12)
        value = nxt
        v = [x / hn for x in hv]
        if converged:
            return value, it, True
    return value, POWER_ITERATIONS, False


def _hutchinson(held, params, seed, progress, offset):
    """tr(H) = E[v^T H v] for Rademacher v; the mean over TRACE_SAMPLES draws and its standard error."""
    generator = torch.Generator().manual_seed(seed)
    draws = []
    progress.total = offset + TRACE_SAMPLES
    for s in range(TRACE_SAMPLES):
        v = [(torch.randint(0, 2, p.shape, generator=generator, dtype=torch.float64) * 2 - 1).to(p.device, p.dtype) for p in params]
        draws.append(_dot(v, _hvp(held, params, v)))
        progress.update(offset + s + 1, "Hutchinson trace")
    mean = sum(draws) / len(draws)
    variance = sum((d - mean) ** 2 for d in draws) / (len(draws) - 1)
    return mean, math.sqrt(variance / len(draws)), len(draws)


# ---------------------------------------------------------------------------------------------
# Data, checkpoints, arguments


def _batches(data, batches, device, channels_last=False):
    """[(inputs, targets, weight)] on the device: one (inputs, targets) batch, or the first `batches`
    batches of a DataLoader (all of them by default), read once so that every point sees the same data."""
    single = isinstance(data, (tuple, list)) and len(data) == 2 and torch.is_tensor(data[0])
    if single:
        if batches is not None:
            raise TypeError("batches= applies to a DataLoader; data is one (inputs, targets) batch")
        items = [data]
    else:
        if not hasattr(data, "__iter__") or isinstance(data, (str, bytes, dict)):
            raise TypeError("data should be an (inputs, targets) batch or a DataLoader of them, got %s" % type(data).__name__)
        limit = None if batches is None else _count(batches, "batches", 1)
        items = []
        for batch in data:
            items.append(batch)
            if limit is not None and len(items) >= limit:
                break  # before the loader makes one more batch
        if not items:
            raise ValueError("the DataLoader gave no batches")
    out = []
    for i, batch in enumerate(items):
        if not isinstance(batch, (tuple, list)) or len(batch) < 2:
            raise TypeError("batch %d should be (inputs, targets), got %s" % (i, type(batch).__name__))
        x, y = _to(batch[0], device), _to(batch[1], device)
        if channels_last and torch.is_tensor(x) and x.dim() == 4:
            x = x.contiguous(memory_format=torch.channels_last)  # the same values, in the convolutions' fast layout
        out.append((x, y, _batch_size(y, x)))
    return out


def _to(value, device):
    if torch.is_tensor(value):
        return value.to(device, non_blocking=True)
    if isinstance(value, (tuple, list)):
        return type(value)(_to(v, device) for v in value)
    if isinstance(value, dict):
        return {k: _to(v, device) for k, v in value.items()}
    return value


def _batch_size(y, x):
    for t in (y, x):
        if torch.is_tensor(t) and t.dim() > 0:
            return float(t.shape[0])
    return 1.0


def _scalar_loss(loss):
    if not torch.is_tensor(loss):
        raise TypeError("loss_fn should return a tensor, got %s" % type(loss).__name__)
    if loss.numel() != 1:
        raise ValueError("loss_fn should return one number (use reduction='mean'), got shape %s" % (tuple(loss.shape),))
    return loss.reshape(())


def _state_dict(source, what):
    if isinstance(source, torch.nn.Module):
        return source.state_dict()
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        source = torch.load(source, map_location="cpu")
    if isinstance(source, dict):
        if source and all(torch.is_tensor(v) for v in source.values()):
            return source
        for key in ("state_dict", "model_state_dict", "model"):  # training checkpoints nest it
            inner = source.get(key)
            if isinstance(inner, torch.nn.Module):
                return inner.state_dict()
            if isinstance(inner, dict):
                return inner
        return source
    raise TypeError("%s should be a state_dict, a model or a checkpoint path, got %s" % (what, type(source).__name__))


def _describe(source):
    if isinstance(source, torch.nn.Module):
        return "another %s" % type(source).__name__
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        return os.path.basename(str(source))
    return "the given state_dict"


def _tolerance(dtype):
    return 1e-9 if dtype == torch.float64 else 1e-4


def _count(v, what, minimum):
    if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
        raise ValueError("%s must be an integer >= %d, got %r" % (what, minimum, v))
    return v


def _positive(v, what):
    x = _ll._finite(v, what)
    if x <= 0:
        raise ValueError("%s must be > 0, got %r" % (what, v))
    return float(x)


# ---------------------------------------------------------------------------------------------
# Progress: one output updated in place (as losslab.Tracker does)


class _Progress:
    def __init__(self, what, total, min_interval=0.3):
        self.what = what
        self.total = total
        self.min_interval = min_interval
        self.started = time.monotonic()
        self.shown_at = None
        self.done = 0
        self.handle = None
        self.display = _ll._ipython_display()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is KeyboardInterrupt:
            self._show("Loss Lab, %s: interrupted after %d of %d; the model is as it was" % (self.what, self.done, self.total))
        elif kind is not None:
            self._show("Loss Lab, %s: stopped by %s after %d of %d; the model is as it was" % (self.what, kind.__name__, self.done, self.total))
        return False

    def update(self, done, note=None):
        self.done = done
        now = time.monotonic()
        if self.shown_at is not None and now - self.shown_at < self.min_interval:
            return
        self.shown_at = now
        elapsed = now - self.started
        text = "Loss Lab, %s: %d/%d (%.0f %%), %.1f s" % (self.what, done, self.total, 100.0 * done / max(1, self.total), elapsed)
        if 0 < done < self.total:
            text += ", about %.0f s left" % (elapsed / done * (self.total - done))
        if note:
            text += " — " + note
        self._show(text)

    def finish(self, note):
        self._show("Loss Lab, %s: done in %.1f s (%s)" % (self.what, time.monotonic() - self.started, note))

    def _show(self, text):
        if self.display is None:
            return
        if self.handle is None:
            self.handle = self.display({"text/plain": text}, raw=True, display_id=True)
        else:
            self.handle.update({"text/plain": text}, raw=True)
