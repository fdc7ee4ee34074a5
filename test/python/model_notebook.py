"""The notebook behind the model-landscape tests: a user's cells (train a small model with BatchNorm
and Dropout, then each losslab function on it) followed by check cells whose numbers the tests assert
on. Executed in a real Jupyter kernel (nbclient + ipykernel) by test_model_landscape.py, and saved
executed as test/fixtures/notebooks/model-landscape.ipynb for the end-to-end test:

    /usr/bin/python3 test/python/model_notebook.py      # rewrites the fixture
"""

import json
import os
import shutil
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(REPO, "test", "fixtures", "notebooks", "model-landscape.ipynb")
HELPER_FILES = ("losslab.py", "losslab_torch.py")
CHECKS_MARK = "LOSSLAB_CHECKS "

USER_CELLS = [
    '''import copy
import torch
import losslab

torch.manual_seed(0)
torch.set_num_threads(1)
X = torch.randn(256, 4)
Y = ((X[:, 0] * X[:, 1] + 0.5 * X[:, 2]) > 0).long()
model = torch.nn.Sequential(
    torch.nn.Linear(4, 16), torch.nn.BatchNorm1d(16), torch.nn.ReLU(), torch.nn.Dropout(0.2),
    torch.nn.Linear(16, 16), torch.nn.BatchNorm1d(16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
loss_fn = torch.nn.CrossEntropyLoss()
initial = copy.deepcopy(model.state_dict())
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
checkpoints = []
for step in range(80):
    optimizer.zero_grad()
    loss = loss_fn(model(X), Y)
    loss.backward()
    optimizer.step()
    if step % 8 == 7:
        checkpoints.append(copy.deepcopy(model.state_dict()))
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, Y), batch_size=64)
print("trained: loss %.4f, %d checkpoints; model.training = %s" % (loss.item(), len(checkpoints), model.training))''',
    'losslab.model_landscape(model, loss_fn, (X, Y), grid=21)',
    'losslab.model_landscape(model, loss_fn, loader, dims=1, batches=3)',
    'losslab.interpolate(model, loss_fn, (X, Y), to=initial)',
    'losslab.trajectory(model, loss_fn, (X, Y), checkpoints, grid=21)',
    'losslab.sharpness(model, loss_fn, (X, Y))',
]

