"""model_landscape, interpolate, trajectory and sharpness on a real model with real torch, run in a
real Jupyter kernel (nbclient + ipykernel), plus a cross-check of the helper against the extension's
TypeScript engine. Needs Debian's python3-torch, python3-ipykernel and python3-nbclient: run with
/usr/bin/python3 (scripts/test.mjs does). Without torch these tests FAIL; they never skip."""

import copy
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

from support import REPO, losslab, node_available, parse_figures, schema_error

try:
    import torch
except ImportError as e:  # a failure, not a skip: the suite must run where torch is
    raise ImportError("test_model_landscape needs torch: run the Python tests with /usr/bin/python3 after "
                      "`apt-get install python3-torch python3-ipykernel python3-nbclient` (%s)" % e) from None

import model_notebook  # noqa: E402  (imports nbformat/nbclient lazily)

MIME = losslab.MIME


def strict_json(payload):
    """JSON as a strict parser reads it: no NaN/Infinity literals."""
    def refuse(name):
        raise ValueError("non-standard JSON constant %s" % name)
    return json.loads(json.dumps(payload), parse_constant=refuse)


def figures_of(cell):
    return [o["data"][MIME] for o in cell.get("outputs", []) if MIME in o.get("data", {})]


def texts_of(cell):
    out = []
    for o in cell.get("outputs", []):
        text = o.get("data", {}).get("text/plain") if "data" in o else o.get("text")
        if text is not None:
            out.append(text if isinstance(text, str) else "".join(text))
    return out


def close(a, b, rel):
    return math.isclose(a, b, rel_tol=rel, abs_tol=rel)


