"""PyTorch side of the new-loss benchmark (bench/losses.ts): each loss as its framework implements it
(torchvision.ops) or, where PyTorch has none, as a user writes it in plain torch (the paper's or the
library's formula: timm, smp, TRL, CleanRL, kornia), forward + backward on one CPU thread.

Protocol (one JSON line each way, so the two engines take turns and share the machine's load):
  -> first line out: {"torch": version, "threads": n}
  <- {"case": name, "sizes": {...}, "grad": [argument names], "options": {...}}
  -> {"seconds": s, "cpu_seconds": c, "value": v} after one timed forward+backward on data made by
     hashed() (wall and process CPU time)
  <- "quit" or EOF -> exit
The data are the same numbers as the TypeScript side's (hashed() is the same integer hash), so the
values can be compared.
"""
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision.ops as tvo

torch.set_num_threads(1)


def hashed(n, seed):
    """n uniforms in [0, 1): the integer hash of bench/losses.ts, element for element."""
    i = np.arange(n, dtype=np.uint32)
    with np.errstate(over="ignore"):
        x = i * np.uint32(0x9E3779B1) + np.uint32((seed * 0x632BE5AB) & 0xFFFFFFFF)
        x ^= x >> np.uint32(16)
        x *= np.uint32(0x85EBCA6B)
        x ^= x >> np.uint32(13)
        x *= np.uint32(0xC2B2AE35)
        x ^= x >> np.uint32(16)
    return torch.from_numpy(x.astype(np.float64) / 4294967296.0)


def values(shape, seed, lo, hi):
    n = math.prod(shape)
    return (hashed(n, seed) * (hi - lo) + lo).reshape(shape)


def classes(shape, seed, c):
    return torch.floor(hashed(math.prod(shape), seed) * c).long().reshape(shape)


def boxes(n, seed):
    x1 = values([n], seed, 0, 10)
    y1 = values([n], seed + 1, 0, 10)
    w = values([n], seed + 2, 0.5, 5)
    h = values([n], seed + 3, 0.5, 5)
    return torch.stack([x1, y1, x1 + w, y1 + h], 1).contiguous()


def rows_normalised(shape, seed):
    t = values(shape, seed, 0.05, 1)
    return t / t.sum(-1, keepdim=True)


def elementwise(s):
    return {"input": values([s["n"]], 1, -s["spread"], s["spread"]), "target": values([s["n"]], 2, -s["spread"], s["spread"])}


def logits_and_classes(s):
    return {"input": values([s["n"], s["c"]], 1, -3, 3), "target": classes([s["n"]], 2, s["c"])}


def masks(s):
    return {"input": values([s["n"], s["m"]], 1, 0, 1), "target": (values([s["n"], s["m"]], 2, 0, 1) < 0.3).double()}


def box_pair(s):
    return {"boxes1": boxes(s["n"], 1), "boxes2": boxes(s["n"], 11)}


def log_probs(s, names):
    return {name: values([s["n"]], k + 1, -3, -0.1) for k, name in enumerate(names)}


