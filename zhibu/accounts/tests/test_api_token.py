"""The README's API example, run as written: a token issued in 个人中心 → 接口令牌, then curl with
``Authorization: Token …``."""

import re
import shlex
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from zhibu.testing import PASSWORD

# Pasted in README.md (API section); keep the two in step.
README_CURL = 'curl -H "Authorization: Token $TOKEN" "http://127.0.0.1:8000/api/v1/members/?page=1"'


def run_curl(command: str, token: str):
    """Runs a README curl line through the test client: its header and path exactly as written."""
    words = shlex.split(command.replace("$TOKEN", token))
    assert words[0] == "curl"
    headers = dict(words[index + 1].split(": ", 1) for index, word in enumerate(words) if word == "-H")
    url = words[-1]
    path = url.split("://", 1)[1].split("/", 1)[1]
    extra: dict[str, Any] = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    return APIClient().get("/" + path, **extra)


def test_the_readme_token_example_works(personas):
    browser = Client()
    assert browser.login(username="secretary_a1", password=PASSWORD)
    assert "接口令牌" in browser.get(reverse("accounts:profile")).content.decode()
    assert "生成新令牌" in browser.get(reverse("accounts:token_list")).content.decode()
    issued = browser.post(reverse("accounts:token_create"), {"name": "README", "scope": "read", "days": 90})
    token = re.search(r'<code class="token">([0-9a-f]{40})</code>', issued.content.decode()).group(1)
    assert README_CURL in (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    listed = run_curl(README_CURL, token)
    assert listed.status_code == 200
    names = {row["name"] for row in listed.json()["results"]}
    assert "普通党员甲" in names  # the secretary's branch, and only what the secretary sees
    assert run_curl(README_CURL, "0" * 40).status_code == 401
    revoke = re.search(
        r'action="(/accounts/tokens/\d+/revoke/)"', browser.get(reverse("accounts:token_list")).content.decode()
    )
    browser.post(revoke.group(1))  # a revoked token ends at once
    assert run_curl(README_CURL, token).status_code == 401
