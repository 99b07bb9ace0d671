"""The client across processes: fork (no duplicated buffers), multiprocessing workers, and
termination by SIGTERM/SIGINT (buffered records still written, previous handlers still run)."""

import os
import signal
import textwrap
import time
import unittest

from support import RunDir, check_record, script, spawn


def wait_ready(proc):
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise AssertionError("child not ready: %r %r" % (line, proc.stderr.read()))


class Fork(unittest.TestCase):
    def test_child_starts_with_an_empty_buffer_and_both_sides_are_written_once(self):
        with RunDir() as run:
            p = script(
                """
                import os, runlens
                runlens.log({"who": 0.0}, step=-1)           # flushed at once (first call)
                for i in range(50):
                    runlens.log({"who": 0.0}, step=i)        # buffered in the parent
                pid = os.fork()
                if pid == 0:
                    for i in range(50):
                        runlens.log({"who": 1.0}, step=1000 + i)
                    runlens.flush()
                    os._exit(0)
                _, status = os.waitpid(pid, 0)
                assert status == 0
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()
            parent = sorted(r["step"] for r in recs if r["metrics"]["who"] == 0.0)
            child = sorted(r["step"] for r in recs if r["metrics"]["who"] == 1.0)
            self.assertEqual(parent, list(range(-1, 50)))
            self.assertEqual(child, list(range(1000, 1050)))

    def test_multiprocessing_fork_workers_flush_when_they_exit(self):
        with RunDir() as run:
            p = script(
                """
                import multiprocessing as mp, runlens
                def work(k):
                    for i in range(200):
                        runlens.log({"worker": float(k)}, step=k * 1000 + i)
                    return k
                if __name__ == "__main__":
                    runlens.log({"main": 1.0}, step=0)
                    with mp.get_context("fork").Pool(3) as pool:
                        assert sorted(pool.map(work, range(6))) == list(range(6))
                        pool.close()
                        pool.join()
                """,
                run.path,
            )
            self.assertEqual(p.returncode, 0, p.stderr)
            recs = run.lines()
            for rec in recs:
                check_record(self, rec)
            steps = sorted(r["step"] for r in recs if "worker" in r["metrics"])
            self.assertEqual(steps, sorted(k * 1000 + i for k in range(6) for i in range(200)))


class Signals(unittest.TestCase):
    LOG_THEN_WAIT = """
        import sys, time, runlens
        runlens.log({"x": 0.0}, step=0)
        for i in range(1, 101):
            runlens.log({"x": float(i)}, step=i)
        print("ready", flush=True)
        time.sleep(30)
        """

    def test_sigterm_flushes_then_dies_by_the_signal(self):
        with RunDir() as run:
            proc = spawn(self.LOG_THEN_WAIT, run.path)
            wait_ready(proc)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
            self.assertEqual(proc.returncode, -signal.SIGTERM)
            self.assertEqual([r["step"] for r in run.lines()], list(range(101)))
            proc.stdout.close()
            proc.stderr.close()

    def test_sigint_flushes_and_still_raises_keyboard_interrupt(self):
        with RunDir() as run:
            # "ready" is printed inside the try, so the signal cannot land before it.
            code = self.LOG_THEN_WAIT.replace('print("ready", flush=True)\n', "").replace("time.sleep(30)", """
        try:
            print("ready", flush=True)
            time.sleep(30)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(130)
        """)
            proc = spawn(code, run.path)
            wait_ready(proc)
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=10)
            self.assertEqual(proc.returncode, 130)
            self.assertIn("interrupted", out)
            self.assertEqual([r["step"] for r in run.lines()], list(range(101)))

    def test_a_handler_installed_before_import_is_chained(self):
        with RunDir() as run:
            marker = os.path.join(run.path, "handled")
            prelude = textwrap.dedent("""
                import os, signal, sys
                def mine(signum, frame):
                    open(%r, "w").close()
                    os._exit(3)
                signal.signal(signal.SIGTERM, mine)
                """ % marker)
            proc = spawn(prelude + textwrap.dedent(self.LOG_THEN_WAIT), run.path)
            wait_ready(proc)
            time.sleep(0.05)
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=10)
            self.assertEqual(proc.returncode, 3)
            self.assertTrue(os.path.exists(marker))
            self.assertEqual([r["step"] for r in run.lines()], list(range(101)))


if __name__ == "__main__":
    unittest.main()
