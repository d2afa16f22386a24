import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.accounts import login as login_rules
from zhibu.accounts import otp as otp_devices
from zhibu.accounts import separation, services
from zhibu.accounts.forms import ApiTokenForm, DisableUserForm, GrantForm, LoginForm, OTPForm, PasswordChangeForm
from zhibu.accounts.middleware import LAST_SEEN, LOGIN_AT, password_expired
from zhibu.accounts.models import ApiToken, RoleGrant, User
from zhibu.accounts.roles import ROLE_DESCRIPTIONS, Role
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.generic import organization_in_scope, within_scope_org
from zhibu.core.routes import scoped, unscoped
from zhibu.core.scoping import CHANGE
from zhibu.core.views import attempt_with_message, call_service, paginate, safe_next
from zhibu.organizations.models import Organization


@unscoped("the login page: no one is signed in yet, it opens no record")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # Django's login() gives the session a new key
        self.request.session[LOGIN_AT] = self.request.session[LAST_SEEN] = time.time()
        login_rules.record_success(form.get_user())
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response


@require_POST
@unscoped("ends one's own session")
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(actor=request.user, event=Event.AUTH_LOGOUT)
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
@unscoped("one's own password")
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改")
        return redirect("dashboards:home")
    reason = ""
    if request.user.must_change_password:
        reason = "首次登录或管理员重置了密码，请先设置您自己的密码。"
    elif password_expired(request.user):
        reason = f"密码已超过{settings.PASSWORD_MAX_AGE_DAYS}天未修改，请修改后继续使用。"
    return render(request, "core/form.html", {"form": form, "title": "修改密码", "intro": reason})


@login_required
@unscoped("one's own account: its grants and second factor")
def profile(request):
    grants = request.user.role_grants.select_related("organization")
    context = {
        "grants": grants,
        # 三员 and the archivist hold a grant on an organisation whose page is not theirs to open.
        "visible_orgs": set(
            Organization.objects.visible_to(request.user)
            .filter(pk__in=[grant.organization_id for grant in grants])
            .values_list("pk", flat=True)
        ),
        "active_tokens": ApiToken.objects.active().filter(user=request.user).count(),
        "descriptions": ROLE_DESCRIPTIONS,
        "otp_device": otp_devices.confirmed(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@unscoped("one's own API tokens (filtered on the user, not on an organisation)")
def token_list(request):
    tokens = ApiToken.objects.filter(user=request.user)
    page, query = paginate(request, tokens)
    return render(
        request,
        "accounts/token_list.html",
        {"page": page, "query": query, "role_names": services.api_role_names()},
    )


@never_cache  # the page that shows the secret must not be kept by the browser or a proxy
@login_required
@require_http_methods(["GET", "POST"])
@unscoped("issues one's own API token; guarded by may_use_api in the view and the service")
def token_create(request):
    if not request.user.may_use_api:
        raise PermissionDenied(f"您的角色不能使用接口令牌（仅限{services.api_role_names()}）")
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = call_service(form, services.issue_token, actor=request.user, **form.cleaned_data)
        if result is not None:
            token, key = result
            return render(request, "accounts/token.html", {"token": token, "key": key})
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": "生成接口令牌",
            "intro": "令牌只在生成后显示一次；数据库只保存它的摘要，丢失后只能撤销并重新生成。",
            "back": reverse("accounts:token_list"),
        },
    )


@login_required
@require_POST
# Someone else's token does not exist, as far as one can tell (the security administrator sees them all).
@scoped(ApiToken, CHANGE, name="token")
def token_revoke(request, token):
    attempt_with_message(request, services.revoke_token, done=f"已撤销令牌 {token}", actor=request.user, token=token)
    return redirect(safe_next(request, reverse("accounts:token_list")))


def _account_admin_or_404(request) -> None:
    """Account pages exist only for account administrators: to anyone else each is a 404 naming no one."""
    if not separation.is_account_admin(request.user):
        raise Http404("记录不存在或不在您的权限范围内")


