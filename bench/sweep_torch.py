"""PyTorch side of bench/sweep.mjs: the same sweep loop in CPU eager mode, one thread.
Usage: python3 sweep_torch.py SPEC.json CSV  -> one JSON object on stdout:
{"runs": [{"config": {...}, "final_train_loss": .., "ms": ..}], "elapsed_ms": .., "cpu_ms": .., "torch": version}
Same data (the CSV), same model (Linear/tanh MLP, Xavier-uniform weights, zero biases), same losses
as Loss Lab's links: BCE-with-logits on logits, MSE on sigmoid probabilities, torchvision's
sigmoid focal loss (alpha 0.25, gamma 2, mean), soft margin on ±1 targets; Adam, full batch or
mini-batches reshuffled each epoch."""
import csv, json, sys, time
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
spec = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
feats, target = spec["dataset"]["features"], spec["dataset"]["target"]
X = torch.tensor([[float(r[f]) for f in feats] for r in rows])
Y = torch.tensor([float(r[target]) for r in rows])


def focal(z, y, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * (1 - p_t) ** gamma
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    return (alpha_t * loss).mean()


LOSSES = {
    "binary_cross_entropy_with_logits": lambda z, y: F.binary_cross_entropy_with_logits(z, y),
    "mse_loss": lambda z, y: F.mse_loss(torch.sigmoid(z), y),
    "sigmoid_focal_loss": focal,
    "soft_margin_loss": lambda z, y: F.soft_margin_loss(z, 2 * y - 1),
    "cross_entropy": None,
}
ACT = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "gelu": torch.nn.GELU}


def model(seed):
    torch.manual_seed(seed)
    sizes = [X.shape[1]] + spec["model"]["hidden"] + [1]
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i + 2 < len(sizes):
            layers.append(ACT[spec["model"]["activation"]]())
    return torch.nn.Sequential(*layers)


runs = []
started = time.perf_counter()
started_cpu = time.process_time()
for loss_name in spec["losses"]:
    loss_fn = LOSSES[loss_name]
    for opt in spec["optimizers"]:
        for lr in opt["lr"]:
            for seed in spec["seeds"]:
                t0 = time.perf_counter()
                net = model(seed)
                o = torch.optim.Adam(net.parameters(), lr=lr)
                curve = []
                bs = spec.get("batch_size")
                g = torch.Generator().manual_seed(seed)
                order, cursor = None, len(Y)
                for step in range(spec["steps"]):
                    if bs is None or bs >= len(Y):
                        xb, yb = X, Y
                    else:
                        if cursor >= len(Y):
                            order, cursor = torch.randperm(len(Y), generator=g), 0
                        idx = order[cursor:cursor + bs]
                        cursor += bs
                        xb, yb = X[idx], Y[idx]
                    o.zero_grad()
                    loss = loss_fn(net(xb).squeeze(1), yb)
                    loss.backward()
                    o.step()
                    curve.append(loss.item())
                with torch.no_grad():
                    final = loss_fn(net(X).squeeze(1), Y).item()
                runs.append({"config": {"loss": loss_name, "optimizer": opt["name"], "lr": lr, "seed": seed}, "final_train_loss": final, "ms": (time.perf_counter() - t0) * 1000})
print(json.dumps({"runs": runs, "elapsed_ms": (time.perf_counter() - started) * 1000, "cpu_ms": (time.process_time() - started_cpu) * 1000, "torch": torch.__version__, "threads": torch.get_num_threads()}))
