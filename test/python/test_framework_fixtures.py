"""The scikit-learn reference cases are what the real scikit-learn computes today: regenerated with
test/fixtures/frameworks/generate_sklearn.py and compared with the committed file. (The Keras cases
need Keras and JAX, which are not installed for the tests; their generator is run by hand.)"""

import os
import subprocess
import sys
import unittest

from support import REPO

FIXTURES = os.path.join(REPO, "test", "fixtures", "frameworks")


class FrameworkFixturesTest(unittest.TestCase):
    def test_sklearn_cases_are_what_the_generator_writes(self):
        try:
            import sklearn  # noqa: F401
        except ImportError:
            self.skipTest("python3-sklearn is not installed")
        fresh = subprocess.run([sys.executable, os.path.join(FIXTURES, "generate_sklearn.py")], check=True, capture_output=True, text=True).stdout
        with open(os.path.join(FIXTURES, "sklearn.json"), encoding="utf-8") as kept:
            self.assertEqual(fresh, kept.read(), "sklearn.json is stale: run /usr/bin/python3 test/fixtures/frameworks/generate_sklearn.py > test/fixtures/frameworks/sklearn.json")


if __name__ == "__main__":
    unittest.main()
