import datetime
import os
import tempfile
import uuid
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client

from zhibu import testing_replay
from zhibu.core import audit_guard, crypto
from zhibu.core.derived import changes_collected
from zhibu.testing import build_personas, build_tree

# Every test runs at one fixed moment, never at today's date: ZHIBU_TEST_NOW (local time in Asia/Shanghai) sets it,
# and `tasks.py boundaries` (which .ci/run runs) repeats the suite at the period boundaries (year, quarter, half-year
# ends).
DEFAULT_TEST_NOW = "2026-11-16T10:00"


def local_moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


TEST_NOW = local_moment(os.environ.get("ZHIBU_TEST_NOW") or DEFAULT_TEST_NOW)
_session_clock = None


def pytest_configure(config):
    # Started before collection, so module-level values computed from the clock see the fixed moment too.
    global _session_clock
    _session_clock = time_machine.travel(TEST_NOW, tick=True)
    _session_clock.start()


def pytest_addoption(parser):
    parser.addoption(
        "--all",
        action="store_true",
        default=False,
        help="also run the tests marked slow (demo builds, the demo crawl, raw-database scans); CI runs them",
    )


def _left_out(config, item) -> bool:
    """The schema fuzz and the browser tests run only when a -m expression names them; the slow tests only with --all
    or -m slow."""
    expression = config.option.markexpr or ""
    for named_only in ("fuzz", "browser"):
        if item.get_closest_marker(named_only) is not None:
            return named_only not in expression
    if item.get_closest_marker("slow") is not None:
        return not (config.getoption("--all") or "slow" in expression)
    return False


def pytest_itemcollected(item):
    """A test that sets its own clock runs at that moment whatever ZHIBU_TEST_NOW says: the boundary runs would only
    repeat it, so it counts as any_clock (run once by the plain runs)."""
    if item.get_closest_marker("clock") is not None and item.get_closest_marker("any_clock") is None:
        item.add_marker(pytest.mark.any_clock)


def pytest_collection_modifyitems(config, items):
    left_out = [item for item in items if _left_out(config, item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not _left_out(config, item)]


def pytest_unconfigure(config):
    if _session_clock is not None:
        _session_clock.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """A test's fixtures (the organisation tree, the personas, each test's own records) refresh the verdicts once, when
    they are all built, instead of after every write: the verdicts end the same (``test_changes_collected.py``) and the
    suite spends its time on the tests. The test itself runs with the refresh after each change, as in production."""
    with changes_collected():
        return (yield)


def pytest_report_header(config):
    return f"zhibu test clock: {TEST_NOW:%Y-%m-%d %H:%M} Asia/Shanghai (ZHIBU_TEST_NOW)"


@pytest.fixture(autouse=True)
def fixed_clock(request):
    """Each test starts at TEST_NOW; the clock then runs, so elapsed-time checks still see time pass.

    A test about one calendar situation (say, a year's records judged in its November) says so with
    ``@pytest.mark.clock("2026-11-16T10:00")`` and keeps that moment whatever ZHIBU_TEST_NOW is; a test may also
    travel further itself (``time_machine.travel`` nests)."""
    marker = request.node.get_closest_marker("clock")
    moment = local_moment(marker.args[0]) if marker else TEST_NOW
    with time_machine.travel(moment, tick=True) as traveller:
        testing_replay.started_at = moment
        yield traveller
    testing_replay.started_at = None


_KEYRING = crypto.keyring  # a test may monkeypatch the module's name; the cache belongs to this function


@pytest.fixture(autouse=True)
def _fresh_keyring():
    """A test that points the field keys elsewhere leaves no key ring cached from them for the next test (this runs
    after the settings fixture has put the settings back)."""
    yield
    _KEYRING.cache_clear()


@pytest.fixture(autouse=True)
def _audit_maintenance_closed():
    audit_guard._state.open = False


_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="zhibu-test-checkpoints-"))


@pytest.fixture(autouse=True)
def _own_checkpoint_file(settings):
    """Each test's audit rows vanish with its transaction, so each test keeps its signed checkpoints apart too."""
    settings.AUDIT_CHECKPOINT_FILE = _CHECKPOINT_DIR / f"{uuid.uuid4().hex}.log"


@pytest.fixture
def flushable_audit(transactional_db):
    """For transactional tests: the database flush after the test may empty the append-only audit table. On
    PostgreSQL the flush truncates, which the guard allows only on an empty table, so the rows go first, oldest
    first, inside zhibu's own maintenance window."""
    yield
    audit_guard._state.open = True
    if connection.vendor == "postgresql":
        with transaction.atomic(), audit_guard.maintenance_window(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent")


@pytest.fixture(autouse=True)
def _live_refresh(request, settings):
    """Live verdict refresh is on, as in production, unless a test says why not with ``no_live_refresh``."""
    marker = request.node.get_closest_marker("no_live_refresh")
    if marker is not None:
        if not (marker.args and str(marker.args[0]).strip()):
            raise pytest.UsageError(f"{request.node.nodeid}: no_live_refresh needs the reason")
        settings.STANDARDS_LIVE_REFRESH = False


@pytest.fixture
def live_verdicts(settings):
    """Marks a test that reads verdicts kept fresh by the live refresh (on by default; this keeps it on even under
    ``no_live_refresh`` on an enclosing class or module)."""
    settings.STANDARDS_LIVE_REFRESH = True


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def personas(tree):
    return build_personas(tree)


@pytest.fixture
def client_as():
    """client_as(user) → a test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
