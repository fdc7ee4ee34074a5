"""media/figure.schema.json (generated from the zod declaration in src/protocol/figure.ts) is a valid
JSON schema that agrees with parseFigure on the shared samples, and the helper's limits are the ones it declares."""

import json
import math
import os
import unittest

from support import REPO, SCHEMA, VALIDATOR, jsonschema, losslab

with open(os.path.join(REPO, "test", "fixtures", "notebooks", "figure-samples.json"), encoding="utf-8") as f:
    SAMPLES = json.load(f)


def variant(kind):
    """The schema of one figure kind."""
    [s] = [s for s in SCHEMA["oneOf"] if s["properties"]["kind"]["const"] == kind]
    return s["properties"]


def resolve(node):
    ref = node.get("$ref")
    return SCHEMA["$defs"][ref.rsplit("/", 1)[1]] if ref else node


class FigureSchemaTest(unittest.TestCase):
    def test_schema_is_valid(self):
        jsonschema.Draft202012Validator.check_schema(SCHEMA)

    def test_samples(self):
        for v in SAMPLES["accepted"] + SAMPLES["parseFigureOnly"]:
            self.assertTrue(VALIDATOR.is_valid(v), json.dumps(v))
        for v in SAMPLES["rejected"]:
            self.assertFalse(VALIDATOR.is_valid(v), json.dumps(v))


class HelperLimitsTest(unittest.TestCase):
    """Each limit of python/losslab.py against the declaration, read from the generated schema."""

    def test_version_and_mime(self):
        for kind in ("curves", "landscape", "explorer"):
            self.assertEqual(variant(kind)["version"]["const"], losslab.VERSION)
        self.assertIn(losslab.MIME, SCHEMA["title"])

    def test_choices(self):
        curves = variant("curves")
        series = curves["series"]["items"]["properties"]
        self.assertEqual(tuple(series["split"]["enum"]), losslab.SPLITS)
        self.assertEqual(tuple(variant("landscape")["view"]["enum"]), losslab.VIEWS_2D)
        self.assertLessEqual(set(losslab.VIEWS_1D), set(losslab.VIEWS_2D))
        self.assertLessEqual(set(losslab.X_AXES), set(curves["xAxis"]["enum"]))

    def test_smoothing_bounds(self):
        smoothing = variant("curves")["smoothing"]
        self.assertEqual((smoothing["minimum"], smoothing["exclusiveMaximum"]), (losslab.SMOOTHING_MIN, losslab.SMOOTHING_BELOW))
        losslab.curve([1.0], smoothing=smoothing["minimum"])
        for bad in (smoothing["exclusiveMaximum"], smoothing["minimum"] - 1e-9):
            with self.assertRaisesRegex(ValueError, "smoothing"):
                losslab.curve([1.0], smoothing=bad)

    def test_nonfinite_spellings(self):
        value = resolve(variant("curves")["series"]["items"]["properties"]["values"]["items"])
        spellings = [s["enum"] for s in value["anyOf"] if "enum" in s]
        payload = losslab.curve([math.nan, math.inf, -math.inf]).payload
        self.assertEqual(payload["series"][0]["values"], spellings[0])


if __name__ == "__main__":
    unittest.main()
