"""Runlens Python client: log metrics, params and final values of a run.

    import runlens
    runlens.log_params({"lr": 0.01})
    for epoch in range(10):
        runlens.log({"loss": loss, "acc": acc}, step=epoch)
    runlens.summary({"test_acc": 0.93})

Runs started by Runlens set RUNLENS_RUN_DIR; records go to $RUNLENS_RUN_DIR/metrics.jsonl in the
documented file protocol (docs/metrics-protocol.md). Without it every call is a silent no-op, so
a script runs unchanged on its own. Zero dependencies; Python 3.8+.
"""

import os
import time

from ._writer import Writer, plain

__all__ = ["log", "log_params", "summary", "flush", "run", "active", "run_id", "run_dir"]
__version__ = "0.1.0"

_RUN_DIR = os.environ.get("RUNLENS_RUN_DIR") or None
_RUN_ID = os.environ.get("RUNLENS_RUN_ID") or None
_w = None
if _RUN_DIR is not None:
    _w = Writer(os.path.join(_RUN_DIR, "metrics.jsonl"))
    _w.install()

_time = time.time


def log(metrics, step=None):
    """Logs metric values (a dict of name -> number) at an optional integer step.

    Costs about a microsecond: values are copied as plain numbers now (a tensor updated in place
    later keeps the value it had here) and buffered; encoding and writing happen in a flush
    every ~150 ms, at exit, and on SIGTERM/SIGINT. NaN and +/-inf are kept as such.
    """
    w = _w
    if w is None:
        return
    t = _time()
    values = plain(metrics)
    with w.lock:
        w.buf.append((t, step, values, None))
        if t >= w.deadline or len(w.buf) >= 8192:
            w.flush_locked()


def log_params(params):
    """Records params (a flat dict) the script chose itself, beside those Runlens passed in."""
    w = _w
    if w is None:
        return
    with w.lock:
        w.buf.append((_time(), None, dict(params), "params"))


def summary(values):
    """Records final values (e.g. {"test_acc": 0.93}); they show as the run's last values."""
    w = _w
    if w is None:
        return
    values = plain(values)
    with w.lock:
        w.buf.append((_time(), None, values, "summary"))


def flush():
    """Writes buffered records now (call it before os._exit in a forked child)."""
    if _w is not None:
        _w.flush()


def active():
    """True when this process runs under Runlens (records are kept), False when calls are no-ops."""
    return _w is not None


def run_id():
    """The id of the Runlens run this process belongs to, or None outside Runlens."""
    return _RUN_ID


def run_dir():
    """The run's directory in the store, or None outside Runlens."""
    return _RUN_DIR


class run:
    """Context manager around a script's work: logs `params` on entry and flushes on exit,
    whether the block ends normally or by an exception.

        with runlens.run(params={"lr": lr}):
            train()
    """

    def __init__(self, params=None):
        self._params = params

    def __enter__(self):
        if self._params:
            log_params(self._params)
        return self

    def __exit__(self, exc_type, exc, tb):
        flush()
        return False

    log = staticmethod(log)
    summary = staticmethod(summary)
