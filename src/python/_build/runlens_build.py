"""A zero-dependency PEP 517 build backend for the runlens client, so `pip install src/python`
works offline (air-gapped clusters, CI without PyPI): the package is a few pure-Python files and
needs no setuptools or wheel to be packed. Implements wheel, sdist and editable (PEP 660) builds."""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "runlens"
SUMMARY = "Runlens client: log metrics, params and final values of runs tracked by Runlens (no-op outside Runlens)."
TAG = "py3-none-any"


def _version():
    with open(os.path.join(ROOT, NAME, "__init__.py"), encoding="utf-8") as f:
        return re.search(r'^__version__ = "([^"]+)"', f.read(), re.M).group(1)


def _metadata():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return (
        "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\nLicense: MIT\n"
        "Requires-Python: >=3.8\nDescription-Content-Type: text/markdown\n\n%s"
    ) % (NAME, _version(), SUMMARY, readme)


def _package_files():
    pkg = os.path.join(ROOT, NAME)
    return sorted(n for n in os.listdir(pkg) if n.endswith(".py"))


def _write_wheel(directory, files):
    """Writes a wheel holding `files` ({archive path: bytes}) plus its dist-info; returns its name."""
    dist_info = "%s-%s.dist-info" % (NAME, _version())
    files = dict(files)
    files[dist_info + "/METADATA"] = _metadata().encode("utf-8")
    files[dist_info + "/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: runlens_build\nRoot-Is-Purelib: true\nTag: %s\n" % TAG
    ).encode("ascii")
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
        record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
    record.append(dist_info + "/RECORD,,")
    files[dist_info + "/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")
    name = "%s-%s-%s.whl" % (NAME, _version(), TAG)
    with zipfile.ZipFile(os.path.join(directory, name), "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files.items():
            zf.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {}
    for name in _package_files():
        with open(os.path.join(ROOT, NAME, name), "rb") as f:
            files["%s/%s" % (NAME, name)] = f.read()
    return _write_wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth line puts the source folder on sys.path: edits to the client apply at once.
    return _write_wheel(wheel_directory, {"_runlens_editable.pth": (ROOT + "\n").encode("utf-8")})


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (NAME, _version())
    name = base + ".tar.gz"
    paths = ["pyproject.toml", "README.md", "_build/runlens_build.py"] + ["%s/%s" % (NAME, n) for n in _package_files()]
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for rel in paths:
            tar.add(os.path.join(ROOT, rel), arcname="%s/%s" % (base, rel))
        info = tarfile.TarInfo("%s/PKG-INFO" % base)
        data = _metadata().encode("utf-8")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return name
