from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

SCOPE_SESSION_KEY = "scope_org_id"


class ScopeMiddleware:
    """The organisation in scope for the request (top-bar switcher), always one the user may see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope_org = None
        request.scope_choices = []
        if request.user.is_authenticated:
            self._resolve(request)
        return self.get_response(request)

    def _resolve(self, request):
        visible = Organization.objects.visible_to(request.user).exclude(kind=OrganizationKind.GROUP)
        root = visible.order_by("depth", "path").first()
        if root is None:
            return
        chosen_id = request.session.get(SCOPE_SESSION_KEY)
        chosen = visible.filter(pk=chosen_id).first() if isinstance(chosen_id, int) else None
        request.scope_org = chosen or root
        # Branches are reached from the tree; the switcher lists the committees and general branches above them.
        choices = list(visible.exclude(kind__in=BRANCH_KINDS).only("id", "name", "short_name", "depth")[:300])
        if request.scope_org not in choices:
            choices.insert(0, request.scope_org)
        request.scope_choices = choices