# name -> (make the arguments from sizes, the loss from the arguments and the options)
CASES = {
    "pseudo_huber_loss": (elementwise, lambda a, o: (o["delta"] ** 2 * (torch.sqrt(1 + ((a["input"] - a["target"]) / o["delta"]) ** 2) - 1)).mean()),
    "charbonnier_loss": (elementwise, lambda a, o: (torch.sqrt(((a["input"] - a["target"]) / o["scale"]) ** 2 + 1) - 1).mean()),
    "cauchy_loss": (elementwise, lambda a, o: torch.log(0.5 * ((a["input"] - a["target"]) / o["scale"]) ** 2 + 1).mean()),
    "geman_mcclure_loss": (elementwise, lambda a, o: (lambda u: (2 * u / (u + 4)).mean())(((a["input"] - a["target"]) / o["scale"]) ** 2)),
    "welsch_loss": (elementwise, lambda a, o: (1 - torch.exp(-0.5 * ((a["input"] - a["target"]) / o["scale"]) ** 2)).mean()),
    "wing_loss": (elementwise, lambda a, o: (lambda r, w, e: torch.where(r < w, w * torch.log1p(r / e), r - (w - w * math.log1p(w / e))).mean())(
        (a["input"] - a["target"]).abs(), o["omega"], o["epsilon"])),
    "quantile_loss": (elementwise, lambda a, o: (lambda d, q: torch.max(q * d, (q - 1) * d).mean())(a["target"] - a["input"], o["quantile"])),
    "log_cosh_loss": (elementwise, lambda a, o: (lambda d: (d + F.softplus(-2 * d) - math.log(2)).mean())(a["input"] - a["target"])),
    "poly1_cross_entropy": (logits_and_classes, lambda a, o: (lambda ce: (ce + o["epsilon"] * (1 - torch.exp(-ce))).mean())(
        F.cross_entropy(a["input"], a["target"], reduction="none"))),
    "categorical_focal_loss": (logits_and_classes, lambda a, o: (lambda lp: (-o["alpha"] * (1 - lp.exp()) ** o["gamma"] * lp).mean())(
        F.log_softmax(a["input"], 1).gather(1, a["target"][:, None]).squeeze(1))),
    "generalized_cross_entropy": (logits_and_classes, lambda a, o: (lambda p: ((1 - p ** o["q"]) / o["q"]).mean())(
        F.softmax(a["input"], 1).gather(1, a["target"][:, None]).squeeze(1))),
    # timm.loss.LabelSmoothingCrossEntropy.forward
    "label_smoothing_cross_entropy": (logits_and_classes, lambda a, o: (lambda lp: ((1 - o["smoothing"]) * -lp.gather(-1, a["target"][:, None]).squeeze(1)
                                                                                     + o["smoothing"] * -lp.mean(-1)).mean())(F.log_softmax(a["input"], -1))),
    # timm.loss.SoftTargetCrossEntropy.forward
    "soft_target_cross_entropy": (lambda s: {"input": values([s["n"], s["c"]], 1, -3, 3), "target": rows_normalised([s["n"], s["c"]], 2)},
                                  lambda a, o: torch.sum(-a["target"] * F.log_softmax(a["input"], -1), -1).mean()),
    "asymmetric_loss": (lambda s: {"input": values([s["n"], s["c"]], 1, -3, 3), "target": (values([s["n"], s["c"]], 2, 0, 1) < 0.2).double()},
                        lambda a, o: asymmetric(a["input"], a["target"], o)),
    "dice_loss": (masks, lambda a, o: (1 - (2 * (a["input"] * a["target"]).sum(1) + o["smooth"]) / (a["input"].sum(1) + a["target"].sum(1) + o["smooth"])).mean()),
    "tversky_loss": (masks, lambda a, o: tversky(a["input"], a["target"], o)),
    # segmentation_models_pytorch.losses.SoftBCEWithLogitsLoss.forward (smooth_factor None)
    "soft_bce_with_logits_loss": (lambda s: {"input": values([s["n"], s["m"]], 1, -3, 3), "target": (values([s["n"], s["m"]], 2, 0, 1) < 0.3).double()},
                                  lambda a, o: (F.binary_cross_entropy_with_logits(a["input"], a["target"], reduction="none")
                                                * (a["target"] != o["ignore_index"])).mean()),
    "generalized_box_iou_loss": (box_pair, lambda a, o: tvo.generalized_box_iou_loss(a["boxes1"], a["boxes2"], reduction="mean")),
    "distance_box_iou_loss": (box_pair, lambda a, o: tvo.distance_box_iou_loss(a["boxes1"], a["boxes2"], reduction="mean")),
    "complete_box_iou_loss": (box_pair, lambda a, o: tvo.complete_box_iou_loss(a["boxes1"], a["boxes2"], reduction="mean")),
    "infonce_loss": (lambda s: {"anchors": values([s["n"], s["d"]], 1, -1, 1), "positives": values([s["n"], s["d"]], 2, -1, 1)},
                     lambda a, o: F.cross_entropy(F.normalize(a["anchors"], dim=1) @ F.normalize(a["positives"], dim=1).T / o["temperature"],
                                                  torch.arange(a["anchors"].shape[0]))),
    "clip_loss": (lambda s: {"image_features": values([s["n"], s["d"]], 1, -0.2, 0.2), "text_features": values([s["n"], s["d"]], 2, -0.2, 0.2)},
                  lambda a, o: (lambda L, r: (F.cross_entropy(L, r) + F.cross_entropy(L.T, r)) / 2)(
                      o["logit_scale"] * a["image_features"] @ a["text_features"].T, torch.arange(a["image_features"].shape[0]))),
    # optax.losses.ntxent, line for line in torch
    "ntxent_loss": (lambda s: embedded_with_labels(s), lambda a, o: ntxent(a["embeddings"], a["labels"], o["temperature"])),
    # pytorch_metric_learning.losses.SupConLoss (2.9) with its AvgNonZeroReducer
    "supcon_loss": (lambda s: embedded_with_labels(s), lambda a, o: supcon(a["embeddings"], a["labels"], o["temperature"])),
    # TRL's DPOTrainer sigmoid loss
    "dpo_loss": (lambda s: log_probs(s, ["policy_chosen_logps", "policy_rejected_logps", "reference_chosen_logps", "reference_rejected_logps"]),
                 lambda a, o: -F.logsigmoid(o["beta"] * ((a["policy_chosen_logps"] - a["reference_chosen_logps"])
                                                         - (a["policy_rejected_logps"] - a["reference_rejected_logps"]))).mean()),
    # CleanRL's ppo.py policy loss
    "ppo_clip_loss": (lambda s: {"log_probs": values([s["n"]], 1, -3, -0.1), "old_log_probs": values([s["n"]], 2, -3, -0.1), "advantages": values([s["n"]], 3, -2, 2)},
                      lambda a, o: (lambda ratio, adv: torch.max(-adv * ratio, -adv * torch.clamp(ratio, 1 - o["clip_coef"], 1 + o["clip_coef"])).mean())(
                          (a["log_probs"] - a["old_log_probs"]).exp(), a["advantages"])),
}


