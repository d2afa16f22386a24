import pytest
from django.test import Client

from zhibu.core import audit_guard
from zhibu.testing import build_personas, build_tree


@pytest.fixture(autouse=True)
def _audit_maintenance_closed():
    audit_guard._state.open = False


@pytest.fixture
def flushable_audit(transactional_db):
    """For transactional tests: the database flush after the test may empty the append-only audit table."""
    yield
    audit_guard._state.open = True


@pytest.fixture
def live_verdicts(settings):
    """Verdicts refreshed as records change, as in production (settings_test turns it off for speed)."""
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
