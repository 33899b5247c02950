"""Locust users for `make load` (scripts/load/run.sh): the year-end peak on the national data set.

Who works where comes from the plan that `manage.py load_personas` writes (LOAD_PLAN): commune staff enter their
own GPO's grids (real saves), provincial staff import a few hundred ratings and search members, approvers submit,
approve and reopen their review GPOs, analysts open dashboards with filters varied at random, so that no cache
serves them all. No two users work on the same rows at once, as in real life: the version check would refuse the
second save by design. Loopback only (run.sh passes --host http://127.0.0.1:PORT). Every response is checked: a
wrong status, a login page instead of the page, or a save or import that comes back with errors is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from html.parser import HTMLParser

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

PASSWORD = os.environ["LOAD_PASSWORD"]
PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
YEAR = PLAN["year"]
FIRST_YEAR = PLAN["first_year"]
# Think time between two clicks: people read a page, pick the levels of a cell's members or type a search before
# the next request; 5 to 25 s (15 s on average) makes each user a busy person at the year-end peak.
THINK = (float(os.environ.get("LOAD_THINK_MIN", "5")), float(os.environ.get("LOAD_THINK_MAX", "25")))
# The reverse proxy terminates TLS in production; on loopback the client says so itself (Django trusts
# X-Forwarded-Proto, settings.SECURE_PROXY_SSL_HEADER), and its cookie jar must send the Secure cookies over http.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
IMPORT_ROWS = 300
HEADER = "Số thẻ đảng viên,Năm,Bậc (1-4)\n"


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
        self.options: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            if attributes.get("type") not in ("checkbox", "radio") or "checked" in attributes:
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


def _alerts(html: str) -> list[str]:
    alerts = re.findall(r'(?s)<div[^>]*alert-danger[^>]*>(.*?)</div>', html or "")
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", alert)).strip()[:160] for alert in alerts]


# Each user takes the next place of its kind, so no two users of a run share rows.
_counters: dict[str, itertools.count] = {}
_counter_lock = threading.Lock()


def _next(kind: str) -> int:
    with _counter_lock:
        return next(_counters.setdefault(kind, itertools.count()))


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    username = ""

    def on_start(self) -> None:
        self.client.cookies = _LoopbackCookieJar()
        self.client.headers.update(PROXY_HEADERS)
        # Django checks the Origin of an HTTPS POST against the Host: the browser's Origin would be https://host.
        self.client.headers["Origin"] = self.host.replace("http://", "https://", 1)
        self.client.get("/accounts/login/", name="login page")
        with self.client.post("/accounts/login/", name="login (POST)", allow_redirects=False, catch_response=True,
                              data={"username": self.username, "password": PASSWORD,
                                    "csrfmiddlewaretoken": self.client.cookies.get("csrftoken")}) as response:
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

    def post(self, url: str, name: str, data: dict, files: dict | None = None) -> None:
        """A form POST must answer with a redirect, and the page it leads to must show no error message (the form
        again with its errors, or a refusal shown as a message after the redirect, is a failure)."""
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken"), **data}
        with self.client.post(url, data=data, files=files, name=name, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"answered {response.status_code}: {_alerts(response.text)[:2]}")
                return
            location = response.headers.get("Location", "")
        with self.client.get(location, name=f"{name} → next page", catch_response=True) as response:
            if response.status_code != 200 or _alerts(response.text):
                response.failure(f"after {name}: {response.status_code} {_alerts(response.text)[:2]}")

    def member_search(self, cells: list[int], name: str) -> None:
        """A member looked up by name. Synthetic names are "Đảng viên <cell>.<n> (giả lập)": every one shares the
        words around the number, so people would type the part that tells them apart, as with a real name."""
        if cells:
            self.page(f"/members/?q={random.choice(cells)}.{random.randint(1, 15)}", name)


class CommuneStaff(_LoggedIn):
    """Staff of one commune GPO: its grids (reading, saving the members' levels cell by cell), its members."""

    weight = 12

    def on_start(self) -> None:
        plan = PLAN["communes"][_next("commune") % len(PLAN["communes"])]
        self.username, self.gpo, self.cells = plan["user"], plan["gpo"], plan["cells"]
        super().on_start()
        self.cell_index = random.randrange(max(1, len(self.cells)))
        self.lowered: tuple[str, str] | None = None

    @task(2)
    def gpo_grid(self) -> None:
        self.page(f"/ratings/grid/{self.gpo}/{YEAR}/", "grid of a GPO (GET)")

    @task(1)
    def ratings_index(self) -> None:
        self.page(f"/ratings/?year={YEAR}", "ratings index")

    @task(5)
    def save_cell_grid(self) -> None:
        """Lower one member by a tier with the reason the rules ask for; the next save puts it back, then the next
        cell. The levels first shown are the ones the data allows, so going back is always valid."""
        if not self.cells:
            return
        url = f"/ratings/cell/{self.cells[self.cell_index]}/{YEAR}/"
        form = read_form(self.page(url, "grid of a cell (GET)"), "grid-form")
        data = dict(form.fields)
        if self.lowered:
            data[self.lowered[0]] = self.lowered[1]
            self.lowered = None
            self.cell_index = (self.cell_index + 1) % len(self.cells)
        else:
            levels = next(([v for v in values if v.isdigit()] for name, values in form.options.items()
                           if name.startswith("level_")), [])
            lowerable = [name for name, value in data.items() if name.startswith("level_") and value in levels[:3]]
            if lowerable:
                name = random.choice(lowerable)
                self.lowered = (name, data[name])
                data[name] = levels[levels.index(data[name]) + 1]
                data["override_reason"] = "Kiểm thử tải: hạ một mức, có lý do"
        self.post(url, "grid of a cell (POST save)", data)

    @task(1)
    def save_gpo_grid(self) -> None:
        """The GPO's grid (its cells and committees) saved as shown, as after checking it."""
        url = f"/ratings/grid/{self.gpo}/{YEAR}/"
        form = read_form(self.page(url, "grid of a GPO (GET)"), "grid-form")
        if form.fields:
            self.post(url, "grid of a GPO (POST save)", dict(form.fields))

    @task(2)
    def members(self) -> None:
        self.page("/members/", "member list")

    @task(2)
    def search(self) -> None:
        self.member_search(self.cells, "member search (commune)")

    @task(1)
    def hierarchy(self) -> None:
        self.page(f"/organizations/{self.gpo}/", "organization page")

    @task(1)
    def comparison(self) -> None:
        self.page("/reports/comparison/", "reports: comparison (default)")


class ProvincialStaff(_LoggedIn):
    """Provincial organizing-board staff: imports of a few hundred ratings, member searches, the province panel."""

    weight = 3

    def on_start(self) -> None:
        number = _next("provincial")
        self.plan = PLAN["provinces"][number % len(PLAN["provinces"])]
        self.username = self.plan["staff"]
        gpos = self.plan["import_gpos"]
        # Two users of one province (more users than provinces) import into different GPOs.
        gpo = str(gpos[(number // len(PLAN["provinces"])) % len(gpos)]) if gpos else None
        self.cards = self.plan["import_cards"].get(gpo, []) if gpo else []
        self.cells = [c["cells"][0] for c in PLAN["communes"] if c["province"] == self.plan["committee"] and c["cells"]]
        self.imports = 0
        super().on_start()

    @task(1)
    def import_ratings(self) -> None:
        """Upload a .csv of a few hundred member ratings, see the preview, confirm; tiers alternate between runs."""
        if not self.cards:
            return
        start = random.randrange(max(1, len(self.cards) - IMPORT_ROWS))
        self.imports += 1
        rows = "".join(f"{card},{YEAR},{2 + (position + self.imports) % 2}\n"
                       for position, card in enumerate(self.cards[start:start + IMPORT_ROWS]))
        self.page("/ratings/import/", "import (GET)")
        files = {"file": ("xep-loai.csv", (HEADER + rows).encode("utf-8"), "text/csv")}
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken")}
        with self.client.post("/ratings/import/", data=data, files=files, name="import (POST check)",
                              catch_response=True) as response:
            token = re.search(r'name="token" value="([0-9a-f]+)"', response.text or "")
            if response.status_code != 200 or not token:
                response.failure(f"no preview to confirm: {_alerts(response.text)[:2]}")
                return
        self.post("/ratings/import/confirm/", "import (POST confirm)", {"token": token.group(1)})

    @task(3)
    def search(self) -> None:
        self.member_search(self.cells, "member search (province)")

    @task(2)
    def members(self) -> None:
        self.page("/members/", "member list")

    @task(2)
    def panel(self) -> None:
        self.page(f"/reports/provinces/{self.plan['unit']}/", "reports: province panel")

    @task(1)
    def communes(self) -> None:
        self.page(f"/reports/provinces/{self.plan['unit']}/communes/?year={random.randint(FIRST_YEAR, YEAR)}",
                  "reports: communes of a province")

    @task(1)
    def hierarchy_search(self) -> None:
        self.page(f"/organizations/?q=xa+{random.choice('abcdghklmnpqstv')}", "hierarchy search")


class Approver(_LoggedIn):
    """Approvers of a province: submit, approve and reopen their review GPOs' year, one step per visit."""

    weight = 1
    NEXT_STEP = {"submit-cycle": "submit", "approve-cycle": "approve", "reopen-cycle": "reopen"}

    def on_start(self) -> None:
        number = _next("approver")
        self.plan = PLAN["provinces"][number % len(PLAN["provinces"])]
        self.username = self.plan["approver"]
        gpos = self.plan["review_gpos"]
        self.gpo = gpos[(number // len(PLAN["provinces"])) % len(gpos)] if gpos else None
        super().on_start()

    @task(3)
    def review_step(self) -> None:
        if self.gpo is None:
            return
        grid = self.page(f"/ratings/grid/{self.gpo}/{YEAR}/", "grid of a GPO (GET)")
        step = next((action for button, action in self.NEXT_STEP.items() if f'id="{button}"' in grid), None)
        if step is None:
            return
        data = {"next": f"/ratings/grid/{self.gpo}/{YEAR}/"}
        if step == "reopen":
            data["reason"] = "Kiểm thử tải: mở lại để rà soát"
        self.post(f"/ratings/cycle/{self.gpo}/{YEAR}/{step}/", f"review: {step} (POST)", data)

    @task(1)
    def checks(self) -> None:
        if self.gpo is not None:
            self.page(f"/ratings/checks/{self.gpo}/{YEAR}/", "check report")

    @task(1)
    def index(self) -> None:
        self.page(f"/ratings/?year={YEAR}", "ratings index")


class Analyst(_LoggedIn):
    """Analysts: the dashboards of all provinces, each time with other filters."""

    weight = 4

    def on_start(self) -> None:
        self.username = PLAN["analysts"][_next("analyst") % len(PLAN["analysts"])]
        super().on_start()

    def _filters(self) -> str:
        units = random.sample([p["unit"] for p in PLAN["provinces"]], random.randint(1, 6))
        first = random.randint(FIRST_YEAR, YEAR)
        params = [("subject", random.choice(["gpo", "cell", "member"])),
                  ("boundaries", random.choice(["as_they_were", "today"])),
                  ("measure", random.choice(["count", "share"])),
                  ("area", random.choice(["", "", "border", "highland"])),
                  ("year_from", first), ("year_to", random.randint(first, YEAR)), ("tier", random.randint(1, 4))]
        params += [("provinces", unit) for unit in units]
        return "&".join(f"{key}={value}" for key, value in params)

    @task(4)
    def comparison(self) -> None:
        self.page(f"/reports/comparison/?{self._filters()}", "reports: comparison (filtered)")

    @task(2)
    def trends(self) -> None:
        self.page(f"/reports/trends/?{self._filters()}", "reports: trends (filtered)")

    @task(2)
    def panel(self) -> None:
        self.page(f"/reports/provinces/{random.choice(PLAN['provinces'])['unit']}/", "reports: province panel")

    @task(1)
    def cells(self) -> None:
        commune = random.choice(PLAN["communes"])
        self.page(f"/reports/organizations/{commune['gpo']}/cells/?year={random.randint(FIRST_YEAR, YEAR)}",
                  "reports: cells of a commune")

    @task(1)
    def reports_index(self) -> None:
        self.page("/reports/", "reports: index")