def embedded_with_labels(s):
    return {"embeddings": values([s["n"], s["d"]], 1, -1, 1), "labels": classes([s["n"]], 2, s["classes"])}


def ntxent(e, labels, tau):
    u = e / torch.sqrt(torch.clamp((e * e).sum(-1, keepdim=True), min=torch.finfo(e.dtype).eps))
    xcs = u @ u.T / tau
    same = labels[:, None] == labels[None, :]
    matches = same & ~torch.eye(len(labels), dtype=torch.bool)
    ninf = torch.tensor(-math.inf, dtype=e.dtype)
    xd = torch.where(~same, xcs, ninf)
    xm = torch.where(matches, xcs, ninf)
    m = torch.cat([xd, xm], 1).max(1, keepdim=True).values
    xd, xm = xd - m, xm - m
    denom = torch.exp(xd).sum(1, keepdim=True) + torch.exp(xm)
    log_softm = xm - torch.log(denom)
    return -torch.where(matches, log_softm, torch.zeros((), dtype=e.dtype)).sum() / matches.sum()


def supcon(e, labels, tau):
    s = F.normalize(e, dim=1) @ F.normalize(e, dim=1).T / tau
    n = len(labels)
    pos = (labels[:, None] == labels[None, :]) & ~torch.eye(n, dtype=torch.bool)
    neg = labels[:, None] != labels[None, :]
    mat = s - s.max(1, keepdim=True).values.detach()
    den = torch.logsumexp(mat.masked_fill(~(pos | neg), -math.inf), 1, keepdim=True)
    mean_log_prob_pos = (pos * (mat - den)).sum(1) / (pos.sum(1) + torch.finfo(e.dtype).tiny)
    losses = -mean_log_prob_pos
    nonzero = losses > 0
    return losses[nonzero].mean() if nonzero.any() else losses.sum() * 0


def asymmetric(x, y, o):
    """timm.loss.AsymmetricLossMultiLabel.forward."""
    xs_pos = torch.sigmoid(x)
    xs_neg = (1 - xs_pos + o["clip"]).clamp(max=1)
    loss = y * torch.log(xs_pos.clamp(min=o["eps"])) + (1 - y) * torch.log(xs_neg.clamp(min=o["eps"]))
    pt = xs_pos * y + xs_neg * (1 - y)
    gamma = o["gamma_pos"] * y + o["gamma_neg"] * (1 - y)
    return -(loss * torch.pow(1 - pt, gamma)).sum()


def tversky(p, y, o):
    tp = (p * y).sum(1)
    fp = (p * (1 - y)).sum(1)
    fn = ((1 - p) * y).sum(1)
    return (1 - (tp + o["smooth"]) / (tp + o["alpha"] * fp + o["beta"] * fn + o["smooth"])).mean()


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    reply({"torch": torch.__version__, "threads": torch.get_num_threads()})
    made = {}
    for line in sys.stdin:
        line = line.strip()
        if line == "quit":
            break
        req = json.loads(line)
        name = req["case"]
        if name not in CASES:
            reply({"error": f"unknown case {name!r}"})
            continue
        make, loss = CASES[name]
        if name not in made:
            made[name] = make(req["sizes"])
        # fresh leaves outside the timing, so gradients never accumulate
        args = {k: (v.clone().requires_grad_(True) if k in req["grad"] else v) for k, v in made[name].items()}
        start, cpu = time.perf_counter(), time.process_time()
        out = loss(args, req["options"])
        out.backward()
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        reply({"seconds": seconds, "cpu_seconds": cpu_seconds, "value": out.item()})


if __name__ == "__main__":
    main()
