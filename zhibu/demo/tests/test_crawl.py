"""Every link and button a demo persona sees works for that persona (``pytest -m crawl``).

The demo is built once; each persona of the README's table then starts from the home page and follows every
same-site link, htmx GET and GET form breadth-first, and presses every button that posts (undone at once)."""

import pytest
from django.core.management import call_command
from django.test import Client

from zhibu.accounts.models import User
from zhibu.demo.tests.crawler import crawl

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

# The README's demo accounts; dangwei3 and dangwei4 hold the same role as dangwei2 over other agencies.
PERSONAS = [
    "gongwei",
    "dangwei",
    "shuji",
    "dangwu",
    "jijian",
    "dangyuan",
    "shuji2",
    "xitong",
    "anquan",
    "shenji",
    "dangan",
    "dangwei2",
]
# What each kind of persona must at least reach, so that a crawl stopped early (a broken home page, a lost session)
# cannot pass for a clean one.
AT_LEAST = {"gongwei": 80, "dangwei": 80, "shuji": 60, "dangyuan": 15, "xitong": 30, "shenji": 5}


def test_every_link_and_button_a_demo_persona_sees_works(db, capsys):
    call_command("demo", seed=11)
    capsys.readouterr()
    defects, reached = [], {}
    for username in PERSONAS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        result = crawl(client, username)
        defects += result.defects
        reached[username] = result.pages
    assert not defects, "死链接或用不了的按钮：\n" + "\n".join(str(defect) for defect in defects)
    short = {name: reached[name] for name, least in AT_LEAST.items() if reached[name] < least}
    assert not short, f"爬取的页面过少（{short}）：首页或登录状态可能出了问题"
