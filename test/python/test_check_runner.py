"""python/losslab_check.py in whatever Python runs these tests (the phase uses python3 on PATH, which
may lack torch): its JSON lines, a NumPy loss end to end, user prints kept off the protocol, no
__main__ block run, and a clear message when the function's framework is missing."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUNNER = os.path.join(REPO, "python", "losslab_check.py")
FIXTURES = os.path.join(REPO, "test", "fixtures", "user_losses")


def run(path, name, *extra):
    out = subprocess.run([sys.executable, RUNNER, "--file", path, "--name", name, *extra],
                         capture_output=True, text=True, timeout=300, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def has(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


class RunnerTest(unittest.TestCase):
    @unittest.skipUnless(has("numpy"), "numpy is not installed in this Python")
    def test_numpy_loss_and_user_prints(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "noisy.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write("import numpy as np\nprint('imported')\n\n"
                        "def mae_loss(pred, target):\n    print('called')\n    return float(np.mean(np.abs(pred - target)))\n\n"
                        "if __name__ == '__main__':\n    raise SystemExit('main block ran')\n")
            lines = run(path, "mae_loss")
        self.assertEqual([m["type"] for m in lines][-1], "result", lines[-1])
        self.assertTrue(all(m["v"] == 1 for m in lines))
        result = lines[-1]
        self.assertEqual(result["framework"], "numpy")
        self.assertEqual(result["task"], "regression")
        self.assertEqual({c["id"] for c in result["checks"]},
                         {"finite-extremes", "gradient", "reduction", "empty-batch", "broadcast", "zero-at-target", "determinism"})
        self.assertEqual(result["curve"]["gradient_source"], "finite differences")
        # |x - 0| against x on [-3, 3]: the finite-difference slope is sign(x) away from the kink (by hand).
        for x, g in zip(result["curve"]["x"], result["curve"]["gradient"]):
            if abs(x) > 0.01:
                self.assertAlmostEqual(g, 1.0 if x > 0 else -1.0, places=6)

    @unittest.skipIf(has("torch"), "torch is installed in this Python")
    def test_missing_torch_is_named(self):
        lines = run(os.path.join(FIXTURES, "focal.py"), "focal_loss")
        self.assertEqual(lines[-1]["type"], "error")
        self.assertEqual(lines[-1]["kind"], "framework-missing")
        self.assertIn("torch", lines[-1]["message"])
        self.assertIn(sys.executable, lines[-1]["message"])

    def test_missing_name(self):
        lines = run(os.path.join(FIXTURES, "hanging.py"), "nope")
        self.assertEqual(lines[-1]["kind"], "not-found")


if __name__ == "__main__":
    unittest.main()
