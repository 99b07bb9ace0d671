"""The buffered appender behind the runlens API: keeps records in memory and writes them as
metrics.jsonl lines (the Runlens file protocol) in one os.write per flush, from any thread,
across fork, at exit and on SIGTERM/SIGINT. Values are made plain numbers when logged (`plain`);
encoding to JSON happens at flush, never per call."""

import atexit
import json
import os
import signal
import sys
import threading
import time

from ._environment import Reporter

FLUSH_INTERVAL = 0.15  # seconds between flushes while records arrive: "live" without a write per call
MAX_BUFFERED = 8192  # records; a flush is forced beyond this so memory stays bounded
_INF = float("inf")


def _number(v):
    """A JSON-able number for a metric value; None when it is not a number."""
    if v is True or v is False or type(v) is int:
        return v
    try:
        f = float(v)  # numpy scalars, 0-d tensors, Decimal, Fraction...
    except (TypeError, ValueError):
        return None
    if f != f:
        return "NaN"
    if f == _INF:
        return "Infinity"
    if f == -_INF:
        return "-Infinity"
    return f


class Skipped:
    """Stands in for a logged value that is not a number, so the buffer keeps its type name for
    the warning at flush but never the object itself (a tensor and its autograd graph)."""

    __slots__ = ("type_name",)

    def __init__(self, type_name):
        self.type_name = type_name


def plain(values):
    """A copy of `values` holding plain numbers, taken at log time: a 0-d tensor or numpy scalar
    the script updates in place after log() is recorded with the value it had when logged."""
    out = {}
    for k, v in values.items():
        tv = type(v)
        if tv is float or tv is int or tv is bool:
            out[k] = v
            continue
        try:
            out[k] = float(v)  # numpy scalars, 0-d tensors, Decimal, Fraction...
        except Exception:  # TypeError, ValueError, a tensor of several elements (RuntimeError)...
            out[k] = Skipped(tv.__name__)
    return out


def _param(v):
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return _number(v)
    return str(v)


_encode = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode


def _hook_multiprocessing_exit(writer):
    # multiprocessing children leave through os._exit, skipping atexit; its finalizers do run.
    sys.modules["multiprocessing.util"].Finalize(None, writer.flush, exitpriority=100)


