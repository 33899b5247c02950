"""Bytes a browser receives on its first load of the comparison page: the HTML, then its stylesheets, scripts and
the fonts the stylesheets name, each as sent to a browser that accepts gzip and br (bodies as sent; headers not
counted).

Without --url it asks this process's Django through the whole middleware stack (whitenoise, GZip), as a transient
analyst whose rows are rolled back: run it with DEBUG=1 for what `make run` sends, DEBUG=0 for `make serve`. With
--url it logs in to a running server over HTTP. Ends with `bench: first load = N KB (goal ≤ 500 KB)`.
"""

from __future__ import annotations

import gzip
import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import brotli
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from organizations.models import UserScope

GOAL_KB = 500
HTML_GOAL_KB = 100
ACCEPT_ENCODING = "gzip, deflate, br"
# All provinces and all years (the default filters), members, boundaries of today: the analysts' widest view.
QUERY = "?subject=member&boundaries=today"
_FONT_URL = re.compile(r"""url\(\s*['"]?([^'")]+\.(?:woff2?|ttf|otf|eot)(?:[?#][^'")]*)?)['"]?\s*\)""", re.I)


@dataclass
class Fetched:
    url: str
    status: int
    encoding: str  # Content-Encoding, "" when none
    body: bytes  # as sent

    def decoded(self) -> bytes:
        if self.encoding == "br":
            return brotli.decompress(self.body)
        if self.encoding == "gzip":
            return gzip.decompress(self.body)
        if self.encoding == "deflate":
            return zlib.decompress(self.body)
        return self.body


class _Assets(HTMLParser):
    """The stylesheets and scripts a page asks for, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split() and values.get("href"):
            self.urls.append(values["href"])
        elif tag == "link" and values.get("as") == "font" and values.get("href"):
            self.urls.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.urls.append(values["src"])


class _LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Browsers send Secure cookies to http://localhost and 127.0.0.1 (trustworthy origins, as in a trial of
    `make serve` without TLS); urllib would not, and the login would not hold."""

    def return_ok_secure(self, cookie, request) -> bool:
        host = urllib.parse.urlsplit(request.get_full_url()).hostname
        return host in ("localhost", "127.0.0.1", "::1") or super().return_ok_secure(cookie, request)


def first_load(fetch: Callable[[str], Fetched], page: str) -> list[Fetched]:
    """The page, then every stylesheet, script and font it loads (each once)."""
    html = fetch(page)
    if html.status != 200:
        raise CommandError(f"{page} answered {html.status}")
    parser = _Assets()
    parser.feed(html.decoded().decode("utf-8"))
    fetched, seen = [html], set()
    queue = [urllib.parse.urljoin(page, url) for url in parser.urls]
    while queue:
        url = queue.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        resource = fetch(url)
        if resource.status != 200:
            raise CommandError(f"{url} answered {resource.status}")
        fetched.append(resource)
        if url.split("?")[0].endswith(".css"):
            queue += [urllib.parse.urljoin(url, font) for font in _FONT_URL.findall(resource.decoded().decode("utf-8"))]
    return fetched


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


class Command(BaseCommand):
    help = "Bytes transferred on the first load of the comparison page (HTML, CSS, JS, fonts), goal ≤ 500 KB."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", help="a running server, e.g. http://127.0.0.1:8000 (default: in process)")
        parser.add_argument("--username", default="analyst", help="with --url: an analyst's user name")
        parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", ""),
                            help="with --url: the password (default: $DEMO_PASSWORD)")

    def handle(self, *args, **options) -> None:
        page_path = reverse("reports:comparison") + QUERY
        if options["url"]:
            fetch = self._http(options["url"].rstrip("/"), options["username"], options["password"])
            fetched = first_load(fetch, options["url"].rstrip("/") + page_path)
        else:
            with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
                fetched = first_load(self._in_process(), page_path)
                transaction.set_rollback(True)
        for resource in fetched:
            self.stdout.write(f"{_kb(len(resource.body)):>8}  {resource.encoding or 'identity':<8}  {resource.url}")
        html = fetched[0]
        self.stdout.write(f"html: {_kb(len(html.body))} sent, {_kb(len(html.decoded()))} uncompressed "
                          f"(goal ≤ {HTML_GOAL_KB} KB uncompressed)")
        total = sum(len(resource.body) for resource in fetched)
        self.stdout.write(f"bench: first load = {total / 1024:.0f} KB (goal ≤ {GOAL_KB} KB)")

    def _in_process(self) -> Callable[[str], Fetched]:
        user = get_user_model().objects.create(username=f"first-load-{uuid.uuid4().hex[:12]}")
        UserScope.objects.create(user=user, role=UserScope.Role.ANALYST)
        client = Client(HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING)
        client.force_login(user)

        def fetch(url: str) -> Fetched:
            response = client.get(url, secure=settings.SECURE_SSL_REDIRECT)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            return Fetched(url, response.status_code, response.get("Content-Encoding", ""), body)

        return fetch

    def _http(self, base: str, username: str, password: str) -> Callable[[str], Fetched]:
        cookies = http.cookiejar.CookieJar(policy=_LoopbackCookies())
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

        def fetch(url: str, data: bytes | None = None) -> Fetched:
            request = urllib.request.Request(url, data=data, headers={"Accept-Encoding": ACCEPT_ENCODING,
                                                                      "Referer": base + "/"})
            try:
                with opener.open(request, timeout=60) as response:
                    return Fetched(response.url, response.status, response.headers.get("Content-Encoding", ""),
                                   response.read())
            except urllib.error.HTTPError as error:
                return Fetched(url, error.code, "", error.read())

        login_url = base + reverse("login")
        form = fetch(login_url).decoded().decode("utf-8")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        if not token:
            raise CommandError(f"no login form at {login_url}")
        answer = fetch(login_url, urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}).encode())
        if answer.url.startswith(login_url):
            raise CommandError(f"could not log in as {username} (give --password or set DEMO_PASSWORD)")
        return fetch
