from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from zhibu.accounts.models import User
from zhibu.accounts.roles import Role
from zhibu.core.forms import Polished


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误，请重新输入（注意区分大小写）",
        "inactive": "该账号已停用，请联系管理员",
    }


class GrantForm(Polished, forms.Form):
    organization = forms.ModelChoiceField(label="组织", queryset=None)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    existing_user = forms.ModelChoiceField(
        label="已有账号",
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="选择已有账号；或在下方新建账号",
    )
    username = forms.CharField(label="新账号用户名", max_length=150, required=False)
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        if data.get("existing_user"):
            return data
        if not data.get("username") or not data.get("password"):
            raise forms.ValidationError("请选择已有账号，或填写新账号的用户名和初始密码")
        password_validation.validate_password(data["password"], User(username=data["username"]))
        return data
