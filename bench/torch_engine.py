"""PyTorch side of the engine benchmark: forward + backward on one CPU thread.

Started by bench/engine.ts with Debian's python3-torch. Protocol (one line each way, so the
two engines can take turns and share the machine's load fairly):
  -> first line out: {"torch": version, "threads": n}
  <- a case name          -> {"seconds": s} after one timed forward+backward of that case
  <- "quit" or EOF        -> exit
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def cross_entropy_case():
    n, c = 65536, 128
    logits = torch.randn(n, c, dtype=torch.float64) * 3
    target = torch.randint(0, c, (n,))

    def make_args():
        return (logits.clone().requires_grad_(True),)

    def step(x):
        torch.nn.functional.cross_entropy(x, target, label_smoothing=0.1).backward()

    return make_args, step


def huber_case():
    n = 2 ** 23
    base_input = torch.rand(n, dtype=torch.float64) * 4 - 2
    base_target = torch.rand(n, dtype=torch.float64) * 4 - 2

    def make_args():
        return (base_input.clone().requires_grad_(True), base_target.clone().requires_grad_(True))

    def step(x, y):
        torch.nn.functional.huber_loss(x, y).backward()

    return make_args, step


CASES = {"cross_entropy": cross_entropy_case, "huber_loss": huber_case}


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    prepared = {}
    reply({"torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        name = line.strip()
        if name == "quit":
            break
        if name not in CASES:
            reply({"error": f"unknown case {name!r}"})
            continue
        if name not in prepared:
            prepared[name] = CASES[name]()
        make_args, step = prepared[name]
        args = make_args()  # fresh leaves outside the timing, so gradients never accumulate
        start = time.perf_counter()
        step(*args)
        reply({"seconds": time.perf_counter() - start})


if __name__ == "__main__":
    main()
