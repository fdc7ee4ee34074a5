"""Writes the small real runs in this folder with the real writers: PyTorch's SummaryWriter
(TensorBoard event files), Lightning's CSVLogger, Python's json (a JSON Lines log) — the
Hugging Face run (hf-regression/) comes from test/fixtures/logs/generate_hf_trainer.py.
Needs torch, tensorboard and lightning (a venv over the local wheel store):
    python generate.py
"""
import json
import os
import shutil
import time

import torch
from torch import nn
from torch.utils.tensorboard import SummaryWriter

HERE = os.path.dirname(os.path.abspath(__file__))


def data(n, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    y = (x @ torch.linspace(-1, 1, 8) > 0).float()
    return x, y

def train(lr, steps, on_step, spike_at=None):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    x, y = data(512, 0)
    vx, vy = data(128, 1)
    for step in range(steps):
        i = torch.randint(0, 512, (32,))
        xb, yb = x[i], y[i]
        if step == spike_at:
            yb = 1 - yb  # a mislabelled batch: the loss spikes once
        loss = nn.functional.binary_cross_entropy_with_logits(model(xb).squeeze(-1), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = nn.functional.binary_cross_entropy_with_logits(model(vx).squeeze(-1), vy)
        on_step(step, loss.item(), val.item(), opt.param_groups[0]["lr"])

def tensorboard(name, lr, steps, spike_at=None):
    folder = os.path.join(HERE, "runs", name)
    shutil.rmtree(folder, ignore_errors=True)
    writer = SummaryWriter(folder)

    def log(step, loss, val, lr_now):
        writer.add_scalar("train/loss", loss, step)
        if step % 10 == 0:
            writer.add_scalar("val/loss", val, step)
        writer.add_scalar("lr", lr_now, step)

    train(lr, steps, log, spike_at)
    writer.close()

def diverging_jsonl():
    """Plain regression with a learning rate far too high: the loss grows, then overflows to inf and NaN."""
    path = os.path.join(HERE, "diverging.jsonl")
    torch.manual_seed(0)
    x = torch.randn(256, 4) * 3
    y = x @ torch.tensor([1.0, 2.0, -1.0, 0.5])
    w = torch.zeros(4, requires_grad=True)
    with open(path, "w") as f:
        for step in range(120):
            loss = ((x @ w - y) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                w -= 0.2 * w.grad
                w.grad.zero_()
            f.write(json.dumps({"step": step, "loss": loss.item(), "timestamp": time.time()}) + "\n")

def lightning_csv():
    import lightning as L
    from lightning.pytorch.loggers import CSVLogger

    class Module(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1))

        def training_step(self, batch, _):
            x, y = batch
            loss = nn.functional.binary_cross_entropy_with_logits(self.net(x).squeeze(-1), y)
            self.log("train_loss", loss)
            return loss

        def validation_step(self, batch, _):
            x, y = batch
            self.log("val_loss", nn.functional.binary_cross_entropy_with_logits(self.net(x).squeeze(-1), y))

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

    shutil.rmtree(os.path.join(HERE, "lightning_logs"), ignore_errors=True)
    torch.manual_seed(0)
    x, y = data(512, 0)
    vx, vy = data(128, 1)
    train_dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32, shuffle=True)
    val_dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(vx, vy), batch_size=64)
    trainer = L.Trainer(max_epochs=8, logger=CSVLogger(HERE, name="lightning_logs"), log_every_n_steps=4,
                        enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False)
    trainer.fit(Module(), train_dl, val_dl)

def hugging_face():
    source = os.path.join(HERE, "..", "..", "test", "fixtures", "logs", "hf")
    latest = max(os.listdir(source), key=lambda d: int(d.split("-")[1]))
    os.makedirs(os.path.join(HERE, "hf-regression"), exist_ok=True)
    shutil.copy(os.path.join(source, latest, "trainer_state.json"), os.path.join(HERE, "hf-regression", "trainer_state.json"))

if __name__ == "__main__":
    tensorboard("baseline", lr=0.5, steps=400)
    tensorboard("bad-batch", lr=0.5, steps=400, spike_at=250)
    diverging_jsonl()
    lightning_csv()
    hugging_face()