CHECK_CELLS = [
    '''# Checks read by test/python/test_model_landscape.py.
import json
import losslab_torch
checks = {}

def snapshot(m):
    """Everything a call must leave as it was: values, storage, gradients and modes."""
    return {
        "state": {k: v.detach().clone() for k, v in m.state_dict().items()},
        "storage": [p.data_ptr() for p in m.parameters()] + [b.data_ptr() for b in m.buffers()],
        "grads": [None if p.grad is None else p.grad.clone() for p in m.parameters()],
        "modes": [mod.training for mod in m.modules()],
        "requires_grad": [p.requires_grad for p in m.parameters()],
    }

def unchanged(a, b):
    same_state = a["state"].keys() == b["state"].keys() and all(
        a["state"][k].dtype == b["state"][k].dtype and torch.equal(a["state"][k], b["state"][k]) for k in a["state"])
    same_grads = all((x is None and y is None) or (x is not None and y is not None and torch.equal(x, y))
                     for x, y in zip(a["grads"], b["grads"]))
    return {"state": same_state, "storage": a["storage"] == b["storage"], "grads": same_grads,
            "modes": a["modes"] == b["modes"], "requires_grad": a["requires_grad"] == b["requires_grad"]}

def eval_loss(m, data=(X, Y)):
    was = m.training
    m.eval()
    with torch.no_grad():
        value = loss_fn(m(data[0]), data[1]).item()
    m.train(was)
    return value

# a gradient left over from training, and a module left in eval mode inside a training model
model(X).sum().backward()
model[3].eval()''',
    '''class Boom(Exception):
    pass

def failing(after, error):
    calls = [0]
    def loss(outputs, targets):
        calls[0] += 1
        if calls[0] > after:
            raise error
        return loss_fn(outputs, targets)
    return loss

CALLS = {
    "model_landscape": lambda f: losslab.model_landscape(model, f, (X, Y), grid=7),
    "model_landscape_1d": lambda f: losslab.model_landscape(model, f, loader, dims=1, grid=7, batches=2),
    "interpolate": lambda f: losslab.interpolate(model, f, (X, Y), to=initial, steps=5),
    "trajectory": lambda f: losslab.trajectory(model, f, (X, Y), checkpoints, grid=5),
    "sharpness": lambda f: losslab.sharpness(model, f, (X, Y)),
}
for mode in ("loop", "vmap"):
    losslab_torch.BATCHED = mode
    for name, call in CALLS.items():
        before = snapshot(model)
        call(loss_fn)
        checks["unchanged %s %s" % (name, mode)] = unchanged(before, snapshot(model))
        for error in (Boom("inside loss_fn"), KeyboardInterrupt()):
            before = snapshot(model)
            try:
                call(failing(2, error))
                raised = None
            except BaseException as e:
                raised = type(e).__name__
            checks["after %s in %s %s" % (type(error).__name__, name, mode)] = {"raised": raised, **unchanged(before, snapshot(model))}
losslab_torch.BATCHED = "auto"''',
    '''# The landscape: centre, one point off the centre, directions
grid = 21
fig = losslab.model_landscape(model, loss_fn, (X, Y), grid=grid, seed=3)
z = fig.payload["z"]
checks["centre"] = {"landscape": z[grid // 2][grid // 2], "eval_loss": eval_loss(model), "x": fig.payload["x"][grid // 2]}
named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
generator = torch.Generator().manual_seed(3)
d1, d2 = (losslab_torch.random_direction(named, generator) for _ in range(2))
a, b = fig.payload["x"][15], fig.payload["y"][4]
moved = copy.deepcopy(model)
with torch.no_grad():
    for (n, p), u, v in zip(moved.named_parameters(), d1, d2):
        p.add_(a * u + b * v)
checks["off centre"] = {"landscape": z[4][15], "copy": eval_loss(moved)}
checks["filter norms"] = [
    {"name": n, "dim": p.dim(),
     "weight": p.detach().reshape(p.shape[0], -1).norm(dim=1).tolist() if p.dim() > 1 else None,
     "d1": u.reshape(u.shape[0], -1).norm(dim=1).tolist() if p.dim() > 1 else u.abs().max().item(),
     "d2": v.reshape(v.shape[0], -1).norm(dim=1).tolist() if p.dim() > 1 else v.abs().max().item()}
    for (n, p), u, v in zip(named, d1, d2)]
checks["seeds differ"] = losslab.model_landscape(model, loss_fn, (X, Y), grid=5, seed=4).payload["z"] != \\
    losslab.model_landscape(model, loss_fn, (X, Y), grid=5, seed=3).payload["z"]''',
    '''# Batched (vmap) and one-point-at-a-time evaluation agree
losslab_torch.BATCHED = "vmap"
batched = losslab.model_landscape(model, loss_fn, (X, Y), grid=9)
losslab_torch.BATCHED = "loop"
looped = losslab.model_landscape(model, loss_fn, (X, Y), grid=9)
losslab_torch.BATCHED = "auto"
checks["vmap vs loop"] = {"vmap": batched.payload["z"], "loop": looped.payload["z"]}''',
    '''# Interpolation ends and the trajectory
line = losslab.interpolate(model, loss_fn, (X, Y), to=initial, steps=11)
start = copy.deepcopy(model)
start.load_state_dict(initial)
checks["interpolation"] = {"z": line.payload["z"], "x": line.payload["x"], "model": eval_loss(model), "initial": eval_loss(start)}
path = losslab.trajectory(model, loss_fn, (X, Y), checkpoints, grid=11)
at_checkpoints = []
for state in checkpoints:
    c = copy.deepcopy(model)
    c.load_state_dict({**model.state_dict(), **{k: v for k, v in state.items() if k in dict(model.named_parameters())}})
    at_checkpoints.append(eval_loss(c))
checks["trajectory"] = {"trajectory": path.payload["trajectory"], "checkpoint losses": at_checkpoints,
                        "centre": path.payload["z"][5][5], "eval_loss": eval_loss(model)}''',
    '''# Sharpness against the exact Hessian of a model small enough to form it (float64)
torch.manual_seed(1)
small = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Tanh(), torch.nn.Dropout(0.3),
                            torch.nn.Linear(4, 1)).double()
xs, ys = torch.randn(64, 3, dtype=torch.float64), torch.randn(64, 1, dtype=torch.float64)
mse = torch.nn.MSELoss()
opt = torch.optim.Adam(small.parameters(), lr=0.05)
for _ in range(200):
    opt.zero_grad()
    mse(small(xs), ys).backward()
    opt.step()
small.train()
names = [n for n, _ in small.named_parameters()]
shapes = [p.shape for _, p in small.named_parameters()]
flat = torch.cat([p.detach().reshape(-1) for p in small.parameters()])
def loss_of(v):
    params, offset = {}, 0
    for n, s in zip(names, shapes):
        params[n] = v[offset:offset + s.numel()].reshape(s)
        offset += s.numel()
    return mse(torch.nn.utils.stateless.functional_call(small, params, (xs,)), ys)
small.eval()
hessian = torch.autograd.functional.hessian(loss_of, flat)
small.train()
eigenvalues = torch.linalg.eigvalsh(hessian)
before = snapshot(small)
result = losslab.sharpness(small, mse, (xs, ys))
checks["unchanged sharpness small"] = unchanged(before, snapshot(small))
checks["sharpness"] = {"result": dict(result), "eigenvalues": eigenvalues.tolist(), "trace": torch.trace(hessian).item(),
                       "parameters": flat.numel(), "repr": repr(result)}
print("''' + CHECKS_MARK + '''" + json.dumps(checks, allow_nan=False))''',
]


