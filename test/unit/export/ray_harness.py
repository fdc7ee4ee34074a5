"""Runs an exported Ray Tune script WITHOUT Ray: a stand-in `ray` package records what the script
hands to Ray (Tuner's param_space, resources, with_parameters, RunConfig) and what each trial
reports. It expands nothing itself: the test runs the trainable once per grid point (the product
of the grid_search lists, Ray's documented meaning) and compares the reports with the PyTorch
export. Usage: ray_harness.py SCRIPT STORAGE_PATH REPORT_API ("tune-dict" | "train")."""
import inspect
import itertools
import json
import runpy
import sys
import types

script, storage_path, api = sys.argv[1:4]
calls = {"reports": []}

ray = types.ModuleType("ray")
tune = types.ModuleType("ray.tune")
train = types.ModuleType("ray.train")
ray.tune, ray.train = tune, train
ray.init = lambda **kw: calls.setdefault("init", kw)

if api == "tune-dict":
    def report(metrics, *, checkpoint=None):
        calls["reports"].append(dict(metrics))
    tune.report = report
else:
    def old_report(_metric=None, **kwargs):
        raise AssertionError("Ray 1.x report called although ray.train.report exists")
    tune.report = old_report
    train.report = lambda metrics: calls["reports"].append(dict(metrics))

tune.grid_search = lambda values: {"grid_search": list(values)}
tune.with_parameters = lambda fn, **kw: ("with_parameters", fn, sorted(kw))
tune.with_resources = lambda t, res: ("with_resources", t, res)


class RunConfig:
    def __init__(self, name=None, storage_path=None):
        calls["run_config"] = {"name": name, "storage_path": storage_path}


class Results(list):
    def get_best_result(self, metric, mode):
        calls["best"] = [metric, mode]
        return types.SimpleNamespace(config={})


class Tuner:
    def __init__(self, trainable, param_space=None, run_config=None, tune_config=None):
        calls["tuner"] = {"trainable": [trainable[0], trainable[1][0], trainable[1][2], trainable[2]], "param_space": param_space}

    def fit(self):
        return Results()


(train if api == "train" else tune).RunConfig = RunConfig
tune.Tuner = Tuner
sys.modules.update({"ray": ray, "ray.tune": tune, "ray.train": train})

module = runpy.run_path(script, run_name="exported")
sys.argv = [script, "--storage-path", storage_path]
module["main"]()

space = calls["tuner"]["param_space"]
axes = [a for a in ("loss", "optimizer", "lr", "seed")]
data, weights = module["read_data"](module["DATA_PATH"]), module["load_weights"](module["WEIGHTS_PATH"])
trials = []
for values in itertools.product(*(space[a]["grid_search"] for a in axes)):
    config = dict(zip(axes, values), dtype=space["dtype"])
    calls["reports"] = []
    module["train_run"](config, data=data, weights=weights)
    trials.append({"config": config, "reports": calls["reports"]})
calls.pop("reports")
print(json.dumps({"calls": calls, "trials": trials}))
