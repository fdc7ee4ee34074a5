"""PyTorch side of the engine benchmark: forward + backward times on one CPU thread.

Run by bench/engine.ts with Debian's python3-torch; prints one JSON object on stdout:
{"torch": "1.13...", "threads": 1, "results": {case: [seconds per repetition, ...]}}
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def timed(make_args, step, reps):
    times = []
    for _ in range(reps):
        args = make_args()  # fresh leaves, so gradients never accumulate
        start = time.perf_counter()
        step(*args)
        times.append(time.perf_counter() - start)
    return times


def cross_entropy_case(reps):
    n, c = 65536, 128
    logits = torch.randn(n, c, dtype=torch.float64) * 3
    target = torch.randint(0, c, (n,))

    def make_args():
        return (logits.clone().requires_grad_(True),)

    def step(x):
        torch.nn.functional.cross_entropy(x, target, label_smoothing=0.1).backward()

    return timed(make_args, step, reps)


def huber_case(reps):
    n = 2 ** 23
    base_input = torch.rand(n, dtype=torch.float64) * 4 - 2
    base_target = torch.rand(n, dtype=torch.float64) * 4 - 2

    def make_args():
        return (base_input.clone().requires_grad_(True), base_target.clone().requires_grad_(True))

    def step(x, y):
        torch.nn.functional.huber_loss(x, y).backward()

    return timed(make_args, step, reps)


CASES = {"cross_entropy": cross_entropy_case, "huber_loss": huber_case}


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    wanted = sys.argv[2].split(",") if len(sys.argv) > 2 else list(CASES)
    results = {name: CASES[name](reps) for name in wanted}
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