class InKernelTest(unittest.TestCase):
    """One execution of the notebook in a fresh ipykernel; each test reads what it produced."""

    @classmethod
    def setUpClass(cls):
        cls.nb = model_notebook.execute(model_notebook.build(with_checks=True))
        cls.checks = model_notebook.checks_of(cls.nb)
        code = [c for c in cls.nb.cells if c.cell_type == "code"]
        cls.user = code[:len(model_notebook.USER_CELLS)]

    def test_each_call_displays_our_mime_type_as_strict_json_that_parseFigure_accepts(self):
        landscape, slice_1d, line, plane = (figures_of(c) for c in self.user[1:5])
        for figs in (landscape, slice_1d, line, plane):
            self.assertEqual(len(figs), 1, "one figure per call")
        payloads = [landscape[0], slice_1d[0], line[0], plane[0]]
        for p in payloads:
            self.assertEqual(strict_json(p), p)
            self.assertEqual(p["kind"], "landscape")
            self.assertIsNone(schema_error(p))
        self.assertEqual((len(landscape[0]["x"]), len(landscape[0]["y"])), (21, 21))
        self.assertEqual([len(r) for r in landscape[0]["z"]], [21] * 21)
        self.assertNotIn("y", slice_1d[0])
        self.assertEqual(len(slice_1d[0]["z"]), 31)
        self.assertEqual(line[0]["x"][0], 0)
        self.assertEqual(line[0]["x"][-1], 1)
        self.assertEqual(len(line[0]["z"]), 51)
        self.assertEqual(len(plane[0]["trajectory"]["x"]), 10)
        if node_available():
            parsed = parse_figures(payloads)
            self.assertEqual([list(r) for r in parsed], [["figure"]] * 4, parsed)
        else:
            self.fail("node with tsx is needed to run parseFigure")

    def test_progress_is_one_output_updated_in_place(self):
        for cell, what in zip(self.user[1:6], ("landscape", "landscape", "interpolation", "trajectory", "sharpness")):
            progress = [t for t in texts_of(cell) if t.startswith("Loss Lab, %s:" % what)]
            self.assertEqual(len(progress), 1, texts_of(cell))
            self.assertIn("done in", progress[0])

    def test_sharpness_shows_a_summary(self):
        texts = texts_of(self.user[5])
        self.assertTrue(any(t.startswith("Loss Lab sharpness: top Hessian eigenvalue") for t in texts), texts)
        self.assertIn("Hessian trace", self.checks["sharpness"]["repr"])

    def test_model_unchanged_bit_for_bit_after_each_call_and_after_errors_and_interrupts(self):
        names = [k for k in self.checks if k.startswith(("unchanged", "after"))]
        self.assertEqual(len(names), 5 * 2 * 3 + 1)
        for name in names:
            result = dict(self.checks[name])
            raised = result.pop("raised", None)
            with self.subTest(name):
                self.assertEqual(result, {"state": True, "storage": True, "grads": True, "modes": True, "requires_grad": True})
                if name.startswith("after"):
                    self.assertEqual(raised, name.split()[1], "the error reaches the caller")

    def test_centre_is_the_loss_at_the_weights_in_eval_mode(self):
        c = self.checks["centre"]
        self.assertEqual(c["x"], 0)
        self.assertEqual(c["landscape"], c["eval_loss"])

    def test_points_off_the_centre_are_the_loss_of_a_moved_copy(self):
        c = self.checks["off centre"]
        self.assertTrue(close(c["landscape"], c["copy"], 1e-5), c)
        self.assertTrue(self.checks["seeds differ"])

    def test_filter_norms_of_each_direction_equal_those_of_the_weights(self):
        for entry in self.checks["filter norms"]:
            with self.subTest(entry["name"]):
                if entry["dim"] > 1:
                    for key in ("d1", "d2"):
                        self.assertEqual(len(entry[key]), len(entry["weight"]))
                        for a, b in zip(entry[key], entry["weight"]):
                            self.assertTrue(close(a, b, 1e-5), (entry["name"], key, a, b))
                else:
                    self.assertEqual((entry["d1"], entry["d2"]), (0, 0), "biases and BatchNorm weights get no direction")

    def test_batched_and_looped_evaluation_agree(self):
        c = self.checks["vmap vs loop"]
        for row_a, row_b in zip(c["vmap"], c["loop"]):
            for a, b in zip(row_a, row_b):
                self.assertTrue(close(a, b, 1e-5), (a, b))

    def test_interpolation_runs_from_the_model_to_the_target(self):
        c = self.checks["interpolation"]
        self.assertEqual(c["z"][0], c["model"])
        self.assertTrue(close(c["z"][-1], c["initial"], 1e-5), (c["z"][-1], c["initial"]))
        self.assertNotAlmostEqual(c["model"], c["initial"], places=2)

    def test_trajectory_draws_the_checkpoints_on_their_pca_plane(self):
        c = self.checks["trajectory"]
        t = c["trajectory"]
        self.assertEqual((t["x"][-1], t["y"][-1]), (0, 0), "the last checkpoint is the model itself")
        self.assertTrue(all(-1 <= v <= 1 for v in t["x"] + t["y"]))
        self.assertAlmostEqual(max(abs(v) for v in t["x"]), 1 / 1.15, places=12)
        for a, b in zip(t["z"], c["checkpoint losses"]):
            self.assertTrue(close(a, b, 1e-5), (a, b))
        self.assertEqual(c["centre"], c["eval_loss"])

    def test_sharpness_against_the_exact_hessian(self):
        c = self.checks["sharpness"]
        r = c["result"]
        self.assertEqual(set(r), {"top_eigenvalue", "converged", "iterations", "trace", "trace_standard_error", "trace_samples"})
        top = max(c["eigenvalues"], key=abs)
        self.assertEqual(top, max(c["eigenvalues"]), "a trained model: the dominant eigenvalue is the largest")
        self.assertTrue(r["converged"])
        self.assertTrue(close(r["top_eigenvalue"], top, 1e-4), (r["top_eigenvalue"], top))
        self.assertGreater(r["trace_standard_error"], 0)
        self.assertLess(abs(r["trace"] - c["trace"]), 4 * r["trace_standard_error"], (r, c["trace"]))
        self.assertTrue(self.checks["unchanged sharpness small"]["state"])


class FixtureTest(unittest.TestCase):
    """The executed notebook the end-to-end test opens (test/fixtures/notebooks/model-landscape.ipynb)."""

    def test_fixture_is_the_executed_user_cells_and_its_figures_parse(self):
        with open(model_notebook.FIXTURE, encoding="utf-8") as f:
            nb = json.load(f)
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        self.assertEqual(["".join(c["source"]) for c in code], model_notebook.USER_CELLS,
                         "stale: run /usr/bin/python3 test/python/model_notebook.py")
        payloads = [p for c in code for p in figures_of(c)]
        self.assertEqual(len(payloads), 4)
        for p in payloads:
            self.assertIsNone(schema_error(p))
        self.assertEqual([list(r) for r in parse_figures(payloads)], [["figure"]] * 4)


