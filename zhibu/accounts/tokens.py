"""API tokens: how a secret is made and recognised, and the DRF authentication that checks it on every request.

The database holds the SHA-256 of each secret, never the secret: a copy of the database or a backup gives no working
token. A secret is 160 random bits, so a plain (unsalted, fast) hash is enough: there is nothing to guess."""

import datetime
import hashlib
import hmac
import re
import secrets

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from zhibu.accounts.models import ApiToken

KEYWORD = "Token"
KEY_PATTERN = re.compile(r"[0-9a-f]{40}")
PREFIX_LENGTH = 8
# last_used_at is written at most this often per token, so a busy integration does not cost a write per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def new_key() -> str:
    return secrets.token_hex(20)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def find(key: str) -> ApiToken | None:
    """The token whose secret this is, whatever its state. The lookup is by the hash of what was presented, so how long
    the database takes to answer says nothing about any stored secret; the final comparison is constant-time too."""
    if not KEY_PATTERN.fullmatch(key):
        return None
    hashed = digest(key)
    token = ApiToken.objects.select_related("user").filter(key_hash=hashed).first()
    if token is None or not hmac.compare_digest(token.key_hash, hashed):
        return None
    return token


def touch(token: ApiToken, now: datetime.datetime) -> None:
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    # The condition makes concurrent requests of the same minute write once; updated_at is left alone on purpose
    # (using a token is not a change to it).
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
    token.last_used_at = now


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <40 hex>``. Refused with 401: unknown, revoked or expired tokens, disabled accounts and
    accounts no longer holding a role allowed to use the API. A read-only token gets 403 on anything but a read."""

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD.lower().encode():
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                "请求头格式不正确，应为：Authorization: Token <令牌>（令牌中没有空格）"
            )
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("令牌只含数字和小写字母a–f，请检查是否复制完整") from None
        token = find(key)
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效，请检查是否复制完整，或在个人中心 → 接口令牌生成新令牌")
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("令牌已撤销，请在个人中心 → 接口令牌生成新令牌")
        if token.expires_at <= now:
            at = timezone.localtime(token.expires_at)
            raise exceptions.AuthenticationFailed(
                f"令牌已于{at.year}年{at.month}月{at.day}日 {at:%H:%M}到期，请在个人中心 → 接口令牌生成新令牌"
            )
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("令牌所属账号已停用")
        if not user.may_use_api:
            raise exceptions.AuthenticationFailed("令牌所属账号已没有可以使用接口的角色，请联系管理员")
        if token.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS and not _reads_only(request):
            raise exceptions.PermissionDenied("只读令牌只能查询，不能新增或修改数据；需要写入时请生成“读写”令牌")
        touch(token, now)
        return user, token

    def authenticate_header(self, request):
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "请求头 `Authorization: Token <令牌>`，令牌在个人中心 → 接口令牌生成（只显示一次）",
        }


# POSTs that only read: searches whose terms (ID digits) must not travel in a URL.
READING_POSTS = ("/api/v1/members/search/",)


def _reads_only(request) -> bool:
    return request.method == "POST" and request.path in READING_POSTS