def build(with_checks=True):
    import nbformat
    cells = [nbformat.v4.new_markdown_cell("# Loss Lab on your own model\n\nA small classifier with BatchNorm and Dropout, "
                                           "then its loss landscape, a 1-D slice over a DataLoader, the line to its "
                                           "initial weights, the plane of its training path and its sharpness.")]
    cells += [nbformat.v4.new_code_cell(src) for src in USER_CELLS]
    if with_checks:
        cells += [nbformat.v4.new_code_cell(src) for src in CHECK_CELLS]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def execute(nb, timeout=600):
    """Runs nb in a fresh ipykernel (this Python's) in a scratch folder holding the helper files, as
    "Add Python Helper to Workspace" leaves them; returns the executed notebook."""
    from nbclient import NotebookClient
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # the kernel's debugger warns about frozen modules
    folder = tempfile.mkdtemp(prefix="losslab-kernel-")
    try:
        for name in HELPER_FILES:
            shutil.copy(os.path.join(REPO, "python", name), folder)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": folder}})
        client.execute()
        return nb
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def checks_of(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                for line in out.get("text", "").splitlines():
                    if line.startswith(CHECKS_MARK):
                        return json.loads(line[len(CHECKS_MARK):])
    raise AssertionError("the notebook printed no checks")


def main():
    import nbformat
    nb = execute(build(with_checks=False))
    for cell in nb.cells:  # warnings of this machine's packages (tqdm without ipywidgets) are not the fixture's business
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    nbformat.write(nb, FIXTURE)
    print("wrote", os.path.relpath(FIXTURE, REPO))


if __name__ == "__main__":
    sys.exit(main())
