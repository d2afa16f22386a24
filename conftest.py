import pytest
from django.test import Client

from zhibu.testing import build_personas, build_tree


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
