from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhibu.accounts import login
from zhibu.accounts.models import ApiToken, User
from zhibu.accounts.roles import Role
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.forms import Polished
from zhibu.core.middleware import client_ip


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误，请重新输入（注意区分大小写）",
        "inactive": "该账号已停用，请联系管理员",
        "throttled": "该地址登录失败次数过多，请15分钟后再试",
    }

    def clean(self):
        """Throttle by IP, refuse locked accounts (even with the right password), count failures."""
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        ip = client_ip(self.request) if self.request else None
        if login.ip_throttled(ip):
            audit.record(actor=f"anonymous:{username[:100]}", event=Event.AUTH_THROTTLED, outcome="denied")
            self.throttled = True
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        user = login.find_user(username)
        until = login.locked_until(username, user)
        if until is None and user is not None and not login.claim_attempt(user):
            until = login.lock_if_exhausted(user) or timezone.now()
        if until is not None:
            User().set_password(password)  # as long as a real check, so the refusal's timing tells nothing either
            audit.record(
                actor=user or login.anonymous(username),
                event=Event.AUTH_LOGIN_FAILED,
                outcome="denied",
                extra={"reason": "locked", "username": username[:100]},
            )
            raise ValidationError(login.locked_message(until), code="locked")
        self.user_cache = authenticate(self.request, username=user.username if user else username, password=password)
        if self.user_cache is None:
            login.record_failure(username, user)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class PasswordChangeForm(Polished, DjangoPasswordChangeForm):
    error_messages = {
        "password_incorrect": "原密码不正确，请重新输入",
        "password_mismatch": "两次输入的新密码不一致",
    }


class GrantForm(Polished, forms.Form):
    """Grant a role to an account the actor administers, or (for those who create accounts) open a new one. The role
    list stays whole: what the actor may grant is the service's judgement, which audits a refused privileged try."""

    organization: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(label="组织", queryset=None, required=False)
    role = forms.ChoiceField(
        label="角色",
        choices=[("", "（暂不授予角色）"), *Role.choices],
        required=False,
        help_text="三员、工委管理员、档案管理员只能由安全管理员给已有账号授予",
    )
    existing_user: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label="已有账号",
        queryset=None,
        required=False,
        help_text="选择您管理的已有账号；或在下方新建账号",
    )
    username = forms.CharField(label="新账号用户名", max_length=150, required=False)
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput, required=False, help_text="一次性密码，本人首次登录时必须修改"
    )

    def __init__(self, *args, organizations=None, users=None, may_create=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["existing_user"].queryset = users
        self.may_create = may_create
        if not may_create:
            for name in ("username", "full_name", "password"):
                del self.fields[name]
            self.fields["existing_user"].help_text = "安全管理员只给已有账号授权，不新建账号、不设置密码"

    def clean(self):
        data = super().clean()
        if data.get("role") and not data.get("organization"):
            raise forms.ValidationError("授予角色时请选择组织")
        if data.get("existing_user"):
            if not data.get("role"):
                raise forms.ValidationError("请选择要授予的角色")
            return data
        if not self.may_create:
            raise forms.ValidationError("请选择已有账号")
        if not data.get("username") or not data.get("password"):
            raise forms.ValidationError("请选择已有账号，或填写新账号的用户名和初始密码")
        password_validation.validate_password(data["password"], User(username=data["username"]))
        return data


class OTPForm(Polished, forms.Form):
    token = forms.CharField(
        label="动态口令",
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text="手机验证器（如微信小程序、身份验证器App）上显示的6位数字",
    )


class DisableUserForm(Polished, forms.Form):
    reason = forms.CharField(label="停用原因", max_length=200)


class ApiTokenForm(Polished, forms.Form):
    name = forms.CharField(
        label="名称",
        max_length=50,
        help_text="用来辨认令牌，例如对接的系统名称“组织部干部系统”",
        error_messages={"required": "请填写令牌名称", "max_length": "令牌名称最多50个字"},
    )
    scope = forms.ChoiceField(
        label="权限",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="只读令牌只能查询；读写令牌还能新增和修改您有权修改的记录",
        error_messages={"required": "请选择权限", "invalid_choice": "请选择只读或读写"},
    )
    days = forms.IntegerField(
        label="有效期（天）",
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        help_text=f"到期后令牌自动失效，最长{settings.API_TOKEN_MAX_DAYS}天",
        error_messages={
            "required": "请填写有效期天数",
            "invalid": "有效期请填写整数天数",
            "min_value": "有效期至少1天",
            "max_value": f"有效期最长{settings.API_TOKEN_MAX_DAYS}天",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DAYS
