"""The 等保 password profile (on by default): 8+ characters with 3 of 4 character classes, no common or Chinese-
pattern passwords, a change every 90 days. ``ZHIBU_PASSWORD_PROFILE=asvs`` switches to OWASP ASVS instead
(12+ characters, no composition rules, no expiry); docs/security.md explains the deviation."""

import re
import secrets
import string
from pathlib import Path

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

COMMON_ZH_FILE = Path(__file__).with_name("common_passwords_zh.txt")
CLASSES = (
    ("小写字母", re.compile(r"[a-z]")),
    ("大写字母", re.compile(r"[A-Z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^A-Za-z0-9]")),
)


class MinimumLengthValidator:
    """Django's, with the message in Chinese (Django's own translation of it is missing)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少需要{self.min_length}个字符", code="password_too_short")

    def get_help_text(self):
        return f"至少{self.min_length}个字符"


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, pattern in CLASSES if pattern.search(password)]
        if len(present) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类（当前只有{len(present)}类）",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"至少包含大写字母、小写字母、数字、符号中的{self.min_classes}类"


class ChineseCommonPasswordValidator:
    """Refuses passwords built on well-known Chinese patterns: pinyin phrases, love numbers, keyboard walks."""

    def __init__(self):
        words = COMMON_ZH_FILE.read_text(encoding="utf-8").split()
        self.words = sorted({word.lower() for word in words if len(word) >= 5}, key=len, reverse=True)

    def validate(self, password, user=None):
        lowered = password.lower()
        for word in self.words:
            if word in lowered:
                raise ValidationError(f"密码包含常见弱口令“{word}”，容易被猜中，请换一个", code="password_too_common")
        if user is not None and user.username and len(user.username) >= 4 and user.username.lower() in lowered:
            raise ValidationError("密码不能包含用户名", code="password_contains_username")

    def get_help_text(self):
        return "不能使用常见弱口令（如拼音短语、woaini1314、键盘连续字符）"


class PasswordHistoryValidator:
    """Refuses the current password and the ones before it, ``remember`` passwords in all. Django calls
    ``password_changed`` after every save that sets a password, which is where the new hash joins the history."""

    def __init__(self, remember: int = 5):
        self.remember = remember

    def _recent_hashes(self, user) -> list[str]:
        from zhibu.accounts.models import PasswordHistory

        stored = PasswordHistory.objects.filter(user=user).order_by("-id").values_list("password", flat=True)
        # The current hash leads: an account whose password predates the history still cannot keep it.
        return list(dict.fromkeys([user.password, *stored[: self.remember]]))[: self.remember]

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return  # a new account has no history yet
        if any(check_password(password, encoded) for encoded in self._recent_hashes(user) if encoded):
            raise ValidationError(
                f"新密码不能与最近使用过的{self.remember}个密码（含当前密码）相同，请换一个从未用过的密码",
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None or not user.has_usable_password():
            return
        from zhibu.accounts.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        kept = list(PasswordHistory.objects.filter(user=user).order_by("-id").values_list("pk", flat=True))
        PasswordHistory.objects.filter(pk__in=kept[self.remember :]).delete()

    def get_help_text(self):
        return f"不能与最近使用过的{self.remember}个密码相同"


def one_time_password() -> str:
    """16 characters from all four classes; shown once, and must be changed at first login."""
    alphabet = string.ascii_letters + string.digits + "#%+=@"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        if all(
            any(c in group for c in candidate)
            for group in (string.ascii_lowercase, string.ascii_uppercase, string.digits, "#%+=@")
        ):
            return candidate
