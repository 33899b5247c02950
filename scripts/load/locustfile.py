"""Locust users for scripts/load/run.sh: staff browse and save rating grids, analysts read dashboards.

Loopback only (run.sh passes --host http://127.0.0.1:PORT). Every response is checked: a wrong status, a login
page instead of the page, or a grid save that comes back with errors counts as a failure.
"""

from __future__ import annotations

import datetime
import itertools
import os
import random
import re
import threading
from html.parser import HTMLParser

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

PASSWORD = os.environ["DEMO_PASSWORD"]
YEAR = int(os.environ.get("LOAD_YEAR", datetime.date.today().year))
# The reverse proxy terminates TLS in production; on loopback the client says so itself (Django trusts
# X-Forwarded-Proto, settings.SECURE_PROXY_SSL_HEADER), and its cookie jar must send the Secure cookies over http.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
SEARCHES = ["muong", "Mường", "que phong", "tien phong", "ban", "xa", "chi bo", "nguyen", "thi", "hoang"]


class _LoopbackCookieJar(RequestsCookieJar):
    """Keeps the server's Secure cookies sendable over loopback http (requests copies the jar per request)."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class _FormReader(HTMLParser):
    """The fields of one <form> (by id) as a browser would submit them: inputs, selected options, text."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._select: str | None = None
        self._first_option: str | None = None
        self.options: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            self.fields[attributes["name"]] = attributes.get("value") or ""
        elif tag == "select" and attributes.get("name"):
            self._select = attributes["name"]
            self.fields[self._select] = ""
            self.options[self._select] = []
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            self.options[self._select].append(value)
            if "selected" in attributes:
                self.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None


def read_form(html: str, form_id: str) -> _FormReader:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader


# Each cell's member grid is given to one user at a time, so concurrent saves of the same rows (which the
# version check refuses by design) do not happen; users without a cell of their own re-save a GPO grid as it is.
_claimed: set[int] = set()
_claim_lock = threading.Lock()
_numbers = itertools.count()


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    username = ""

    def on_start(self) -> None:
        self.client.cookies = _LoopbackCookieJar()
        self.client.headers.update(PROXY_HEADERS)
        # Django checks the Origin of an HTTPS POST against the Host: the browser's Origin would be https://host.
        self.client.headers["Origin"] = self.host.replace("http://", "https://", 1)
        self.client.get("/accounts/login/", name="login page")
        token = self.client.cookies.get("csrftoken")
        with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True,
                              data={"username": self.username, "password": PASSWORD,
                                    "csrfmiddlewaretoken": token}) as response:
            if response.status_code != 302:
                response.failure(f"login as {self.username} answered {response.status_code}")

    def page(self, url: str, name: str, must_contain: str = "</html>") -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            body = response.text or ""
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("sent to the login page")
            elif must_contain not in body:
                response.failure(f"no {must_contain!r} in the page")
            return body


class Staff(_LoggedIn):
    """Organizing-board staff: hierarchy, member lists, grids (reading and saving), the dashboards."""

    weight = 4

    def on_start(self) -> None:
        number = next(_numbers)
        self.username = "staff" if number % 3 != 2 else "staff-caobang"
        super().on_start()
        index = self.page(f"/ratings/?year={YEAR}", "ratings index")
        self.gpos = sorted({int(pk) for pk in re.findall(rf'href="/ratings/grid/(\d+)/{YEAR}/"', index)})
        self.cell = None
        self.originals: dict[str, str] | None = None
        self.lowered: str | None = None
        cells: list[int] = []
        for gpo in self.gpos:
            grid = self.page(f"/ratings/grid/{gpo}/{YEAR}/", "grid of a GPO (GET)")
            cells += [int(pk) for pk in re.findall(rf'href="/ratings/cell/(\d+)/{YEAR}/"', grid)]
        with _claim_lock:
            free = [pk for pk in cells if pk not in _claimed]
            if free:
                self.cell = free[0]
                _claimed.add(self.cell)

    def on_stop(self) -> None:
        with _claim_lock:
            _claimed.discard(self.cell)

    @task(3)
    def hierarchy(self) -> None:
        self.page("/organizations/", "hierarchy")

    @task(2)
    def hierarchy_search(self) -> None:
        self.page(f"/organizations/?q={random.choice(SEARCHES)}", "hierarchy search")

    @task(3)
    def member_list(self) -> None:
        self.page("/members/", "member list")

    @task(2)
    def member_search(self) -> None:
        self.page(f"/members/?q={random.choice(SEARCHES)}", "member list search")

    @task(2)
    def gpo_grid(self) -> None:
        if self.gpos:
            self.page(f"/ratings/grid/{random.choice(self.gpos)}/{YEAR}/", "grid of a GPO (GET)")

    @task(3)
    def save_grid(self) -> None:
        """Open a grid and save it: on one's own cell a level changed, else a GPO grid re-saved as shown."""
        if self.cell is not None:
            url, name = f"/ratings/cell/{self.cell}/{YEAR}/", "grid of a cell"
        elif self.gpos:
            url, name = f"/ratings/grid/{random.choice(self.gpos)}/{YEAR}/", "grid of a GPO"
        else:
            return
        form = read_form(self.page(url, f"{name} (GET)"), "grid-form")
        if not form.fields:
            return
        data = dict(form.fields)
        if self.cell is not None:
            self._change_one_level(form, data)
        with self.client.post(url, data=data, name=f"{name} (POST save)", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                alerts = re.findall(r'(?s)<div[^>]*alert-danger[^>]*>(.*?)</div>', response.text or "")
                text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", alert)).strip()[:160] for alert in alerts]
                response.failure(f"save answered {response.status_code}: {text[:2]}")

    def _change_one_level(self, form: _FormReader, data: dict) -> None:
        """As a person would: lower one member by a tier, giving the reason the rules ask for; next time, put
        that member back. The levels first shown are the ones the scores allow, so going back is always valid."""
        if self.originals is None:
            self.originals = {name: value for name, value in data.items() if name.startswith("level_")}
        levels = next(([v for v in values if v.isdigit()] for name, values in form.options.items()
                       if name.startswith("level_")), [])
        if self.lowered is not None:
            data[self.lowered] = self.originals[self.lowered]
            self.lowered = None
            return
        lowerable = [name for name, value in self.originals.items() if value in levels[:3]]
        if not lowerable:
            return
        self.lowered = random.choice(lowerable)
        data[self.lowered] = levels[levels.index(self.originals[self.lowered]) + 1]
        data["override_reason"] = "Kiểm thử tải: hạ một mức, có lý do"

    @task(2)
    def comparison(self) -> None:
        self.page("/reports/comparison/", "reports: comparison")


class Analyst(_LoggedIn):
    """Analysts: dashboards and aggregated tables of all provinces."""

    weight = 1
    username = "analyst"

    @task(3)
    def comparison(self) -> None:
        self.page("/reports/comparison/", "reports: comparison")

    @task(2)
    def trends(self) -> None:
        self.page("/reports/trends/", "reports: trends")

    @task(1)
    def reports_index(self) -> None:
        self.page("/reports/", "reports: index")

    @task(1)
    def hierarchy(self) -> None:
        self.page("/organizations/", "hierarchy")
