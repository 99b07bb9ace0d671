"""Helpers for the client tests: run a snippet in a fresh interpreter with the client on
PYTHONPATH (as Runlens runs it) and check lines against the file protocol's rules."""

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLIENT = os.path.join(ROOT, "src", "python")
NON_FINITE = {"NaN", "Infinity", "-Infinity"}


class RunDir:
    """A temporary run directory, removed on exit."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="runlens-py-")
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)

    @property
    def metrics_file(self):
        return os.path.join(self.path, "metrics.jsonl")

    def lines(self):
        if not os.path.exists(self.metrics_file):
            return []
        with open(self.metrics_file, "rb") as f:
            data = f.read()
        assert data == b"" or data.endswith(b"\n"), "file does not end with a newline"
        return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def env_for(run_dir):
    env = dict(os.environ)
    env["PYTHONPATH"] = CLIENT
    env.pop("RUNLENS_RUN_DIR", None)
    if run_dir is not None:
        env["RUNLENS_RUN_DIR"] = run_dir
        env["RUNLENS_RUN_ID"] = "test-run"
    return env


def script(code, run_dir, timeout=30, cwd=None):
    """Runs `code` in a new python3; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env_for(run_dir), capture_output=True, text=True, timeout=timeout, cwd=cwd,
    )


def spawn(code, run_dir, cwd=None):
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env_for(run_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
    )


def check_record(test, rec):
    """The rules record.ts applies (parseMetricRecord), restated for records the client writes."""
    test.assertIsInstance(rec, dict)
    test.assertIsInstance(rec.get("t"), float)
    test.assertTrue(math.isfinite(rec["t"]))
    kinds = [k for k in ("metrics", "params", "summary") if k in rec]
    test.assertEqual(len(kinds), 1, rec)
    body = rec[kinds[0]]
    test.assertIsInstance(body, dict)
    test.assertGreater(len(body), 0)
    if kinds[0] == "params":
        return
    step = rec.get("step")
    test.assertTrue(step is None or (isinstance(step, int) and not isinstance(step, bool)), rec)
    for name, v in body.items():
        test.assertTrue(0 < len(name) <= 200)
        ok = (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)) or v in NON_FINITE or isinstance(v, bool)
        test.assertTrue(ok, "bad value %r in %r" % (v, rec))
