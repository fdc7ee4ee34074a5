"""The notebook fixtures of the e2e tests: made by the helper, up to date, valid where meant to be."""

import json
import os
import tempfile
import unittest

from support import REPO, losslab, schema_error

FIXTURES = os.path.join(REPO, "test", "fixtures", "notebooks")


def figure_outputs(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        nb = json.load(f)
    return [o["data"][losslab.MIME] for c in nb["cells"] for o in c.get("outputs", []) if losslab.MIME in o["data"]]


class FixturesTest(unittest.TestCase):
    def test_fixtures_are_what_make_fixtures_writes(self):
        import importlib.util
        spec = importlib.util.spec_from_file_location("make_fixtures", os.path.join(FIXTURES, "make_fixtures.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with tempfile.TemporaryDirectory() as out:
            module.main(out)
            for name in sorted(os.listdir(out)):
                with open(os.path.join(out, name), encoding="utf-8") as fresh, open(os.path.join(FIXTURES, name), encoding="utf-8") as kept:
                    self.assertEqual(fresh.read(), kept.read(), "%s is stale: run python3 test/fixtures/notebooks/make_fixtures.py" % name)

    def test_valid_fixtures_validate(self):
        counts = {}
        for name in ("curves.ipynb", "landscape.ipynb", "explorer.ipynb", "twenty.ipynb", "plot-cell.ipynb"):
            payloads = figure_outputs(name)
            counts[name] = len(payloads)
            for p in payloads:
                self.assertIsNone(schema_error(p), name)
        self.assertEqual(counts["twenty.ipynb"], 20)
        self.assertEqual(counts["plot-cell.ipynb"], 0)
        self.assertEqual({p["kind"] for n in counts for p in figure_outputs(n)}, {"curves", "landscape", "explorer"})

    def test_malformed_fixture_has_two_invalid_then_one_valid(self):
        results = [schema_error(p) is None for p in figure_outputs("malformed.ipynb")]
        self.assertEqual(results, [False, False, True])


if __name__ == "__main__":
    unittest.main()
