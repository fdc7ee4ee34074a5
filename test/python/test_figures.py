"""curve, compare, landscape and explore: inputs (lists, NumPy, torch-like tensors), encoding of
NaN/inf, summaries, argument errors, and every payload checked by the schema and by parseFigure."""

import json
import math
import unittest

from support import losslab, node_available, parse_figures, schema_error

try:
    import numpy as np
except ImportError:
    np = None

NAN, INF = float("nan"), float("inf")


class FakeTensor:
    """Duck-types what the helper uses of a torch tensor (torch is not required on the test machine):
    detach() and cpu() must be called before tolist()."""

    def __init__(self, data, on_gpu=False, requires_grad=True):
        self.data, self.on_gpu, self.requires_grad = data, on_gpu, requires_grad

    def detach(self):
        return FakeTensor(self.data, self.on_gpu, False)

    def cpu(self):
        return FakeTensor(self.data, False, self.requires_grad)

    def tolist(self):
        if self.on_gpu or self.requires_grad:
            raise RuntimeError("tolist() on a GPU tensor or one that requires grad")
        return list(self.data)


class FakeScalarTensor:
    def __init__(self, v):
        self.v = v

    def detach(self):
        return self

    def item(self):
        return self.v


class KerasLikeHistory:
    def __init__(self, history):
        self.history = history


# Every payload a test builds is kept here and checked by the schema and parseFigure at the end.
PRODUCED = []


def made(fig):
    PRODUCED.append(fig.payload)
    return fig


class CurveTest(unittest.TestCase):
    def test_list_with_nonfinite_values(self):
        fig = made(losslab.curve([1.0, 0.5, NAN, INF, -INF, None, 0.25], title="run"))
        s = fig.payload["series"][0]
        self.assertEqual(s["values"], [1.0, 0.5, "nan", "inf", "-inf", None, 0.25])
        self.assertEqual(s["name"], "loss")
        self.assertEqual(fig.payload["title"], "run")
        self.assertEqual(fig.payload["smoothing"], 0.6)
        json.dumps(fig.payload, allow_nan=False)  # strict JSON, no NaN tokens

    def test_summary_gives_last_and_min_with_step(self):
        fig = losslab.curve([3.0, 1.0, 2.0, NAN, 1.5], steps=[10, 20, 30, 40, 50])
        self.assertIn("loss: 5 steps, last 1.5, min 1 at step 20, 1 NaN/inf/missing", fig.summary)
        self.assertEqual(repr(fig), fig.summary)

    def test_mimebundle_has_our_type_and_text(self):
        bundle = losslab.curve([1, 2])._repr_mimebundle_()
        self.assertEqual(set(bundle), {"application/vnd.losslab.figure+json", "text/plain"})
        self.assertEqual(bundle["application/vnd.losslab.figure+json"]["kind"], "curves")

    def test_torch_like_tensor_is_detached_and_moved_to_cpu(self):
        fig = made(losslab.curve(FakeTensor([0.9, 0.7], on_gpu=True)))
        self.assertEqual(fig.payload["series"][0]["values"], [0.9, 0.7])

    def test_list_of_scalar_tensors(self):
        fig = made(losslab.curve([FakeScalarTensor(0.5), FakeScalarTensor(NAN)]))
        self.assertEqual(fig.payload["series"][0]["values"], [0.5, "nan"])

    @unittest.skipIf(np is None, "numpy is not installed")
    def test_numpy_arrays_and_scalars(self):
        fig = made(losslab.curve(np.array([1, 0.5, np.nan], dtype=np.float32), steps=np.arange(0, 30, 10)))
        s = fig.payload["series"][0]
        self.assertEqual(s["values"], [1.0, 0.5, "nan"])
        self.assertEqual(s["steps"], [0, 10, 20])
        fig = made(losslab.curve([np.float64(2.0), np.float16(1.0)]))
        self.assertEqual(fig.payload["series"][0]["values"], [2.0, 1.0])
        json.dumps(fig.payload, allow_nan=False)

    def test_generator(self):
        fig = made(losslab.curve(1 / (i + 1) for i in range(4)))
        self.assertEqual(len(fig.payload["series"][0]["values"]), 4)

    def test_keras_history_val_curves_are_dashed(self):
        fig = made(losslab.curve(KerasLikeHistory({"loss": [1, 0.5], "accuracy": [0.5, 0.7], "val_loss": [1.2, 0.8]})))
        series = fig.payload["series"]
        self.assertEqual([s["name"] for s in series], ["loss", "val_loss"])
        self.assertNotIn("split", series[0])
        self.assertEqual(series[1]["split"], "val")
        fig = made(losslab.curve({"accuracy": [0.5, 0.7]}))
        self.assertEqual([s["name"] for s in fig.payload["series"]], ["accuracy"], "no loss entries: everything is drawn")

    def test_val_argument_and_wall_axis(self):
        fig = made(losslab.curve([1, 0.5], val={"values": [2, 1], "wall_time": [0, 2]}, wall_time=[0, 1.5], x_axis="wall",
                                 smoothing=0, log_y=True))
        p = fig.payload
        self.assertEqual(p["xAxis"], "wall")
        self.assertTrue(p["logY"])
        self.assertEqual(p["smoothing"], 0)
        self.assertEqual(p["series"][1], {"name": "val loss", "values": [2, 1], "wallTime": [0, 2], "split": "val"})

    def test_errors_are_clear(self):
        cases = [
            (lambda: losslab.curve("0.1 0.2"), TypeError, "got a string"),
            (lambda: losslab.curve(None), TypeError, "history is None"),
            (lambda: losslab.curve(3.0), TypeError, "sequence of numbers, got float"),
            (lambda: losslab.curve([1, "a"]), TypeError, r"history\[1\]: expected a number, got 'a'"),
            (lambda: losslab.curve([1, True]), TypeError, "got a bool"),
            (lambda: losslab.curve([[1, 2]]), ValueError, "should be 1-D"),
            (lambda: losslab.curve([1, 2], steps=[0]), ValueError, "2 values but 1 steps"),
            (lambda: losslab.curve([1], steps=[NAN]), ValueError, "must be a finite number"),
            (lambda: losslab.curve([1], smoothing=1), ValueError, r"smoothing must be in \[0, 1\)"),
            (lambda: losslab.curve([1], log_y="yes"), TypeError, "log_y must be True or False"),
            (lambda: losslab.curve([1], x_axis="time"), ValueError, "x_axis must be one of 'step', 'wall'"),
            (lambda: losslab.curve([1], x_axis="wall"), ValueError, "needs wall_time"),
            (lambda: losslab.curve([1], split="test"), ValueError, "split must be one of"),
            (lambda: losslab.curve([1], title=3), TypeError, "title must be a string"),
            (lambda: losslab.curve({}), ValueError, "empty mapping"),
            (lambda: losslab.curve({"loss": [1]}, steps=[0]), TypeError, "apply to a single sequence"),
            (lambda: losslab.curve([1], val={"value": [1]}), TypeError, "unknown keys"),
        ]
        for call, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    call()


