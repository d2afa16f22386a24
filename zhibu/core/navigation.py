"""The left navigation, assembled from what each app registers in its ``ready()`` (core knows no domain app)."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    order: int = 100
    staff_only: bool = True  # hidden from users who hold only the 党员 role
    shown_if: str = ""  # a user attribute that must be true (e.g. "may_read_audit")
    member_page: bool = False  # one of an ordinary member's own pages: the whole menu of a user with no other role

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_items: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


def nav_sections(user) -> list[tuple[str, list[NavItem]]]:
    staff = bool(user.scope_paths("view")[0]) or user.is_superuser
    # A user holding no role but 党员 (or none) reads the menu on a phone: their own pages and nothing else.
    member_only = not staff and not user.is_staff_role
    sections: dict[str, list[NavItem]] = {}
    for item in sorted(_items, key=lambda entry: entry.order):
        if member_only and not item.member_page:
            continue
        if (item.staff_only and not staff) or (item.shown_if and not getattr(user, item.shown_if, False)):
            continue
        sections.setdefault(item.section, []).append(item)
    return list(sections.items())
