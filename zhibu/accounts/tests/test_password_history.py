"""Issue 16, item 15 (part): a new password may not be the current one or one of the four before it."""

from django.test import Client

from zhibu.accounts.models import PasswordHistory
from zhibu.testing import PASSWORD

CHANGE = "/accounts/password/"
USED = ["Kx7#pLm2qA", "Rw4!nVb8tB", "Hy6$cQz3mC", "Jd9%gTs5wD", "Lf2&kXp7rE"]


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_last_five_passwords_are_refused_and_the_sixth_is_accepted(personas):
    user = personas["党务干部A1"]
    client = Client()
    client.force_login(user)
    current = PASSWORD
    for new in USED:
        assert change(client, current, new).status_code == 302
        current = new
    # PASSWORD, then USED[0..4]: the five most recent are USED, the current one (USED[-1]) among them.
    for reused in USED:
        refused = change(client, current, reused)
        assert refused.status_code == 200
        assert "不能与最近使用过的5个密码（含当前密码）相同" in refused.content.decode()
    assert change(client, current, PASSWORD).status_code == 302  # the sixth most recent may come back
    assert PasswordHistory.objects.filter(user=user).count() == 5


def test_an_account_older_than_the_history_cannot_keep_its_current_password(personas):
    user = personas["党务干部A1"]
    PasswordHistory.objects.filter(user=user).delete()
    client = Client()
    client.force_login(user)
    assert "不能与最近使用过的5个密码" in change(client, PASSWORD, PASSWORD).content.decode()
    assert change(client, PASSWORD, USED[0]).status_code == 302
