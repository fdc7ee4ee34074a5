"""Writes torch-optim.json: parameters after each step of torch.optim optimisers (float64) for a
fixed sequence of gradients, the reference for optimizers.test.ts.
Run: /usr/bin/python3 test/unit/train/torch_optim_reference.py  (Debian python3-torch)"""
import json, math, os
import torch

torch.set_default_dtype(torch.float64)
P0 = [1.0, -2.0, 0.5]
GRADS = [[0.5, -1.0, 0.25], [-1.0, 0.3, 0.0], [0.2, 0.2, -2.0], [1.5, -0.5, 0.1], [0.0, 1.0, -0.3]]
CONFIGS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}),
    ("sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("adam", {"lr": 0.1}),
    ("adam", {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1, "amsgrad": True}),
    ("adamw", {"lr": 0.1}),
    ("adamw", {"lr": 0.1, "weight_decay": 0.5, "amsgrad": True}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("adagrad", {"lr": 0.1}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.5, "initial_accumulator_value": 0.2, "weight_decay": 0.05}),
]
CLASSES = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}

cases = []
for name, opts in CONFIGS:
    p = torch.tensor(P0, requires_grad=True)
    kw = dict(opts)
    if "betas" in kw:
        kw["betas"] = tuple(kw["betas"])
    opt = CLASSES[name]([p], **kw)
    steps = []
    for g in GRADS:
        p.grad = torch.tensor(g)
        opt.step()
        steps.append(p.detach().tolist())
    cases.append({"optimizer": name, "options": opts, "params": steps})

out = {"torch": torch.__version__, "p0": P0, "grads": GRADS, "cases": cases}
with open(os.path.join(os.path.dirname(__file__), "torch-optim.json"), "w") as f:
    json.dump(out, f, indent=1)
