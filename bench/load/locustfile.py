"""Load personas for ``bench/load/run.sh``: the demo accounts, each signed in once, browsing their main pages, and an
integration system reading the API with a token. Run by hand only (``locust`` is in the optional ``load`` group).

Environment: ``ZHIBU_LOAD_PASSWORD`` (the demo password) and ``ZHIBU_LOAD_TOKEN`` (a read-only API token of the
工委 account, issued by run.sh). Request names are the page, not the URL, so the table has one row per page."""

import os

from locust import HttpUser, between, task

PASSWORD = os.environ.get("ZHIBU_LOAD_PASSWORD", "Demo@2026zb")
TOKEN = os.environ.get("ZHIBU_LOAD_TOKEN", "")


class SignedIn(HttpUser):
    abstract = True
    username = ""
    # A person reads a page before opening the next one.
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="login form")
        csrf = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            # A failed login answers 200 with the form again; a signed-in user lands elsewhere.
            if "/accounts/login/" in response.url:
                response.failure(f"{self.username} could not sign in")

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code == 200 and "/accounts/login/" in response.url:
                response.failure("signed out")


class BranchSecretary(SignedIn):
    """支部书记 shuji: the home page, the inbox, the branch's members and its standards sheet."""

    username = "shuji"
    weight = 4

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def inbox(self) -> None:
        self.page("/inbox/", "inbox")

    @task(3)
    def members(self) -> None:
        self.page("/members/", "member list")

    @task(2)
    def sheet(self) -> None:
        self.page("/standards/sheet/", "standards sheet (branch)")


class Gongwei(SignedIn):
    """工委管理员 gongwei: the home page, the 工委's compliance dashboard and the whole member list."""

    username = "gongwei"
    weight = 2

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def dashboard(self) -> None:
        self.page("/standards/", "standards dashboard (工委)")

    @task(2)
    def members(self) -> None:
        self.page("/members/", "member list")


class Dangwei(SignedIn):
    """党委管理员 dangwei: an agency's members and its compliance dashboard."""

    username = "dangwei"
    weight = 2

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def members(self) -> None:
        self.page("/members/", "member list")

    @task(2)
    def dashboard(self) -> None:
        self.page("/standards/", "standards dashboard (党委)")


class Member(SignedIn):
    """党员 dangyuan: the home page and the inbox."""

    username = "dangyuan"
    weight = 3

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(1)
    def inbox(self) -> None:
        self.page("/inbox/", "inbox")


class ApiClient(HttpUser):
    """An integration system reading with the 工委's read-only token."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {TOKEN}"

    @task(3)
    def members(self) -> None:
        self.client.get("/api/v1/members/?page=1", name="api members")

    @task(2)
    def organizations(self) -> None:
        self.client.get("/api/v1/organizations/?page=1", name="api organizations")

    @task(2)
    def verdicts(self) -> None:
        self.client.get("/api/v1/verdicts/?page=1", name="api verdicts")
