"""Writes the walkthrough's generated examples under media/walkthrough/examples/ with the real tools:
two JSON Lines training logs from real PyTorch runs (runs/) and a notebook whose saved outputs come
from executing python/losslab.py in a real Jupyter kernel (notebook.ipynb). The hand-written
examples beside them (train.py, pitfall.py, sweep.losslab.json) are not touched.
Needs Debian's python3-torch, python3-nbclient and python3-ipykernel:
    /usr/bin/python3 scripts/gen-walkthrough-examples.py
"""
import json
import os

import nbformat
import torch
from nbclient import NotebookClient

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "media", "walkthrough", "examples")


def jsonl_run(name, lr, steps=120):
    """Linear regression with SGD; at lr=0.3 on these inputs the step is too large and the loss diverges."""
    torch.manual_seed(0)
    x = torch.randn(256, 4) * 2
    y = x @ torch.tensor([1.0, 2.0, -1.0, 0.5]) + 0.1 * torch.randn(256)
    vx = torch.randn(64, 4) * 2
    vy = vx @ torch.tensor([1.0, 2.0, -1.0, 0.5])
    w = torch.zeros(4, requires_grad=True)
    os.makedirs(os.path.join(OUT, "runs"), exist_ok=True)
    with open(os.path.join(OUT, "runs", f"{name}.jsonl"), "w") as f:
        for step in range(steps):
            loss = ((x @ w - y) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                val = ((vx @ w - vy) ** 2).mean()
                w -= lr * w.grad
                w.grad.zero_()
            record = {"step": step, "loss": round(loss.item(), 6)}
            if step % 10 == 0:
                record["val_loss"] = round(val.item(), 6)
            f.write(json.dumps(record) + "\n")


def notebook():
    cells = [
        nbformat.v4.new_markdown_cell(
            "# Loss Lab in a notebook\n"
            "`losslab.py` (copied beside this notebook by **Loss Lab: Add Python Helper to Workspace**) "
            "emits figures that Loss Lab draws in the cell's output; the saved outputs below need no kernel."
        ),
        nbformat.v4.new_code_cell('import losslab\n\nlosslab.explore("huber_loss", delta=0.5)'),
        nbformat.v4.new_code_cell(
            "# Any list, NumPy array or tensor of losses; compare() draws several runs on one plot.\n"
            "losses = [2.0 * 0.97 ** step + 0.1 for step in range(150)]\n"
            "losslab.curve(losses)"
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": os.path.join(ROOT, "python")}}).execute()
    for cell in nb.cells:
        cell.pop("id", None)
        cell.metadata.clear()
        for output in cell.get("outputs", []):
            output.get("metadata", {}).clear()
    nb.nbformat_minor = 4
    nbformat.write(nb, os.path.join(OUT, "notebook.ipynb"))


if __name__ == "__main__":
    jsonl_run("lr-0.05", 0.05)
    jsonl_run("lr-0.3", 0.3)
    notebook()