class DirectTest(unittest.TestCase):
    """The same functions called directly (no kernel): arguments, data forms, checkpoints, errors."""

    def setUp(self):
        torch.manual_seed(0)
        self.model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.Tanh(), torch.nn.Linear(5, 2))
        self.x, self.y = torch.randn(40, 3), torch.randint(0, 2, (40,))
        self.loss = torch.nn.CrossEntropyLoss()
        self.model.train()
        self.model(self.x)  # running statistics that differ from the batch's

    def eval_loss(self, x, y):
        self.model.eval()
        with torch.no_grad():
            value = self.loss(self.model(x), y).item()
        self.model.train()
        return value

    def test_importing_losslab_does_not_import_torch(self):
        code = "import sys; sys.path.insert(0, %r); import losslab; print('torch' in sys.modules)" % os.path.join(REPO, "python")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        self.assertEqual(out.stdout.strip(), "False")

    def test_a_dataloader_is_read_once_for_its_first_batches(self):
        reads = []

        class Counting(torch.utils.data.Dataset):
            def __len__(inner):
                return 40

            def __getitem__(inner, i):
                reads.append(i)
                return self.x[i], self.y[i]

        loader = torch.utils.data.DataLoader(Counting(), batch_size=10)
        fig = losslab.model_landscape(self.model, self.loss, loader, grid=5, batches=2)
        self.assertEqual(sorted(reads), list(range(20)), "two batches, read once for all 25 points")
        first_two = (self.eval_loss(self.x[:10], self.y[:10]) + self.eval_loss(self.x[10:20], self.y[10:20])) / 2
        self.assertAlmostEqual(fig.payload["z"][2][2], first_two, places=6)

    def test_interpolate_to_a_checkpoint_path_a_model_or_a_state_dict(self):
        other = copy.deepcopy(self.model)
        with torch.no_grad():
            for p in other.parameters():
                p.mul_(0.5)
            other[1].running_mean.add_(1.0)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "epoch3.pt")
            torch.save({"epoch": 3, "model_state_dict": other.state_dict()}, path)
            by_path = losslab.interpolate(self.model, self.loss, (self.x, self.y), to=path, steps=5)
        by_model = losslab.interpolate(self.model, self.loss, (self.x, self.y), to=other, steps=5)
        by_state = losslab.interpolate(self.model, self.loss, (self.x, self.y), to=other.state_dict(), steps=5)
        self.assertEqual(by_path.payload["z"], by_model.payload["z"])
        self.assertEqual(by_model.payload["z"], by_state.payload["z"])
        self.assertIn("epoch3.pt", by_path.payload["title"])
        params_only = losslab.interpolate(self.model, self.loss, (self.x, self.y), to=dict(other.named_parameters()), steps=5)
        self.assertEqual(params_only.payload["z"][0], by_state.payload["z"][0], "buffers it lacks stay the model's own")
        self.assertNotEqual(params_only.payload["z"][-1], by_state.payload["z"][-1], "running statistics move with a state_dict")

    def test_clear_errors_for_bad_input(self):
        data = (self.x, self.y)
        cases = [
            (lambda: losslab.model_landscape(self.model, self.loss, data, grid=1), ValueError, "grid must be an integer >= 2"),
            (lambda: losslab.model_landscape(self.model, self.loss, data, dims=3), ValueError, "dims must be 1"),
            (lambda: losslab.model_landscape(self.model, self.loss, data, span=0), ValueError, "span must be > 0"),
            (lambda: losslab.model_landscape(self.model, self.loss, data, batches=2), TypeError, "batches= applies to a DataLoader"),
            (lambda: losslab.model_landscape(self.model, torch.nn.CrossEntropyLoss(reduction="none"), data, grid=3), ValueError, "one number"),
            (lambda: losslab.model_landscape(lambda v: v, self.loss, data), TypeError, "torch.nn.Module"),
            (lambda: losslab.model_landscape(self.model, self.loss, "data.csv"), TypeError, "DataLoader"),
            (lambda: losslab.interpolate(self.model, self.loss, data, to={"0.weight": torch.zeros(5, 3)}), KeyError, "has no 0.bias"),
            (lambda: losslab.trajectory(self.model, self.loss, data, [self.model.state_dict()] * 2), ValueError, "at least 3 checkpoints"),
            (lambda: losslab.trajectory(self.model, self.loss, data, [self.model.state_dict()] * 3), ValueError, "two independent directions"),
        ]
        before = copy.deepcopy(self.model.state_dict())
        for call, kind, text in cases:
            with self.subTest(text):
                with self.assertRaises(kind) as caught:
                    call()
                self.assertIn(text, str(caught.exception))
        for k, v in self.model.state_dict().items():
            self.assertTrue(torch.equal(v, before[k]), k)
        self.assertTrue(self.model.training)

    def test_sharpness_is_a_dict_with_a_summary(self):
        result = losslab.sharpness(self.model, self.loss, (self.x, self.y))
        self.assertEqual(json.loads(json.dumps(result)), dict(result))
        self.assertEqual(result.top_eigenvalue, result["top_eigenvalue"])
        self.assertEqual(result._repr_mimebundle_()["text/plain"], repr(result))
        self.assertRegex(repr(result), r"^Loss Lab sharpness: top Hessian eigenvalue \S+ \(power iteration, \d+ iterations?\); Hessian trace \S+ ± \S+")


