"""The framework and accelerator versions a run used (torch and its CUDA or ROCm, TensorFlow, JAX,
NumPy), for the run's record: read from modules the script has already imported, never importing
one (that can take seconds), and written to $RUNLENS_RUN_DIR/environment.json, which the
supervisor merges into the run's versions (docs/metrics-protocol.md)."""

import json
import os
import sys

FILE = "environment.json"


def _attr(obj, *names):
    for name in names:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return str(obj) if obj else None


def versions():
    """{name: version} of the frameworks imported so far."""
    out = {}
    mods = sys.modules
    torch = mods.get("torch")
    if torch is not None:
        for key, path in (("torch", ("__version__",)), ("cuda", ("version", "cuda")), ("rocm", ("version", "hip"))):
            v = _attr(torch, *path)
            if v:
                out[key] = v
    for key, name in (("tensorflow", "tensorflow"), ("jax", "jax"), ("numpy", "numpy")):
        m = mods.get(name)
        v = _attr(m, "__version__") if m is not None else None
        if v:
            out[key] = v
    return out


def write(run_dir, found):
    """Replaces environment.json atomically (a reader never sees half a file)."""
    path = os.path.join(run_dir, FILE)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    try:
        with open(tmp, "w") as f:
            json.dump(found, f)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


class Reporter:
    """Writes the versions when a flush finds more frameworks imported than last time."""

    def __init__(self, run_dir):
        self.run_dir = run_dir
        self.count = 0

    def check(self):
        found = versions()
        if len(found) > self.count:
            self.count = len(found)
            write(self.run_dir, found)
