"""Tracker: one output updated in place, throttled; printed summaries outside IPython."""

import io
import unittest
from unittest import mock

from support import losslab, schema_error

try:
    from IPython.core.displaypub import CapturingDisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
except ImportError:
    InteractiveShell = None

MIME = losslab.MIME


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class FakeDisplay:
    """Stands in for IPython.display.display: records displays and handle updates."""

    def __init__(self):
        self.events = []

    def __call__(self, obj, raw=False, display_id=None):
        assert raw and display_id is True
        self.events.append(("display", obj))
        return self

    def update(self, obj, raw=False):
        assert raw
        self.events.append(("update", obj))


class TrackerThrottleTest(unittest.TestCase):
    def setUp(self):
        self.clock = Clock()
        self.display = FakeDisplay()
        patcher = mock.patch.object(losslab, "_ipython_display", return_value=self.display)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_displays_once_then_updates_at_most_every_interval(self):
        t = losslab.Tracker(title="train", min_interval=1.0, clock=self.clock)
        t.log(1.0)
        self.assertEqual([e[0] for e in self.display.events], ["display"])
        for i in range(5):  # all within the same second
            self.clock.now += 0.1
            t.log(0.9 - 0.1 * i)
        self.assertEqual(len(self.display.events), 1)
        self.clock.now += 0.6  # 1.1 s after the first display
        t.log(0.3)
        self.assertEqual([e[0] for e in self.display.events], ["display", "update"])
        last = self.display.events[-1][1][MIME]
        self.assertEqual(len(last["series"][0]["values"]), 7)
        self.assertEqual(last["series"][0]["steps"], list(range(7)))
        self.assertEqual(last["title"], "train")

    def test_flush_shows_the_last_points_and_only_when_new(self):
        t = losslab.Tracker(min_interval=60, clock=self.clock)
        t.log(loss=2.0, val_loss=3.0)
        t.log(loss=1.0)
        t.flush()
        self.assertEqual([e[0] for e in self.display.events], ["display", "update"])
        payload = self.display.events[-1][1][MIME]
        self.assertEqual([(s["name"], s["values"]) for s in payload["series"]], [("loss", [2.0, 1.0]), ("val_loss", [3.0])])
        self.assertEqual(payload["series"][1]["split"], "val")
        t.flush()
        self.assertEqual(len(self.display.events), 2)
        self.assertIsNone(schema_error(payload))

    def test_context_manager_flushes_on_exit(self):
        with losslab.Tracker(min_interval=60, clock=self.clock) as t:
            t.log(1.0)
            t.log(float("nan"), step=10)
        payload = self.display.events[-1][1][MIME]
        self.assertEqual(payload["series"][0]["values"], [1.0, "nan"])
        self.assertEqual(payload["series"][0]["steps"], [0, 10])
        self.assertIn("1 NaN/inf/missing", self.display.events[-1][1]["text/plain"])
        t.log(0.5)
        self.assertEqual(t.figure().payload["series"][0]["steps"][-1], 11)

    def test_errors(self):
        t = losslab.Tracker(clock=self.clock)
        with self.assertRaisesRegex(TypeError, "needs a value"):
            t.log()
        with self.assertRaisesRegex(TypeError, "not both"):
            t.log(1.0, loss=2.0)
        with self.assertRaisesRegex(TypeError, "expected a number"):
            t.log(loss="high")
        with self.assertRaisesRegex(ValueError, "step must be a finite number"):
            t.log(1.0, step=float("inf"))
        with self.assertRaisesRegex(ValueError, "min_interval"):
            losslab.Tracker(min_interval=-1)
        with self.assertRaisesRegex(ValueError, "smoothing"):
            losslab.Tracker(smoothing=2)


class TrackerWithoutIPythonTest(unittest.TestCase):
    def test_prints_throttled_summaries(self):
        clock, out = Clock(), io.StringIO()
        with mock.patch.object(losslab, "_ipython_display", return_value=None):
            t = losslab.Tracker(min_interval=5, stream=out, clock=clock)
            for i in range(10):
                t.log(1.0 / (i + 1))
            t.close()
            fig = losslab.curve([1, 2])
            with mock.patch("sys.stdout", new_callable=io.StringIO) as stdout:
                fig.show()
        text = out.getvalue()
        self.assertEqual(text.count("Loss Lab curves (live)"), 2)
        self.assertIn("loss: 10 steps, last 0.1, min 0.1 at step 9", text)
        self.assertIn("loss: 2 steps, last 2", stdout.getvalue())

    def test_plain_python_has_no_ipython_display(self):
        # No IPython shell is running in this test process.
        self.assertIsNone(losslab._ipython_display())


@unittest.skipIf(InteractiveShell is None, "IPython is not installed")
class TrackerInIPythonTest(unittest.TestCase):
    """A real IPython shell: the tracker's output is one display id, updated in place."""

    def setUp(self):
        self.shell = InteractiveShell.instance()
        self.shell.display_pub = CapturingDisplayPublisher()
        self.addCleanup(InteractiveShell.clear_instance)

    def test_display_then_update_same_id(self):
        clock = Clock()
        t = losslab.Tracker(min_interval=1, clock=clock)
        t.log(1.0)
        clock.now += 2
        t.log(0.5)
        t.log(0.25)
        t.flush()
        outputs = self.shell.display_pub.outputs
        self.assertEqual(len(outputs), 3)
        ids = {o["transient"]["display_id"] for o in outputs}
        self.assertEqual(len(ids), 1)
        self.assertEqual([o["update"] for o in outputs], [False, True, True])
        self.assertEqual(outputs[-1]["data"][MIME]["series"][0]["values"], [1.0, 0.5, 0.25])
        self.assertIn("text/plain", outputs[-1]["data"])

    def test_figure_show_and_repr_mimebundle(self):
        losslab.explore("mse_loss").show()
        data = self.shell.display_pub.outputs[-1]["data"]
        self.assertEqual(data[MIME]["losses"], [{"id": "mse_loss"}])
        formatted, _ = self.shell.display_formatter.format(losslab.curve([1.0, 0.5]))
        self.assertEqual(formatted[MIME]["kind"], "curves")
        self.assertIn("Loss Lab curves", formatted["text/plain"])


if __name__ == "__main__":
    unittest.main()
