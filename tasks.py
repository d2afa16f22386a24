#!/usr/bin/env python3
"""zhibu set-up and test runner. Needs only Python 3.11+ (standard library): it makes the virtual environment itself.

python3 tasks.py demo     # venv, install, migrate SQLite under var/, demo data, serve on http://127.0.0.1:8000
python3 tasks.py test     # venv, install, run the test suite in parallel (SQLite unless ZHIBU_DATABASE_URL is set);
                          # --all adds the slow tests (demo builds, the crawl, raw-database scans), as CI does
python3 tasks.py boundaries   # the suite again with the test clock at each period boundary (CI runs it)
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def run(*args, env=None):
    print("$", " ".join(str(arg) for arg in args), flush=True)
    completed = subprocess.run([str(arg) for arg in args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_venv():
    if sys.version_info < (3, 11):
        sys.exit("zhibu 需要 Python 3.11 或更高版本 / zhibu needs Python 3.11+")
    if not PYTHON.exists():
        print("创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[dev]")
        STAMP.write_text(wanted)


def dev_env():
    env = dict(os.environ)
    env.setdefault("ZHIBU_DEBUG", "true")
    return env


def demo():
    ensure_venv()
    env = dev_env()
    run(PYTHON, "manage.py", "migrate", "--verbosity", "0", env=env)
    run(PYTHON, "manage.py", "demo", env=env)
    print("\n打开 http://127.0.0.1:8000 ，用上面的演示账号登录（Ctrl+C 停止）。", flush=True)
    run(PYTHON, "manage.py", "runserver", "127.0.0.1:8000", env=env)


# Moments (Asia/Shanghai) at which period arithmetic most often goes wrong: the last half hour of a year, the first of
# the next (still the old year in UTC), a quarter's last evening and the middle of the last day of a half-year.
BOUNDARIES = ("2026-12-31T23:30", "2027-01-01T00:30", "2026-03-31T23:30", "2026-06-30T12:00")


def test(extra):
    ensure_venv()
    run(PYTHON, "-m", "pytest", "-n", os.environ.get("ZHIBU_TEST_WORKERS", "auto"), *extra)


def boundaries(extra):
    """The tests marked any_clock (their outcome does not depend on the date) ran in the plain run; not again here."""
    ensure_venv()
    selection = [] if "-m" in extra else ["-m", "not any_clock"]
    for moment in BOUNDARIES:
        print(f"== test clock at {moment} Asia/Shanghai", flush=True)
        env = dict(os.environ, ZHIBU_TEST_NOW=moment)
        run(PYTHON, "-m", "pytest", "-n", os.environ.get("ZHIBU_TEST_WORKERS", "auto"), *selection, *extra, env=env)


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "demo":
        demo()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "boundaries":
        boundaries(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
