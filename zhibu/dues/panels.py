from django.utils import timezone

from zhibu.dues import services
from zhibu.members.models import Member
from zhibu.organizations.panels import Panel

WARNING_MONTHS = 3


def _dues(request, organization):
    """Members of this organisation and below who are three or more months behind with their dues (FEE-07)."""
    members = Member.objects.visible_to(request.user).current().in_subtree(organization).select_related("organization")
    behind = services.arrears(members.values_list("pk", flat=True), timezone.localdate())
    people = {
        member.pk: member for member in members.filter(pk__in=[pk for pk, n in behind.items() if n >= WARNING_MONTHS])
    }
    late = [(people[pk], months) for pk, months in behind.items() if pk in people]
    if not late:
        return None
    late.sort(key=lambda pair: (-pair[1], pair[0].name))
    return {"late": late[:30], "more": max(len(late) - 30, 0)}


DUES_PANEL = Panel("dues", "党费欠缴", "dues/_panel.html", _dues, order=14)
