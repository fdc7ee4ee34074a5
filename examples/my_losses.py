"""Losses written by hand, as in many training scripts. Click "Check loss…" above one to run it in
your Python: Loss Lab checks it (extreme inputs, gradient, reduction, empty batch, broadcasting,
minimum, determinism) and names the catalog loss it equals."""
import torch
import torch.nn.functional as F


def focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    """Lin et al. 2017, eq. 5, in log-sigmoid form."""
    log_p, log_not_p = F.logsigmoid(logits), F.logsigmoid(-logits)
    p = log_p.exp()
    positive = -alpha * (1 - p) ** gamma * log_p
    negative = -(1 - alpha) * p ** gamma * log_not_p
    return (targets * positive + (1 - targets) * negative).mean()


def bce_loss(logits, targets):
    p = torch.sigmoid(logits)
    return -(targets * torch.log(p) + (1 - targets) * torch.log(1 - p)).mean()
