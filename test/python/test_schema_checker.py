"""The tiny schema checker (used where `jsonschema` is missing) agrees with jsonschema on the shared samples."""

import json
import os
import unittest

from support import REPO, SCHEMA, SchemaChecker, jsonschema

with open(os.path.join(REPO, "test", "fixtures", "notebooks", "figure-samples.json"), encoding="utf-8") as f:
    SAMPLES = json.load(f)


class TinyCheckerTest(unittest.TestCase):
    def test_samples(self):
        checker = SchemaChecker(SCHEMA)
        for v in SAMPLES["accepted"] + SAMPLES["parseFigureOnly"]:
            self.assertIsNone(checker.check(v), json.dumps(v))
        for v in SAMPLES["rejected"]:
            self.assertIsNotNone(checker.check(v), json.dumps(v))

    def test_refuses_unknown_keywords(self):
        with self.assertRaisesRegex(ValueError, "pattern"):
            SchemaChecker({"pattern": "^a"}).check("a")

    @unittest.skipIf(jsonschema is None, "jsonschema is not installed")
    def test_schema_is_valid_and_agrees_with_jsonschema(self):
        jsonschema.Draft202012Validator.check_schema(SCHEMA)
        checker = SchemaChecker(SCHEMA)
        validator = jsonschema.Draft202012Validator(SCHEMA)
        for group in ("accepted", "rejected", "parseFigureOnly"):
            for v in SAMPLES[group]:
                self.assertEqual(checker.check(v) is None, validator.is_valid(v), "%s: %s" % (group, json.dumps(v)))


if __name__ == "__main__":
    unittest.main()
