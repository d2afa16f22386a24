from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhibu.core.generic import organization_in_scope
from zhibu.core.routes import collection
from zhibu.inbox import services
from zhibu.inbox.forms import InboxFilterForm
from zhibu.organizations.models import Organization, lineage_paths


def inbox_for(request):
    """The inbox narrowed as the query asks (or to the organisation in scope), and the form that says so."""
    form = InboxFilterForm(request.GET or None, user=request.user)
    within, source = organization_in_scope(request), ""
    if form.is_bound and form.is_valid():
        within = form.cleaned_data["organization"] or within
        source = form.cleaned_data["source"]
    return services.collect(request.user, within, timezone.localdate(), source), form


@login_required
@collection(Organization)
def inbox(request):
    """我的待办: what this person owes, with the button that does each thing."""
    found, form = inbox_for(request)
    ancestors = []
    if found.within is not None:
        ancestors = list(
            Organization.objects.visible_to(request.user)
            .filter(path__in=lineage_paths(found.within.path)[:-1])
            .order_by("path")
        )
    return render(
        request,
        "inbox/inbox.html",
        {"inbox": found, "form": form, "ancestors": ancestors, "today": timezone.localdate()},
    )
