"""Settings for the test suite: the production settings with a fixed key and a fast hasher."""

import os

os.environ.setdefault("ZHIBU_DEBUG", "false")
os.environ.setdefault("ZHIBU_SECRET_KEY", "test-only-" + "k" * 50)
os.environ.setdefault("ZHIBU_SECURE", "false")
os.environ.setdefault("ZHIBU_REQUIRE_OTP", "false")  # the second-factor tests switch it on
os.environ.setdefault(
    "ZHIBU_FIELD_KEYS",
    '{"active": 1, "keys": {"1": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "2": "f0e0d0c0b0a09080706050403020100f0e0d0c0b0a0908070605040302010000"},'
    ' "index_key": "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"}',
)

os.environ.setdefault("ZHIBU_AUDIT_CHECKPOINT_KEY", "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf")

from zhibu.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ALLOW_DEMO = True
# Tests render templates without running collectstatic first: no manifest to look names up in.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Verdicts refresh as records change, as in production, so a failing refresh listener fails the test that triggers it.
# A test that must not refresh says why with ``@pytest.mark.no_live_refresh("…")`` (conftest.py).
STANDARDS_LIVE_REFRESH = True
# The public complaint form's proof-of-work: a few hashes, so that tests (and the phone browser test) solve it at once.
COMPLAINT_POW_MAX_NUMBER = 20

import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="zhibu-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="zhibu-test-static-"))  # WhiteNoise warns about a missing one

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production: an in-memory database shares one cache between connections and answers a second
    # writer with "table is locked" at once instead of waiting, so concurrency tests would test the wrong thing.
    # In memory-backed /dev/shm where the machine has it, and without fsync: a test database need not survive a power
    # cut, and each worker's migrations and each transactional test's flush then cost no disk waits.
    _shm = Path("/dev/shm")
    _db_dir = tempfile.mkdtemp(
        prefix="zhibu-test-db-", dir=_shm if _shm.is_dir() and os.access(_shm, os.W_OK) else None
    )
    atexit.register(shutil.rmtree, _db_dir, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_db_dir) / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;"
    )

# A second alias standing for a streaming replica: in tests it reads the default test database (Django's test mirror),
# and nothing uses it until a test installs the replica router (zhibu/core/tests/test_db_routing.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