class EngineCrossCheckTest(unittest.TestCase):
    """The extension's engine (TypeScript, float64) and the helper (torch, float64) on the same MLP
    weights, data and directions: the same filter-normalised directions and the same 2-D landscape."""

    def test_same_landscape_to_1e_9(self):
        self.assertTrue(node_available(), "node with tsx is needed for the engine's side")
        if not os.path.exists(os.path.join(REPO, "src", "engine", "train", "simd", "network.wasm.generated.ts")):
            subprocess.run(["node", os.path.join("scripts", "wasm.mjs")], cwd=REPO, check=True, capture_output=True)
        out = subprocess.run(["node", "--import", "tsx", os.path.join("test", "python", "engine_landscape.ts")],
                             cwd=REPO, capture_output=True, text=True, timeout=300, check=True)
        e = json.loads(out.stdout)
        lt = losslab._torch_part()
        f64 = torch.float64
        weights = [l for l in e["layers"] if not l["isBias"]]
        linears = [torch.nn.Linear(l["shape"][1], l["shape"][0]).double() for l in weights]
        layers = []
        for i, lin in enumerate(linears):
            layers.append(lin)
            if i + 1 < len(linears):
                layers.append(torch.nn.Tanh())
        model = torch.nn.Sequential(*layers)
        params = torch.tensor(e["params"], dtype=f64)
        with torch.no_grad():
            for lin, w in zip(linears, weights):
                (out_, in_) = w["shape"]
                lin.weight.copy_(params[w["offset"]:w["offset"] + out_ * in_].view(out_, in_))
                b = w["offset"] + out_ * in_
                lin.bias.copy_(params[b:b + out_])
        x = torch.tensor(e["x"], dtype=f64).view(e["n"], e["features"])
        y = torch.tensor(e["y"], dtype=f64).view(e["n"], 1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits

        def as_tensors(flat):
            v = torch.tensor(flat, dtype=f64)
            return [v[p_offset(lin, k, weights)].view_as(t) for k, (lin, t) in enumerate(_linear_tensors(linears))]

        with lt._Held(model, loss, (x, y), None) as held:
            space = held.space(buffers=False)
            named = held.parameters
            d1 = space.flat(lt.filter_normalize(as_tensors(e["raw1"]), named))
            d2 = space.flat(lt.filter_normalize(as_tensors(e["raw2"]), named))
            for ours, theirs in ((d1, as_tensors(e["d1"])), (d2, as_tensors(e["d2"]))):
                diff = (ours - space.flat(theirs)).abs().max().item()
                self.assertLess(diff, 1e-12, "filter-normalised directions")
            coefficients = [(a, b) for b in e["ys"] for a in e["xs"]]
            for mode in ("loop", "vmap"):
                lt.BATCHED = mode
                try:
                    z = held.evaluate(space, [d1, d2], coefficients, lt._Progress("cross-check", len(coefficients)), 0, None)
                finally:
                    lt.BATCHED = "auto"
                worst = max(abs(ours - theirs) / (1 + abs(theirs))
                            for ours, theirs in zip(z, [v for row in e["z"] for v in row]))
                self.assertLess(worst, 1e-9, mode)


def _linear_tensors(linears):
    for lin in linears:
        yield lin, lin.weight
        yield lin, lin.bias


def p_offset(lin, k, weights):
    """The slice of the engine's flat vector holding tensor k (weight, bias, weight, bias...)."""
    w = weights[k // 2]
    out_, in_ = w["shape"]
    start = w["offset"] if k % 2 == 0 else w["offset"] + out_ * in_
    return slice(start, start + (out_ * in_ if k % 2 == 0 else out_))


if __name__ == "__main__":
    unittest.main()
