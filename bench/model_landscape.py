"""losslab.model_landscape against the plain loop of the reference implementations, same model, same
directions, same grid, same run, PyTorch on one CPU thread (Debian's python3-torch).

The reference loop is what loss-landscape (Li et al. 2018) and loss-landscapes do per grid point:
load a copy of the weights moved along the directions into the model (here a fresh state_dict through
load_state_dict), then evaluate the loss over the data, iterating the DataLoader when there is one.
Ours writes each point into one flat buffer the parameters view, reads a DataLoader once, and batches
points with vmap where torch.func has it (measured below on this torch as well: "vmap" vs "loop").

    /usr/bin/python3 bench/model_landscape.py [--grid 31] [--reps 3]

Prints one line per case with the best CPU seconds of each side and the ratio, the largest
difference between the two grids (they evaluate the same points), and the floor of any loop in the
model's own layout: the same number of forward passes of the unmoved model on batches already read.
"""

import argparse
import copy
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import losslab  # noqa: E402

torch.set_num_threads(1)
lt = losslab._torch_part()


def mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(20, 64), torch.nn.BatchNorm1d(64), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(64, 64), torch.nn.BatchNorm1d(64), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(64, 10))


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.BatchNorm2d(16), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Dropout(0.2), torch.nn.Linear(16 * 7 * 7, 10))


def trained(make, x, y, steps=30):
    torch.manual_seed(0)
    model = make()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    return model


def reference(model, loss_fn, data, grid, seed):
    """The reference implementations' loop: a moved copy of the weights loaded for every grid point."""
    model.eval()
    base = copy.deepcopy(model.state_dict())
    named = [(n, p) for n, p in model.named_parameters()]
    generator = torch.Generator().manual_seed(seed)
    d1, d2 = (dict(zip([n for n, _ in named], lt.random_direction(named, generator))) for _ in range(2))
    axis = [2.0 * i / (grid - 1) - 1.0 for i in range(grid)]
    z = []
    with torch.no_grad():
        for b in axis:
            for a in axis:
                state = {k: (v + a * d1[k] + b * d2[k]) if k in d1 else v.clone() for k, v in base.items()}
                model.load_state_dict(state)
                if isinstance(data, tuple):
                    z.append(loss_fn(model(data[0]), data[1]).item())
                else:
                    total, count = 0.0, 0
                    for xb, yb in data:
                        total += loss_fn(model(xb), yb).item() * len(yb)
                        count += len(yb)
                    z.append(total / count)
    model.load_state_dict(base)
    return z


def forwards_only(model, loss_fn, data, grid):
    """The floor of any loop in the model's own layout: grid² evaluations of the unmoved model on batches
    already read (no weights written, no DataLoader)."""
    model.eval()
    batches = [data] if isinstance(data, tuple) else list(data)
    with torch.no_grad():
        for _ in range(grid * grid):
            for xb, yb in batches:
                loss_fn(model(xb), yb).item()


def ours(model, loss_fn, data, grid, seed):
    fig = losslab.model_landscape(model, loss_fn, data, grid=grid, seed=seed)
    return [v for row in fig.payload["z"] for v in row]


def timed(fn, reps):
    cpu, wall, out = [], [], None
    for _ in range(reps):
        c, w = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    # The fastest of the repetitions: on a shared machine the others include time lost to other work.
    return min(cpu), min(wall), out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", type=int, default=31)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(1)
    x_tab, y_tab = torch.randn(512, 20), torch.randint(0, 10, (512,))
    x_img, y_img = torch.randn(256, 1, 28, 28), torch.randint(0, 10, (256,))
    loss_fn = torch.nn.functional.cross_entropy
    cases = [
        ("MLP 20-64-64-10 with BatchNorm/Dropout, one batch of 512", mlp, x_tab, y_tab, False),
        ("MLP 20-64-64-10 with BatchNorm/Dropout, DataLoader 8 x 64", mlp, x_tab, y_tab, True),
        ("CNN 2 conv+BatchNorm, one batch of 256 28x28 images", cnn, x_img, y_img, False),
        ("CNN 2 conv+BatchNorm, DataLoader 4 x 64 images", cnn, x_img, y_img, True),
    ]
    print("torch %s, %d thread, grid %dx%d, best of %d (CPU seconds; wall in brackets)" % (
        torch.__version__, torch.get_num_threads(), args.grid, args.grid, args.reps))
    ratios = []
    for label, make, x, y, loader in cases:
        model = trained(make, x, y)
        model.train()
        data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=64) if loader else (x, y)
        ref_cpu, ref_wall, ref_z = timed(lambda: reference(model, loss_fn, data, args.grid, 0), args.reps)
        floor_cpu, floor_wall, _ = timed(lambda: forwards_only(model, loss_fn, data, args.grid), args.reps)
        model.train()
        line = "%s: reference loop %.2f s (%.2f); forwards alone %.2f s (%.2f)" % (label, ref_cpu, ref_wall, floor_cpu, floor_wall)
        # functorch's vmap (torch 1.13) batches convolutions slowly (CNN: ~30x slower than the loop,
        # measured 2026-12-01), so "vmap" is timed on the MLPs only; "contiguous" keeps the convolution
        # weights in the model's own layout instead of channels-last.
        modes = ("auto", "loop", "vmap") if make is mlp or torch.__version__ >= "2" else ("auto", "loop", "contiguous")
        for mode in modes:
            lt.BATCHED = "loop" if mode == "contiguous" else mode
            lt.CHANNELS_LAST_ON_CPU = mode != "contiguous"
            cpu, wall, z = timed(lambda: ours(model, loss_fn, data, args.grid, 0), args.reps)
            diff = max(abs(a - b) / (1 + abs(b)) for a, b in zip(z, ref_z))
            line += "; ours[%s] %.2f s (%.2f), %.1fx, max rel diff %.0e" % (mode, cpu, wall, ref_cpu / cpu, diff)
            if mode == "auto":
                ratios.append(ref_cpu / cpu)
        lt.BATCHED = "auto"
        lt.CHANNELS_LAST_ON_CPU = True
        print(line, flush=True)
    print("model_landscape (default) vs the reference loop: %s (target >= 3x)" % ", ".join("%.1fx" % r for r in ratios))


if __name__ == "__main__":
    main()
