import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zhibu.core.models import BaseModel

ROOT = Path(__file__).resolve().parents[3]


def settings_process(**env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("ZHIBU_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="zhibu.settings", ZHIBU_DATA_DIR="/tmp/zhibu-settings-test")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = settings_process(ZHIBU_DEBUG="false")
    assert result.returncode != 0 and "ZHIBU_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("ZHIBU_DEBUG", "maybe"), ("ZHIBU_TERM_YEARS_BRANCH", "three"), ("ZHIBU_FIELD_CIPHER", "des")]
)
def test_bad_configuration_values_name_the_variable(name, value):
    result = settings_process(**{"ZHIBU_DEBUG": "true", name: value})
    assert result.returncode != 0 and name in result.stderr


def test_database_url_selects_postgresql():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "zhibu.settings",
            "ZHIBU_DEBUG": "true",
            "ZHIBU_DATA_DIR": "/tmp/zhibu-settings-test",
            "ZHIBU_DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        },
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_every_domain_model_inherits_the_base_model():
    # the audit log is append-only; the user model is Django's; an anonymous ballot and the note that someone voted
    # carry no timestamps, so that neither can be matched to the other by time
    exempt = {
        "core.auditevent",
        "accounts.user",
        "secretary_reviews.ballot",
        "secretary_reviews.vote",
        "staff_reviews.ballot",
        "staff_reviews.vote",
    }
    offenders = [
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("zhibu.")
        and model._meta.label_lower not in exempt
        and not issubclass(model, BaseModel)
    ]
    assert offenders == []


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


# The complaint form and page take a secret; the public monthly summary shows only counts and rates per unit; the
# health probe answers only ok or fail (zhibu/ops/health.py).
ANONYMOUS_ALLOWED = {"accounts/login/", "complaints/track/", "complaints/summary/", "health/"}


def concrete(pattern: str) -> str:
    import re

    url = re.sub(r"<int:\w+>", "1", pattern)
    url = re.sub(r"<[^>]+>", "x", url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".").replace("(?P", "")


def test_no_page_is_reachable_anonymously_outside_the_allow_list(db):
    client = Client()
    reachable = []
    for pattern in all_patterns():
        if pattern in ANONYMOUS_ALLOWED or "(?P<format>" in pattern or "\\.(?P" in pattern:
            continue
        url = concrete(pattern)
        response = client.get(url)
        if response.status_code == 200:
            reachable.append(url)
    print(f"anonymous reachability: {len(list(all_patterns()))} patterns, {len(reachable)} reachable")
    assert reachable == []


def test_state_changes_need_a_csrf_token(tree, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["工委管理员"])
    response = client.post("/organizations/new/", {"name": "x"})
    assert response.status_code == 403 and "页面已过期" in response.content.decode()
    response = client.post(f"/organizations/{tree.a1.pk}/delete/")
    assert response.status_code == 403


def test_pages_have_no_inline_scripts_and_load_nothing_from_outside(tree, personas, client_as):
    client = client_as(personas["工委管理员"])
    for url in (
        "/",
        "/organizations/",
        f"/organizations/{tree.a1.pk}/",
        "/members/",
        "/committees/terms/",
        "/members/import/",
        "/accounts/profile/",
    ):
        page = client.get(url).content.decode()
        assert "<script>" not in page and "http://" not in page and "https://" not in page, url
        assert "style=" not in page, url


def test_content_security_policy_forbids_inline_code(personas, client_as):
    client = client_as(personas["工委管理员"])
    for url in ("/", "/api/v1/docs/", "/accounts/login/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy
        body = response.content.decode()
        assert "<script>" not in body and "<style>" not in body, url
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def test_openapi_schema_generates_without_warnings(tmp_path, db):  # meeting kinds are read for their enum
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/activities/{id}/sign/" in (tmp_path / "schema.yml").read_text()
