"""Shared by the helper's tests: import python/losslab.py, the figure schema (generated from\nsrc/protocol/figure.ts), and parseFigure via node."""

import json
import os
import shutil
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "python"))
sys.path.insert(0, os.path.dirname(__file__))

import jsonschema  # noqa: E402  Debian python3-jsonschema, installed with python3-nbclient (nbformat)
import losslab  # noqa: E402

with open(os.path.join(REPO, "media", "figure.schema.json"), encoding="utf-8") as f:
    SCHEMA = json.load(f)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def schema_error(payload):
    """The schema's complaint about payload, or None."""
    errors = list(VALIDATOR.iter_errors(payload))
    return errors[0].message if errors else None


def node_available():
    return shutil.which("node") is not None and os.path.isdir(os.path.join(REPO, "node_modules", "tsx"))


def parse_figures(payloads):
    """parseFigure (src/protocol/figure.ts) over payloads in one node process: a list of
    {"figure": ...} or {"error": ...}."""
    out = subprocess.run(
        ["node", "--import", "tsx", os.path.join("test", "python", "parse_figures.ts")],
        cwd=REPO, input=json.dumps(payloads, allow_nan=False), capture_output=True, text=True, timeout=120, check=False)
    if out.returncode != 0:
        raise RuntimeError("parse_figures.ts failed: %s" % out.stderr)
    return json.loads(out.stdout)
