/** The Python every exported script shares: Loss Lab's random stream (so batches come in the same
 *  order), the data and its split, the model with the engine's initial weights, the link and loss,
 *  the optimiser and schedule, and `run_one`, which trains one run and returns its entry of
 *  `losslab sweep --json`. Kept as Python text; front-ends (pytorch.ts, optuna.ts, ray.ts) append
 *  their `main`. Needs torch only. */
export const PYTHON_CORE = String.raw`
M32 = 0xFFFFFFFF


def _imul(a, b):
    return (a * b) & M32


class Random:
    """Loss Lab's seeded stream (mulberry32, src/engine/train/random.ts), bit for bit."""

    def __init__(self, seed):
        self.state = (_imul((seed & M32) ^ 0x9E3779B9, 0x85EBCA6B) ^ 0x27D4EB2F) & M32

    def uniform(self):
        self.state = (self.state + 0x6D2B79F5) & M32
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    def int(self, n):
        return math.floor(self.uniform() * n)

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.int(i + 1)
            a[i], a[j] = a[j], a[i]


def derive_seed(seed, purpose):
    return (_imul(seed & M32, 0x2C1B3C6D) + _imul(purpose + 1, 0x297A2D39)) & M32


DTYPE = torch.float64 if PLAN["model"]["dtype"] == "float64" else torch.float32


def read_data(path):
    """The CSV's feature and target columns, as Loss Lab reads them (classes: the distinct target
    labels, sorted numerically when all are numbers), split into training and validation rows."""
    features, target, task = PLAN["data"]["features"], PLAN["data"]["target"], PLAN["task"]
    with open(path, newline="", encoding="utf-8-sig") as f:
        records = [r for r in csv.reader(f) if r and not (len(r) == 1 and r[0] == "")]
    header = [h.strip() for h in records[0]]
    missing = [c for c in features + [target] if c not in header]
    if missing:
        raise SystemExit("%s: no column named %s (columns: %s)" % (path, ", ".join(missing), ", ".join(header)))
    cols = [header.index(c) for c in features]
    tcol = header.index(target)
    rows = records[1:]
    x = [[float(r[c]) for c in cols] for r in rows]
    raw = [r[tcol].strip() for r in rows]
    if task == "regression":
        y = [float(t) for t in raw]
    else:
        labels = list(dict.fromkeys(t for t in raw if t != ""))
        try:
            numeric = all(math.isfinite(float(t)) for t in labels)
        except ValueError:
            numeric = False
        labels.sort(key=float if numeric else None)
        index = {t: i for i, t in enumerate(labels)}
        y = [index[t] for t in raw]
    n = len(rows)
    n_val = math.floor(n * PLAN["val_fraction"])
    order = list(range(n))
    if n_val > 0:
        Random(PLAN["split_seed"]).shuffle(order)
    train, val = order[: n - n_val], order[n - n_val:]

    def part(rows_):
        return {"x": torch.tensor([x[i] for i in rows_], dtype=DTYPE).reshape(len(rows_), len(features)), "y": [y[i] for i in rows_]}

    classes = 1 if task == "regression" else (2 if task == "binary" else len(set(y)))
    return {"train": part(train), "val": part(val) if n_val > 0 else None, "classes": classes}


def encode_target(loss, y):
    """The target tensor for a run's loss (src/engine/train/link.ts encodeTarget)."""
    kind, outputs, matrix = loss["target"], loss["outputs"], loss["matrix"]
    if kind in ("values", "zero_one", "plus_minus_one"):
        t = torch.tensor(y, dtype=DTYPE)
        if kind == "plus_minus_one":
            t = 2 * t - 1
        return t.reshape(-1, 1) if matrix else t
    labels = torch.tensor(y, dtype=torch.long)
    if kind == "class_indices":
        return labels
    if kind == "one_hot":
        return F.one_hot(labels, outputs).to(DTYPE)
    t = torch.full((len(y), outputs), -1, dtype=torch.long)
    t[:, 0] = labels
    return t


ACTIVATIONS = {
    "relu": torch.nn.ReLU,
    "leaky_relu": lambda: torch.nn.LeakyReLU(0.01),
    "tanh": torch.nn.Tanh,
    "sigmoid": torch.nn.Sigmoid,
    "gelu": torch.nn.GELU,
}


def build_model(inputs, outputs, flat):
    """The MLP with the engine's initial weights (per layer W, outputs x inputs, then b)."""
    widths = [inputs] + PLAN["model"]["hidden"] + [outputs]
    layers, linears = [], []
    for i in range(len(widths) - 1):
        linear = torch.nn.Linear(widths[i], widths[i + 1]).to(DTYPE)
        linears.append(linear)
        layers.append(linear)
        if i + 2 < len(widths):
            layers.append(ACTIVATIONS[PLAN["model"]["activation"]]())
    at = 0
    with torch.no_grad():
        for linear in linears:
            o, i = linear.weight.shape
            linear.weight.copy_(torch.tensor(flat[at: at + o * i], dtype=torch.float64).reshape(o, i))
            at += o * i
            linear.bias.copy_(torch.tensor(flat[at: at + o], dtype=torch.float64))
            at += o
    return torch.nn.Sequential(*layers)


def link(loss, z):
    p = z if loss["matrix"] else z[:, 0]
    kind = loss["link"]
    if kind == "sigmoid":
        return torch.sigmoid(p)
    if kind == "softmax":
        return torch.softmax(p, dim=1)
    if kind == "log_softmax":
        return torch.log_softmax(p, dim=1)
    return p


def loss_on(loss, z, target):
    """The mean of the loss's elements (a reduction of 'none' trains on their mean)."""
    return LOSS_CALLS[loss["call"]](link(loss, z), target, **loss["options"]).mean()


def make_optimizer(params, s):
    name = s["name"]
    if name in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params, lr=s["lr"], momentum=s["momentum"], dampening=s["dampening"], nesterov=s["nesterov"], weight_decay=s["weight_decay"])
    if name in ("adam", "adamw"):
        cls = torch.optim.AdamW if name == "adamw" else torch.optim.Adam
        return cls(params, lr=s["lr"], betas=(s["beta1"], s["beta2"]), eps=s["eps"], weight_decay=s["weight_decay"], amsgrad=s["amsgrad"])
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=s["lr"], alpha=s["alpha"], eps=s["eps"], weight_decay=s["weight_decay"], momentum=s["momentum"], centered=s["centered"])
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=s["lr"], lr_decay=s["lr_decay"], weight_decay=s["weight_decay"], initial_accumulator_value=s["initial_accumulator_value"], eps=s["eps"])
    raise ValueError("unknown optimizer " + name)


def learning_rate(base, step):
    """StepLR / CosineAnnealingLR times a LinearLR warm-up, in closed form at 0-based step."""
    s = PLAN["schedule"]
    if not s:
        return base
    lr = base
    if s["name"] == "step":
        lr = base * s.get("gamma", 0.1) ** math.floor(step / s.get("step_size", 1))
    elif s["name"] == "cosine":
        t_max, eta_min = s.get("t_max", PLAN["steps"]), s.get("eta_min", 0)
        lr = eta_min + (base - eta_min) * (1 + math.cos(math.pi * step / t_max)) / 2
    warm = s.get("warmup_steps", 0)
    if warm > 0:
        start = s.get("warmup_start", 1 / 3)
        lr *= start + (1 - start) * min(step, warm) / warm
    return lr


def _sigmoid(v):
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


def class_probabilities(loss, z):
    if loss["outputs"] == 1:
        return [[1 - _sigmoid(r[0]), _sigmoid(r[0])] for r in z]
    out = []
    for r in z:
        m = max(r)
        lse = m + math.log(sum(math.exp(v - m) for v in r))
        out.append([math.exp(v - lse) for v in r])
    return out


def roc_auc(score, positive):
    n = len(score)
    order = sorted(range(n), key=lambda i: score[i])
    pos, rank_sum, i = 0, 0.0, 0
    while i < n:
        j = i
        while j + 1 < n and score[order[j + 1]] == score[order[i]]:
            j += 1
        mid = (i + j) / 2 + 1
        for k in range(i, j + 1):
            if positive[order[k]]:
                pos += 1
                rank_sum += mid
        i = j + 1
    neg = n - pos
    if pos == 0 or neg == 0:
        return float("nan")
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def metrics(loss, z, y, classes):
    """src/engine/train/metrics.ts: regression MSE, MAE, R2; classification accuracy, F1, log loss, AUC."""
    n = len(y)
    if PLAN["task"] == "regression":
        mean = 0.0
        for v in y:
            mean += v
        mean /= n
        se = ae = tot = 0.0
        for r, t in zip(z, y):
            e = r[0] - t
            se += e * e
            ae += abs(e)
            tot += (t - mean) ** 2
        return {"mse": se / n, "mae": ae / n, "r2": float("nan") if tot == 0 else 1 - se / tot}
    probs = class_probabilities(loss, z)
    predicted = [max(range(classes), key=lambda c: (p[c], -c)) for p in probs]
    correct = sum(1 for p, t in zip(predicted, y) if p == t)
    log_loss = 0.0
    for p, t in zip(probs, y):
        log_loss -= math.log(min(max(p[t], 1e-15), 1 - 1e-15))

    def f1(c):
        tp = sum(1 for p, t in zip(predicted, y) if p == c and t == c)
        fp = sum(1 for p, t in zip(predicted, y) if p == c and t != c)
        fn = sum(1 for p, t in zip(predicted, y) if p != c and t == c)
        return 0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)

    if classes == 2:
        f1_, auc = f1(1), roc_auc([p[1] for p in probs], [t == 1 for t in y])
    else:
        f1_ = sum(f1(c) / classes for c in range(classes))
        auc = sum(roc_auc([p[c] for p in probs], [t == c for t in y]) / classes for c in range(classes))
    return {"accuracy": correct / n, "f1": f1_, "log_loss": log_loss / n, "auc": auc}


def finite(v):
    return v if isinstance(v, (int, float)) and math.isfinite(v) else None


def js_number(v):
    """A number as JavaScript prints it (NaN, Infinity), for messages shared with the engine."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v)


class Diverged(Exception):
    pass


# Exceptions that stop a run and leave run_one (Optuna's TrialPruned); others fail the run.
PROPAGATE = ()


def run_one(run, data, weights, on_step=None, on_val=None):
    """Trains one run as the engine does and returns its entry of "losslab sweep --json"."""
    started = time.perf_counter()
    loss, final, error = [], None, None
    train, val = data["train"], data["val"]
    val_every = PLAN["val_every"] if val is not None else 0
    val_points = [] if val_every > 0 else None
    L = run["loss"]
    try:
        torch.manual_seed(0)
        model = build_model(train["x"].shape[1], L["outputs"], weights[run["init"]])
        optimizer = make_optimizer(model.parameters(), run["optimizer"])
        x, target = train["x"], encode_target(L, train["y"])
        val_target = encode_target(L, val["y"]) if val is not None else None
        n = x.shape[0]
        bs = n if PLAN["batch_size"] is None or PLAN["batch_size"] >= n else PLAN["batch_size"]
        rng = Random(derive_seed(run["config"]["seed"], 2))
        order, cursor = list(range(n)), n
        clip = PLAN["clip_grad_norm"]
        for t in range(PLAN["steps"]):
            if val_points is not None and t % val_every == 0:
                with torch.no_grad():
                    v = loss_on(L, model(val["x"]), val_target).item()
                val_points.append([t, v])
                if on_val:
                    on_val(t, v)
            if bs == n:
                xb, tb = x, target
            else:
                if cursor >= n:
                    rng.shuffle(order)
                    cursor = 0
                rows = torch.tensor(order[cursor: cursor + min(bs, n - cursor)], dtype=torch.long)
                cursor += len(rows)
                xb, tb = x[rows], target[rows]
            optimizer.zero_grad()
            value_t = loss_on(L, model(xb), tb)
            value = value_t.item()
            if not math.isfinite(value):
                raise Diverged("diverged: training loss became %s at step %d" % (js_number(value), t))
            value_t.backward()
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(run["optimizer"]["lr"], t)
            optimizer.step()
            loss.append(value)
            if on_step:
                on_step(t, value)
        with torch.no_grad():
            train_loss = loss_on(L, model(x), target).item()
            val_loss = loss_on(L, model(val["x"]), val_target).item() if val is not None else None
            held = val if val is not None else train
            metric = metrics(L, model(held["x"]).double().tolist(), held["y"], data["classes"])
        final = {"train_loss": train_loss, "val_loss": val_loss, "metric": metric}
        if not math.isfinite(train_loss):
            error = "diverged: final training loss is %s" % js_number(train_loss)
    except PROPAGATE:
        raise
    except Exception as e:  # a failing run is reported, as the engine does, and the sweep goes on
        error = str(e)
        final = None
    report = {"config": run["config"], "loss": [finite(v) for v in loss]}
    if val_points is not None:
        report["val_loss"] = [[s, finite(v)] for s, v in val_points]
    report["final"] = {
        "train_loss": finite(final["train_loss"]) if final else None,
        "val_loss": finite(final["val_loss"]) if final else None,
        "metric": {k: finite(v) for k, v in final["metric"].items()} if final else {},
    }
    report["status"] = "ok" if error is None else "failed"
    if error is not None:
        report["error"] = error
    report["ms"] = round((time.perf_counter() - started) * 1000, 1)
    if "flag" in run:
        report["flag"] = run["flag"]
    return report


def load_weights(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["weights"]


def dump_json(obj):
    return json.dumps(obj, separators=(",", ":"), allow_nan=False)
`;
