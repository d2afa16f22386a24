"""A bounded breadth-first crawl of what one logged-in user can see: every same-site link, htmx GET and form.

Links (``<a href>``, ``hx-get``, GET forms) are followed with GET. A form that posts is submitted once with the values
it shows (what a click on its button sends) inside a savepoint that is rolled back, so the crawl changes nothing; a
post the user may not make (403, 404), to an address that takes no post (405) or that fails (5xx) is a dead button.
"""

import copy
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

# Addresses a crawl must not follow: leaving the session, and files served as they are.
SKIPPED_PREFIXES = ("/accounts/logout/", "/static/")
PER_ROUTE = 3  # distinct addresses of one URL pattern visited per user: enough to meet each kind of link
MAX_PAGES = 200


def filled(kind: str) -> str:
    """What a user types into a blank field before pressing the button, so that the post reaches the permission check."""
    today = timezone.localdate()
    return {
        "text": "链接检查填写的内容",
        "textarea": "链接检查填写的内容，写明了事由和经过。",
        "number": "1",
        "date": f"{today:%Y-%m-%d}",
        "datetime-local": f"{today:%Y-%m-%d}T10:00",
    }.get(kind, "")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, value shown)


class _Page(HTMLParser):
    """Collects the links and forms of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])
        if tag == "form":
            self._form = Form(action=attrs.get("action") or "", method=(attrs.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in attrs:
                self._select_value = attrs.get("value", "")
            return
        if self._form is None or "name" not in attrs or "disabled" in attrs:
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form.fields.append((name, kind, attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._select_value = name, None
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if self._form is not None:
                self._form.fields.append((self._select, "select", self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form.fields.append((self._textarea, "textarea", "".join(self._text)))
            self._textarea = None


def normalise(base: str, href: str) -> str | None:
    """The same-site address a link leads to, query sorted and fragment dropped; None for anything else."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def route_of(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    return match.route


@dataclass
class Defect:
    user: str
    page: str
    link: str
    status: int
    how: str = "GET"
    reason: str = ""

    def __str__(self):
        because = f"（{self.reason}）" if self.reason else ""
        return f"{self.user}: {self.page} → {self.how} {self.link} = {self.status}{because}"


@dataclass
class CrawlResult:
    pages: int = 0
    posts: int = 0
    visited: list[str] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)


def crawl(client, username: str, start: str = "/", max_pages: int = MAX_PAGES) -> CrawlResult:
    result = CrawlResult()
    queue: deque[tuple[str, str]] = deque([(start, "(起点)")])
    seen: set[str] = {start}
    posted: set[str] = set()
    per_route: Counter[str] = Counter()
    while queue and result.pages < max_pages:
        url, referrer = queue.popleft()
        route = route_of(url)
        if per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(url)
        result.pages += 1
        result.visited.append(url)
        if response.status_code >= 400:
            result.defects.append(Defect(username, referrer, url, response.status_code))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = normalise(url, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append((target, url))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a download: it answered, which is all a crawl checks
        page = _Page()
        page.feed(response.content.decode())
        targets = list(page.links)
        for form in page.forms:
            if form.method == "get":
                query = urlencode([(name, value) for name, _, value in form.fields if value])
                targets.append((form.action or url).split("?")[0] + (f"?{query}" if query else ""))
            else:
                action = normalise(url, form.action or url)
                if action and action not in posted and per_route["POST " + route_of(action)] < PER_ROUTE:
                    posted.add(action)
                    per_route["POST " + route_of(action)] += 1
                    status, reason = _try_post(client, action, form.fields)
                    result.posts += 1
                    if status in (403, 404, 405) or status >= 500:
                        result.defects.append(Defect(username, url, action, status, how="POST", reason=reason))
        for href in targets:
            target = normalise(url, href)
            if target and target not in seen:
                seen.add(target)
                queue.append((target, url))
    return result


@contextmanager
def _refusals():
    """Every refusal raised while the block runs, including those a view turns into a message or a form error."""
    raised: list[str] = []
    original = PermissionDenied.__init__

    def record(self, *args, **kwargs):
        raised.append(str(args[0]) if args else "")
        original(self, *args, **kwargs)

    PermissionDenied.__init__ = record
    try:
        yield raised
    finally:
        PermissionDenied.__init__ = original


def _try_post(client, action: str, fields: list[tuple[str, str, str]]) -> tuple[int, str]:
    """Submit the form as a user would (blank fields filled in) and undo whatever it did: only whether the user may
    post here is kept, as (status, the refusal's reason)."""
    data: dict[str, list[str]] = {}
    for name, kind, value in fields:
        data.setdefault(name, []).append(value or filled(kind))
    cookies = copy.deepcopy(client.cookies)  # a post may end or rotate the session; the crawl goes on in this one
    sid = transaction.savepoint()
    try:
        with _refusals() as refused:
            status = client.post(action, data).status_code
        return (403 if refused and status < 400 else status), "；".join(refused)
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = cookies