def _account_or_404(request, pk) -> User:
    _account_admin_or_404(request)
    user = get_object_or_404(User, pk=pk)
    if not separation.sees_account(request.user, user):
        raise Http404("记录不存在或不在您的权限范围内")
    return user


def _refused(request, error: PermissionDenied):
    """Shown, not raised: the service already wrote the refusal's audit row, and the 403 handler would write another."""
    message = str(error) or "您没有执行此操作的权限"
    return render(request, "core/error.html", {"title": "无权操作", "message": message}, status=403)


@login_required
@unscoped(
    "account administration (三员分立): User has no visible_to; guarded in the view by separation.is_account_admin (404"
    " otherwise), listing separation.administered_users"
)
def user_list(request):
    _account_admin_or_404(request)
    users = separation.administered_users(request.user).prefetch_related("role_grants__organization")
    page, query = paginate(request, users.order_by("username"))
    rows = [(user, set(separation.allowed_acts(request.user, user))) for user in page]
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "query": query, "rows": rows, "may_create": separation.may_create(request.user)},
    )


@login_required
@unscoped(
    "account administration (三员分立), not organisation scope: guarded in the view by separation.is_account_admin (404"
    " otherwise) and listing separation.visible_grants; RoleGrant.visible_to would hide every grant from the "
    "security administrator who hands them out"
)
def grant_list(request):
    _account_admin_or_404(request)
    grants = separation.visible_grants(request.user).select_related("user", "organization")
    grants = within_scope_org(request, grants, "organization__path")
    page, query = paginate(request, grants.order_by("organization__path", "role", "user__username"))
    revocable = {grant.pk for grant in page if separation.may_revoke(request.user, grant)}
    return render(
        request, "accounts/grant_list.html", {"page": page, "query": query, "roles": Role, "revocable": revocable}
    )


@login_required
@require_http_methods(["GET", "POST"])
@unscoped(
    "account administration (三员分立): guarded in the view by separation.is_account_admin (404 otherwise), choices "
    "from separation.grant_organizations/administered_users, and the services' check_grant/check_create"
)
def grant_create(request):
    _account_admin_or_404(request)
    form = GrantForm(
        request.POST or None,
        organizations=separation.grant_organizations(request.user),
        users=separation.administered_users(request.user, (separation.GRANT,)).filter(is_active=True),
        may_create=separation.may_create(request.user),
        initial={"organization": organization_in_scope(request)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
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
                    organization=data["organization"] if data["role"] else None,
                    role=data["role"] or None,
                )
        except Http404:
            form.add_error("organization", "您不能在该组织授权，请选择您管理范围内的组织")
            result = None
        if result is not None:
            messages.success(request, "授权成功" if data["role"] else "账号已建立，请由安全管理员授予角色")
            return redirect("accounts:grant_list")
    title = "授权或新建账号" if form.may_create else "授权"
    return render(request, "core/form.html", {"form": form, "title": title, "back": reverse("accounts:grant_list")})


@login_required
@require_POST
@unscoped(
    "account administration (三员分立): guarded in the view by separation.is_account_admin and sees_account on the "
    "grant's user (404 otherwise) and by check_grant in revoke_role (403); RoleGrant.visible_to would refuse the "
    "security administrator"
)
def grant_revoke(request, pk):
    _account_admin_or_404(request)
    grant = get_object_or_404(RoleGrant.objects.select_related("organization", "user"), pk=pk)
    if not separation.sees_account(request.user, grant.user):
        raise Http404("记录不存在或不在您的权限范围内")
    try:
        services.revoke_role(actor=request.user, grant=grant)
        messages.success(request, f"已撤销 {grant}")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, "；".join(error.messages) if isinstance(error, ValidationError) else str(error))
    return redirect("accounts:grant_list")


@login_required
@require_http_methods(["GET", "POST"])
@unscoped("one's own second factor")
def otp_verify(request):
    device = otp_devices.confirmed(request.user)
    if device is None:
        return redirect("accounts:otp_setup")
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp_devices.verify(request, device, form.cleaned_data["token"]):
            return redirect(safe_next(request, reverse("dashboards:home")))
        form.add_error("token", "动态口令不正确或已过期，请查看手机上最新的6位数字")
    return render(request, "accounts/otp.html", {"form": form, "title": "动态口令验证"})


