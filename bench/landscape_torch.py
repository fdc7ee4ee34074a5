"""PyTorch side of the landscape benchmark: the same 51x51 grid of losses, eager mode, one thread.

Reads one JSON object on stdin (data, layer shapes, centre and the two directions, written by
bench/landscape.ts) and prints {"torch": version, "threads": 1, "seconds": [...], "cpu_seconds": [...], "z": [[...]]}
(CPU time as well as wall time: on a shared machine the wall time includes waiting for a core).
The model is the same MLP (tanh hidden layers, weights stored outputs x inputs then biases) and the
loss is binary_cross_entropy_with_logits averaged over the data set, all in float64 (or the
"dtype" of the input, e.g. "float32", for bench/simd.ts).
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)


def main():
    spec = json.load(sys.stdin)
    dtype = getattr(torch, spec.get("dtype", "float64"))
    x = torch.tensor(spec["x"], dtype=dtype).reshape(spec["n"], spec["features"])
    y = torch.tensor(spec["y"], dtype=dtype).reshape(spec["n"], 1)
    center = torch.tensor(spec["center"], dtype=dtype)
    d1 = torch.tensor(spec["d1"], dtype=dtype)
    d2 = torch.tensor(spec["d2"], dtype=dtype)
    layers = spec["layers"]  # [[outputs, inputs], ...]
    xs, ys = spec["xs"], spec["ys"]

    def loss_at(p):
        h = x
        offset = 0
        for k, (out, inp) in enumerate(layers):
            w = p[offset:offset + out * inp].view(out, inp)
            offset += out * inp
            b = p[offset:offset + out]
            offset += out
            h = torch.nn.functional.linear(h, w, b)
            if k + 1 < len(layers):
                h = torch.tanh(h)
        return torch.nn.functional.binary_cross_entropy_with_logits(h, y).item()

    seconds = []
    cpu_seconds = []
    z = None
    with torch.no_grad():
        for _ in range(spec["reps"]):
            start = time.perf_counter()
            cpu = time.process_time()
            z = [[loss_at(center + a * d1 + b * d2) for a in xs] for b in ys]
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "seconds": seconds, "cpu_seconds": cpu_seconds, "z": z}))


main()
