"""PyTorch side of the engine benchmark: forward + backward on one CPU thread.

Started by bench/engine.ts with Debian's python3-torch. Protocol (one line each way, so the
two engines can take turns and share the machine's load fairly):
  -> first line out: {"torch": version, "threads": n}
  <- a case name          -> {"seconds": s, "cpu_seconds": c} after one timed forward+backward of that
                             case (wall and process CPU time)
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


def huber_into_case():
    """huber_loss with the gradients written into tensors made once: ATen's out= backward (autograd
    always returns new gradient tensors). The forward still makes its own temporary for the mean."""
    make_args, _ = huber_case()
    x, y = (t.detach() for t in make_args())
    gx, gy = torch.empty_like(x), torch.empty_like(y)
    one = torch.ones((), dtype=torch.float64)
    mean = 1  # at::Reduction::Mean

    def step():
        torch.nn.functional.huber_loss(x, y)
        torch.ops.aten.huber_loss_backward.out(one, x, y, mean, 1.0, grad_input=gx)
        torch.neg(gx, out=gy)

    return lambda: (), step


CASES = {"cross_entropy": cross_entropy_case, "huber_loss": huber_case, "huber_into": huber_into_case}


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
        start, cpu = time.perf_counter(), time.process_time()
        step(*args)
        reply({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu})


if __name__ == "__main__":
    main()