@login_required
@require_http_methods(["GET", "POST"])
@unscoped("one's own second factor")
def otp_setup(request):
    if otp_devices.confirmed(request.user) is not None and not request.user.is_verified():
        return redirect("accounts:otp_verify")  # re-enrolling needs the current device first
    device = otp_devices.pending_device(request.user)
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp_devices.verify(request, device, form.cleaned_data["token"]):
            messages.success(request, "动态口令已绑定，以后登录时需要输入手机上的6位数字")
            return redirect("dashboards:home")
        form.add_error("token", "动态口令不正确，请确认手机时间准确后重新输入")
    return render(
        request,
        "accounts/otp.html",
        {
            "form": form,
            "title": "绑定动态口令",
            "qr": otp_devices.provisioning_qr(device),
            "secret": otp_devices.secret_text(device),
        },
    )


@login_required
@unscoped(
    "the security administrator's page: guarded in the view by is_security_admin (404 otherwise); locked accounts "
    "and tokens belong to no organisation, its events come from AuditEvent.visible_to"
)
def security(request):
    """The security administrator's page: locked accounts and recent security events."""
    if not request.user.is_security_admin:
        raise Http404("记录不存在或不在您的权限范围内")
    locked = User.objects.filter(locked_until__gt=timezone.now()).exclude(pk=request.user.pk).order_by("locked_until")
    events = (
        AuditEvent.objects.visible_to(request.user)
        .filter(
            event__in=[
                Event.AUTH_LOCKOUT,
                Event.AUTH_LOGIN_FAILED,
                Event.AUTH_THROTTLED,
                Event.AUTH_OTP_FAILED,
                Event.ACCESS_DENIED,
            ]
        )
        .order_by("-id")[:100]
    )
    tokens = ApiToken.objects.active().select_related("user").order_by("user__username", "-created_at")
    return render(request, "accounts/security.html", {"locked": locked, "events": events, "tokens": tokens})


@login_required
@require_POST
@unscoped(
    "account administration (三员分立): User has no visible_to; guarded in the view by separation.is_account_admin and "
    "sees_account (404 otherwise) and by check_account in unlock (403)"
)
def unlock_user(request, pk):
    user = _account_or_404(request, pk)
    try:
        login_rules.unlock(actor=request.user, user=user)
    except PermissionDenied as error:
        return _refused(request, error)
    messages.success(request, f"已解锁账号 {user.username}")
    return redirect("accounts:security")


@login_required
@require_http_methods(["GET", "POST"])
@unscoped(
    "account administration (三员分立): User has no visible_to; guarded in the view by separation.is_account_admin and "
    "sees_account (404 otherwise) and by check_account in disable_user (403)"
)
def user_disable(request, pk):
    user = _account_or_404(request, pk)
    form = DisableUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.disable_user, actor=request.user, user=user, **form.cleaned_data) is not None:
            messages.success(request, f"已停用账号 {user.username}")
            return redirect("accounts:user_list")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"停用账号：{user.username}（{user.full_name}）",
            "back": reverse("accounts:user_list"),
            "intro": "停用后该账号不能登录，已登录的会话在下一次操作时结束，接口令牌立即失效。",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@unscoped(
    "account administration (三员分立): User has no visible_to; guarded in the view by separation.is_account_admin and "
    "sees_account (404 otherwise) and by check_account in reset_password (403)"
)
def user_reset_password(request, pk):
    user = _account_or_404(request, pk)
    if request.method == "POST":
        try:
            password = services.reset_password(actor=request.user, user=user)
        except PermissionDenied as error:
            return _refused(request, error)
        return render(request, "accounts/password_reset.html", {"account": user, "password": password})
    return render(
        request,
        "accounts/password_reset.html",
        {"account": user, "allowed": separation.RESET_PASSWORD in separation.allowed_acts(request.user, user)},
    )
