from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from zhibu.accounts import services
from zhibu.accounts.forms import GrantForm, LoginForm
from zhibu.accounts.models import RoleGrant
from zhibu.accounts.roles import ROLE_DESCRIPTIONS, Role
from zhibu.core import audit
from zhibu.core.scoping import MANAGE_ROLES, visible_or_404
from zhibu.core.views import call_service, paginate
from zhibu.organizations.models import Organization


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=form.get_user(), event="auth.login")
        return response

    def form_invalid(self, form):
        username = (form.data.get("username") or "")[:150]
        audit.record(actor=f"anonymous:{username}", event="auth.login_failed", outcome="failure")
        return super().form_invalid(form)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(actor=request.user, event="auth.logout")
    logout(request)
    return redirect("accounts:login")


@login_required
def profile(request):
    grants = request.user.role_grants.select_related("organization")
    token = Token.objects.filter(user=request.user).first()
    return render(
        request, "accounts/profile.html", {"grants": grants, "token": token, "descriptions": ROLE_DESCRIPTIONS}
    )


@login_required
@require_POST
@transaction.atomic
def token_reset(request):
    Token.objects.filter(user=request.user).delete()
    token = Token.objects.create(user=request.user)
    audit.record(actor=request.user, event="auth.api_token_issued", obj=request.user)
    messages.success(request, "已生成新的接口令牌，旧令牌立即失效。令牌只显示这一次，请妥善保存。")
    return render(request, "accounts/token.html", {"token": token})


@login_required
def grant_list(request):
    grants = RoleGrant.objects.visible_to(request.user, MANAGE_ROLES).select_related("user", "organization")
    if request.scope_org is not None:
        grants = grants.filter(organization__path__startswith=request.scope_org.path)
    page, query = paginate(request, grants.order_by("organization__path", "role", "user__username"))
    return render(request, "accounts/grant_list.html", {"page": page, "query": query, "roles": Role})


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request):
    organizations = Organization.objects.visible_to(request.user, MANAGE_ROLES)
    form = GrantForm(request.POST or None, organizations=organizations, initial={"organization": request.scope_org})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["existing_user"]:
            result = call_service(
                form,
                services.grant_role,
                actor=request.user,
                user=data["existing_user"],
                organization=data["organization"],
                role=data["role"],
            )
        else:
            result = call_service(
                form,
                services.create_user,
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password"],
                organization=data["organization"],
                role=data["role"],
            )
        if result is not None:
            messages.success(request, "授权成功")
            return redirect("accounts:grant_list")
    return render(request, "core/form.html", {"form": form, "title": "授权", "back": reverse("accounts:grant_list")})


@login_required
@require_POST
def grant_revoke(request, pk):
    grant = visible_or_404(RoleGrant.objects.select_related("organization", "user"), request.user, MANAGE_ROLES, pk=pk)
    try:
        services.revoke_role(actor=request.user, grant=grant)
        messages.success(request, f"已撤销 {grant}")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("accounts:grant_list")
