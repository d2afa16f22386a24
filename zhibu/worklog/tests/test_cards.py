"""The yellow and red cards counted on the 工委/党委 home page, each a link to the ledger filtered the same way; the
count follows the same thresholds as the task page's badge and sees only the reader's subtree."""

import pytest

from zhibu.worklog.models import Task
from zhibu.worklog.tests.ledger import D, accepted_task, plan_with_task


@pytest.mark.clock("2026-08-20T10:00")
def test_the_home_page_counts_cards_and_links_to_the_filtered_ledger(tree, personas, client_as):
    # Deadline 2026-06-30 → 51 days late: red; a second task due 2026-08-01 → 19 days late: yellow.
    accepted_task(tree.a, tree.a1)
    plan, _task = plan_with_task(tree.a, tree.a2, deadline=D(2026, 8, 1), title="专项要点")
    plan_with_task(tree.b, tree.b1, title="B的要点")  # another committee's red card, not counted for 党委A
    client = client_as(personas["党委管理员A"])
    home = client.get(f"/?org={tree.a.pk}")
    cards = home.context["worklog_cards"]
    assert (cards["yellow"]["count"], cards["red"]["count"]) == (1, 1)
    assert "工作任务黄牌" in home.content.decode()
    red = client.get(cards["red"]["url"])
    assert [row.owner for row in red.context["page"].object_list] == [tree.a1]
    listed = client.get("/api/v1/worklog-tasks/?card=yellow").json()["results"]
    assert [row["owner"] for row in listed] == [tree.a2.pk]
    assert Task.objects.count() == 3