class CompareTest(unittest.TestCase):
    def test_runs_share_a_colour_group(self):
        fig = made(losslab.compare({"adam": [1, 0.5], "sgd": {"loss": [2, 1], "val_loss": [3, 2]},
                                    "lion": {"values": [1, 0.2], "steps": [5, 10]}}, title="optimisers"))
        series = fig.payload["series"]
        self.assertEqual([(s["name"], s["group"]) for s in series],
                         [("adam", "adam"), ("sgd loss", "sgd"), ("sgd val_loss", "sgd"), ("lion", "lion")])
        self.assertEqual(series[2]["split"], "val")
        self.assertEqual(series[3]["steps"], [5, 10])
        for name in ("adam", "sgd loss", "sgd val_loss", "lion"):
            self.assertIn("  %s:" % name, fig.summary)

    def test_errors(self):
        with self.assertRaisesRegex(TypeError, "mapping of run names"):
            losslab.compare([[1, 2]])
        with self.assertRaisesRegex(ValueError, "at least one run"):
            losslab.compare({})
        with self.assertRaisesRegex(TypeError, r"runs\['a'\]\[0\]: expected a number"):
            losslab.compare({"a": ["x"]})


class LandscapeTest(unittest.TestCase):
    def test_one_d_default_axis(self):
        fig = made(losslab.landscape([4, 1, 0, 1, INF], view="line"))
        p = fig.payload
        self.assertEqual(p["x"], [-1.0, -0.5, 0.0, 0.5, 1.0])
        self.assertEqual(p["z"], [4, 1, 0, 1, "inf"])
        self.assertNotIn("y", p)
        self.assertIn("1-D, 5 points", fig.summary)
        self.assertIn("min 0, max 4, 1 NaN/inf/missing", fig.summary)

    def test_two_d_rows_follow_y(self):
        z = [[1, 2, 3], [4, 5, NAN]]
        fig = made(losslab.landscape(z, [0, 1, 2], [10, 20], title="slice", view="contour", log_z=True,
                                     trajectory=([0, 1], [10, 20], [1, 5])))
        p = fig.payload
        self.assertEqual(p["z"], [[1, 2, 3], [4, 5, "nan"]])
        self.assertEqual(p["trajectory"], {"x": [0, 1], "y": [10, 20], "z": [1, 5]})
        self.assertTrue(p["logZ"])
        self.assertIn("(3x2)", fig.summary)

    @unittest.skipIf(np is None, "numpy is not installed")
    def test_numpy_grid(self):
        xs = np.linspace(-1, 1, 5)
        ys = np.linspace(-2, 2, 3)
        zz = (xs[None, :] ** 2 + ys[:, None] ** 2)
        fig = made(losslab.landscape(zz, xs, ys, view="surface", trajectory={"x": xs[:2], "y": ys[:2]}))
        p = fig.payload
        self.assertEqual(len(p["z"]), 3)
        self.assertEqual(len(p["z"][0]), 5)
        self.assertAlmostEqual(p["z"][2][4], 1 + 4)
        self.assertEqual(p["y"], [-2.0, 0.0, 2.0])
        made(losslab.landscape(np.float32(xs ** 2)))

    def test_errors(self):
        cases = [
            (lambda: losslab.landscape([[1, 2], [3]]), ValueError, "rectangular"),
            (lambda: losslab.landscape([[1, 2]], x=[1, 2, 3]), ValueError, "x has 3 values but z has 2 columns"),
            (lambda: losslab.landscape([[1, 2]], y=[1, 2]), ValueError, "y has 2 values but z has 1 rows"),
            (lambda: losslab.landscape([1, 2], y=[1]), ValueError, "z is 1-D"),
            (lambda: losslab.landscape([]), ValueError, "z is empty"),
            (lambda: losslab.landscape([1, 2], view="surface"), ValueError, "view must be one of 'line'"),
            (lambda: losslab.landscape([1, 2], x=[0, INF]), ValueError, "finite"),
            (lambda: losslab.landscape([1, 2], trajectory=([0], [1, 2])), ValueError, "trajectory x has 1 points, y has 2"),
            (lambda: losslab.landscape([1, 2], trajectory={"x": [0]}), TypeError, "needs x and y"),
        ]
        for call, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    call()


