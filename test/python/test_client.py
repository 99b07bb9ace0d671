"""Behaviour of the runlens client in real interpreters: no-op mode, the records it writes, NaN
and infinities, threads, the context manager, the background flush and pip installability."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from support import CLIENT, RunDir, check_record, script


class NoOpMode(unittest.TestCase):
    def test_every_call_is_a_silent_no_op_outside_runlens(self):
        with tempfile.TemporaryDirectory() as cwd:
            p = script(
                """
                import threading, runlens
                assert runlens.active() is False and runlens.run_id() is None and runlens.run_dir() is None
                with runlens.run(params={"lr": 0.1}):
                    for i in range(1000):
                        runlens.log({"loss": 1.0 / (i + 1)}, step=i)
                    runlens.log_params({"a": 1})
                    runlens.summary({"acc": 0.5})
                runlens.flush()
                assert threading.active_count() == 1, "no flush thread outside runlens"
                print("done")
                """,
                None, cwd=cwd,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.strip(), "done")
            self.assertEqual(p.stderr, "")
            self.assertEqual(os.listdir(cwd), [])


class Environment(unittest.TestCase):
    def test_frameworks_already_imported_are_reported_once_in_environment_json(self):
        with RunDir() as run:
            p = script(
                """
                import sys, types, runlens
                torch = types.ModuleType("torch")
                torch.__version__ = "2.3.1+cu121"
                torch.version = types.SimpleNamespace(cuda="12.1", hip=None)
                sys.modules["torch"] = torch
                runlens.log({"loss": 1.0}, step=0)
                runlens.flush()
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(os.path.join(run.path, "environment.json")) as f:
                self.assertEqual(json.load(f), {"torch": "2.3.1+cu121", "cuda": "12.1"})
            self.assertEqual(sorted(os.listdir(run.path)), ["environment.json", "metrics.jsonl"], "no temp file left")

    def test_nothing_is_written_or_imported_when_no_framework_was_imported(self):
        with RunDir() as run:
            p = script(
                """
                import sys, runlens
                runlens.log({"loss": 1.0}, step=0)
                runlens.flush()
                assert "torch" not in sys.modules and "numpy" not in sys.modules
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertFalse(os.path.exists(os.path.join(run.path, "environment.json")))


class Records(unittest.TestCase):
    def test_metrics_params_and_summary_lines_follow_the_protocol(self):
        with RunDir() as run:
            p = script(
                """
                import runlens
                assert runlens.active() and runlens.run_id() == "test-run"
                runlens.log_params({"lr": 0.01, "layers": [64, 32], "name": "x"})
                for i in range(5):
                    runlens.log({"loss": 1.0 / (i + 1), "epoch_int": i}, step=i)
                runlens.log({"no_step": 1.5})
                runlens.log({})
                runlens.summary({"test_acc": 0.93})
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()
            for rec in recs:
                check_record(self, rec)
            self.assertEqual(recs[0]["params"], {"lr": 0.01, "layers": "[64, 32]", "name": "x"})
            self.assertEqual([r["step"] for r in recs[1:6]], [0, 1, 2, 3, 4])
            self.assertEqual(recs[3]["metrics"], {"loss": 1.0 / 3, "epoch_int": 2})
            self.assertEqual(recs[6], {"t": recs[6]["t"], "step": None, "metrics": {"no_step": 1.5}})
            self.assertEqual(recs[7]["summary"], {"test_acc": 0.93})
            self.assertEqual(len(recs), 8, "an empty log writes nothing")

    def test_nan_and_infinities_are_written_as_strings_and_junk_is_skipped(self):
        with RunDir() as run:
            p = script(
                """
                import runlens, fractions
                class Scalar:  # like a numpy scalar or a 0-d tensor
                    def __float__(self): return 2.5
                runlens.log({"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "ok": 1.0}, step=1)
                runlens.log({"obj": Scalar(), "frac": fractions.Fraction(1, 4), "flag": True, "text": "hi"}, step=2)
                runlens.log({"text": "only junk"}, step=3)
                runlens.log({"a": 1.0}, step=4.0)
                runlens.log({"b": 1.0}, step="x")
                runlens.log({("t", 1): 3.0}, step=5)
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()
            for rec in recs:
                check_record(self, rec)
            self.assertEqual(recs[0]["metrics"], {"nan": "NaN", "inf": "Infinity", "ninf": "-Infinity", "ok": 1.0})
            self.assertEqual(recs[1]["metrics"], {"obj": 2.5, "frac": 0.25, "flag": True})
            self.assertEqual(recs[2]["step"], 4)
            self.assertEqual(recs[3]["step"], None)
            self.assertEqual(recs[4]["metrics"], {"('t', 1)": 3.0})
            self.assertEqual(len(recs), 5, "a record with no number in it is dropped")
            self.assertIn("metric 'text' is not a number (str)", p.stderr)
            self.assertEqual(p.stderr.count("'text'"), 1, "each problem is reported once")

    def test_user_dict_is_copied_at_log_time(self):
        with RunDir() as run:
            p = script(
                """
                import runlens
                m = {"loss": 1.0}
                runlens.log(m, step=0)
                runlens.log(m, step=1)
                m["loss"] = 99.0
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual([r["metrics"]["loss"] for r in run.lines()], [1.0, 1.0])

    def test_a_tensor_updated_in_place_is_recorded_with_its_value_at_log_time(self):
        # Like a 0-d torch tensor holding a moving average: the same object is updated in place
        # after every log(), and flushes happen later (in a batch, or at exit).
        with RunDir() as run:
            p = script(
                """
                import runlens
                class Tensor0d:
                    def __init__(self, v): self.v = v
                    def __float__(self): return self.v
                    def mul_add_(self, a, b): self.v = self.v * a + b
                class Matrix:  # float() fails like a tensor of several elements
                    def __float__(self): raise RuntimeError("only one element tensors can be converted")
                ema = Tensor0d(1.0)
                best = Tensor0d(0.5)
                for i in range(5):
                    runlens.log({"ema": ema, "w": Matrix()}, step=i)
                    ema.mul_add_(0.5, 1.0)
                runlens.summary({"best": best})
                best.v = 7.0
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()
            self.assertEqual([r["metrics"]["ema"] for r in recs[:5]], [1.0, 1.5, 1.75, 1.875, 1.9375])
            self.assertEqual(recs[5]["summary"], {"best": 0.5})
            self.assertIn("metric 'w' is not a number (Matrix)", p.stderr)


class Concurrency(unittest.TestCase):
    def test_threads_log_concurrently_without_loss_or_interleaving(self):
        with RunDir() as run:
            p = script(
                """
                import threading, runlens
                def work(k):
                    for i in range(5000):
                        runlens.log({"thread": k, "i": i}, step=i)
                ts = [threading.Thread(target=work, args=(k,)) for k in range(8)]
                for t in ts: t.start()
                for t in ts: t.join()
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()  # json.loads of every line: an interleaved line would fail here
            self.assertEqual(len(recs), 40000)
            seen = {(r["metrics"]["thread"], r["metrics"]["i"]) for r in recs}
            self.assertEqual(len(seen), 40000)


class Flushing(unittest.TestCase):
    def test_background_flush_makes_records_visible_while_the_script_runs(self):
        with RunDir() as run:
            p = script(
                """
                import os, time, runlens
                runlens.log({"a": 1.0}, step=0)   # the first call flushes at once
                runlens.log({"a": 2.0}, step=1)   # buffered: written by the flush thread
                time.sleep(0.6)
                with open(os.path.join(runlens.run_dir(), "metrics.jsonl")) as f:
                    n = len(f.read().splitlines())
                print(n)
                os._exit(0)  # no atexit: only what was already flushed counts
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout.strip(), "2")

    def test_context_manager_flushes_on_exit_even_on_error(self):
        with RunDir() as run:
            p = script(
                """
                import os, runlens
                try:
                    with runlens.run(params={"lr": 0.5}):
                        runlens.log({"a": 1.0}, step=0)
                        runlens.log({"a": 2.0}, step=1)
                        raise RuntimeError("boom")
                except RuntimeError:
                    pass
                os._exit(0)
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()
            self.assertEqual(recs[0]["params"], {"lr": 0.5})
            self.assertEqual([r["step"] for r in recs[1:]], [0, 1])

    def test_many_records_are_flushed_by_size_and_at_exit(self):
        with RunDir() as run:
            p = script(
                """
                import runlens
                for i in range(100000):
                    runlens.log({"x": i * 0.5}, step=i)
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()
            self.assertEqual([r["step"] for r in recs], list(range(100000)))


class Packaging(unittest.TestCase):
    def test_pip_installs_the_client(self):
        with tempfile.TemporaryDirectory() as target, tempfile.TemporaryDirectory() as build:
            # --no-index: the in-tree build backend needs nothing from PyPI, so this works offline.
            p = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--target", target, CLIENT],
                capture_output=True, text=True, timeout=180, cwd=build,
                env=dict(os.environ, PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1"),
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            q = subprocess.run(
                [sys.executable, "-c", "import runlens, sys; print(runlens.__file__); print(runlens.active())"],
                capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=target),
            )
            self.assertEqual(q.returncode, 0, q.stderr)
            self.assertTrue(q.stdout.startswith(target), q.stdout)
            self.assertEqual(q.stdout.split()[-1], "False")


if __name__ == "__main__":
    unittest.main()