class Writer:
    """Owns the buffer, the lock and the O_APPEND file descriptor of one process."""

    def __init__(self, path):
        self.path = path
        self.environment = Reporter(os.path.dirname(path))
        self.fd = None
        self.lock = threading.RLock()
        self.buf = []
        self.deadline = 0.0  # first call flushes at once (and starts the flush thread)
        self.thread = None
        self.warned = set()
        self.templates = {}
        self._fork_locked = False
        self._mp_hooked = False

    # -- encoding (at flush time only) ---------------------------------------------------------
    def _warn(self, key, message):
        if key not in self.warned:
            self.warned.add(key)
            print("runlens: " + message, file=sys.stderr)

    def _values(self, values):
        """JSON for a dict of metric values, cleaned of what is not a number; None when empty."""
        clean = {}
        for k, v in values.items():
            n = None if type(v) is Skipped else _number(v)
            if n is None:
                name = v.type_name if type(v) is Skipped else type(v).__name__
                self._warn(("type", k), "metric %r is not a number (%s); skipped" % (k, name))
            else:
                clean[str(k)] = n
        return _encode(clean) if clean else None

    def _template(self, keys):
        # One %-template per set of metric names: formatting floats with %r (shortest round-trip
        # repr, valid JSON for finite values) is several times cheaper than a json encode call.
        if len(self.templates) > 1000:
            self.templates.clear()
        tpl = None
        if all(type(k) is str for k in keys):
            fields = ",".join(_encode(k) + ":%r" for k in keys)
            tpl = '{"t":%.6f,"step":%s,"metrics":{' + fields + "}}\n"
        self.templates[keys] = tpl
        return tpl

    def _fast_line(self, t, step, values):
        """The common case (str names, finite float/int values, int step) or None."""
        keys = tuple(values)
        tpl = self.templates.get(keys, False)
        if tpl is False:
            tpl = self._template(keys)
        if tpl is None or not (step is None or type(step) is int):
            return None
        vals = tuple(values.values())
        for v in vals:
            tv = type(v)
            if tv is float:
                if v - v != 0.0:  # NaN or +/-inf
                    return None
            elif tv is not int:
                return None
        return tpl % ((t, "null" if step is None else step) + vals)

    def _line(self, rec):
        t, step, values, kind = rec
        if not values:
            return ""
        if kind is None:
            line = self._fast_line(t, step, values)
            if line is not None:
                return line
        if kind == "params":
            clean = {str(k): _param(v) for k, v in values.items()}
            return '{"t":%.6f,"params":%s}\n' % (t, _encode(clean))
        body = self._values(values)
        if body is None:
            return ""
        if step is None:
            s = "null"
        elif type(step) is int:
            s = str(step)
        else:
            try:
                s = str(int(step))
            except (TypeError, ValueError, OverflowError):
                self._warn(("step", type(step)), "step %r is not an integer; logged without a step" % (step,))
                s = "null"
        key = "summary" if kind == "summary" else "metrics"
        return '{"t":%.6f,"step":%s,"%s":%s}\n' % (t, s, key, body)

    # -- flushing ------------------------------------------------------------------------------
    def flush_locked(self):
        """Writes every buffered record; the caller holds self.lock."""
        self.deadline = time.time() + FLUSH_INTERVAL
        if self.thread is None:
            self._start_thread()
        buf = self.buf
        if not buf:
            return
        self.buf = []
        data = "".join([self._line(r) for r in buf]).encode("utf-8", "replace")
        try:
            if self.fd is None:
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                self.fd = os.open(self.path, flags, 0o644)
            # One write per flush: O_APPEND makes it land whole, never interleaved with other
            # processes' lines. A short write (disk full, signal) is finished, not dropped.
            while data:
                data = data[os.write(self.fd, data):]
        except OSError as e:
            self._warn("io", "cannot write %s (%s); metrics are being dropped" % (self.path, e))
        # Frameworks are imported before the first log call, so this finds them at the first flush.
        self.environment.check()

    def flush(self):
        with self.lock:
            self.flush_locked()

    def _start_thread(self):
        # Flushes records a script logged before going quiet (a long eval, a sleep), so a live
        # view never waits for the next log call.
        thread = threading.Thread(target=self._loop, name="runlens-flush", daemon=True)
        self.thread = thread
        thread.start()

    def _loop(self):
        me = threading.current_thread()
        while self.thread is me:
            time.sleep(FLUSH_INTERVAL)
            if self.buf and self.thread is me:
                self.flush()

    # -- process events ------------------------------------------------------------------------
    def before_fork(self):
        mp_util = sys.modules.get("multiprocessing.util")
        if mp_util is not None and not self._mp_hooked:
            # multiprocessing clears its finalizers in a new Process after our fork hook ran,
            # then calls its own after-fork hooks: register the exit flush from there.
            self._mp_hooked = True
            mp_util.register_after_fork(self, _hook_multiprocessing_exit)
        self._fork_locked = self.lock.acquire(timeout=5)

    def after_fork_in_parent(self):
        if self._fork_locked:
            self._fork_locked = False
            self.lock.release()

    def after_fork_in_child(self):
        # The child starts empty: the parent's buffered records are the parent's to write.
        self.lock = threading.RLock()
        self._fork_locked = False
        self.buf = []
        self.thread = None
        self.deadline = 0.0

    def install(self):
        """Hooks exit, fork and termination signals so buffered records are never lost."""
        atexit.register(self.flush)
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(
                before=self.before_fork,
                after_in_parent=self.after_fork_in_parent,
                after_in_child=self.after_fork_in_child,
            )
        if threading.current_thread() is threading.main_thread():
            for name in ("SIGTERM", "SIGINT", "SIGHUP"):
                sig = getattr(signal, name, None)
                if sig is not None:
                    self._chain_signal(sig)

    def _chain_signal(self, sig):
        previous = signal.getsignal(sig)
        if previous is None or previous is signal.SIG_IGN:
            return  # installed outside Python, or ignored on purpose: leave it alone

        def handler(signum, frame):
            self.flush()
            if callable(previous):
                return previous(signum, frame)
            # The default action: restore it and re-raise so the parent sees a death by signal.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return None

        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):
            pass