class ExploreTest(unittest.TestCase):
    def test_one_loss_with_options(self):
        fig = made(losslab.explore("huber_loss", delta=0.5, reduction="mean", target=1, range=(-2, 4), show_gradient=True))
        p = fig.payload
        self.assertEqual(p["losses"], [{"id": "huber_loss", "options": {"delta": 0.5, "reduction": "mean"}}])
        self.assertEqual((p["target"], p["range"], p["showGradient"]), (1, [-2, 4], True))
        self.assertIn("huber_loss(delta=0.5, reduction='mean')", fig.summary)

    def test_several_losses(self):
        fig = made(losslab.explore(["mse_loss", ("smooth_l1_loss", {"beta": 2.0})], title="regression"))
        self.assertEqual(fig.payload["losses"], [{"id": "mse_loss"}, {"id": "smooth_l1_loss", "options": {"beta": 2.0}}])

    def test_names_are_left_to_the_catalog_in_the_extension(self):
        # The helper holds no list of losses: any id travels, and the renderer reports unknown ones.
        fig = made(losslab.explore("not_a_loss"))
        self.assertEqual(fig.payload["losses"], [{"id": "not_a_loss"}])

    def test_errors(self):
        cases = [
            (lambda: losslab.explore(""), TypeError, "loss id string"),
            (lambda: losslab.explore(3), TypeError, "sequence of numbers|loss id"),
            (lambda: losslab.explore([]), ValueError, "at least one loss"),
            (lambda: losslab.explore(["mse_loss"], delta=1), TypeError, "apply to one loss"),
            (lambda: losslab.explore([("a", 1)]), TypeError, r"\(id, \{options\}\) pair"),
            (lambda: losslab.explore("huber_loss", delta=[1, 2]), TypeError, "huber_loss option delta must be a number"),
            (lambda: losslab.explore("huber_loss", delta=NAN), ValueError, "must be finite"),
            (lambda: losslab.explore("mse_loss", range=(1, 1)), ValueError, "low < high"),
            (lambda: losslab.explore("mse_loss", range=(1,)), ValueError, r"\(low, high\)"),
            (lambda: losslab.explore("mse_loss", target=INF), ValueError, "target must be a finite number"),
            (lambda: losslab.explore("mse_loss", show_gradient=1), TypeError, "True or False"),
        ]
        for call, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    call()


def _normalise(v):
    """parseFigure turns null into NaN: compare payloads with null and "nan" as one."""
    if isinstance(v, dict):
        return {k: _normalise(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_normalise(x) for x in v]
    if v is None:
        return "nan"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return v


class ZzPayloadsAreValidTest(unittest.TestCase):
    """Runs after the tests above (unittest sorts classes by name) over every payload they produced."""

    def test_payloads_were_produced(self):
        self.assertGreaterEqual(len(PRODUCED), 12)

    def test_schema_accepts_every_payload(self):
        for p in PRODUCED:
            self.assertIsNone(schema_error(p), json.dumps(p))
            json.dumps(p, allow_nan=False)

    @unittest.skipUnless(node_available(), "node and node_modules/tsx are needed to run parseFigure")
    def test_parse_figure_accepts_and_keeps_every_field(self):
        results = parse_figures(PRODUCED)
        for payload, result in zip(PRODUCED, results):
            self.assertNotIn("error", result, json.dumps(payload))
            self.assertEqual(_normalise(result["figure"]), _normalise(payload))

    @unittest.skipUnless(node_available(), "node and node_modules/tsx are needed to run parseFigure")
    def test_parse_figure_check_can_fail(self):
        results = parse_figures([{"version": 2, "kind": "curves", "series": []}, {"version": 1, "kind": "curves", "series": [],
                                                                                   "logY": "yes"}])
        self.assertIn("newer", results[0]["error"])
        self.assertIn("logY", results[1]["error"])


if __name__ == "__main__":
    unittest.main()
