"""Light pages: static files are sent compressed under `make run` and `make serve` alike, no source map is shipped,
and the first load of the comparison page stays within its byte budget."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

PLOTLY = "vendor/plotly/plotly-bar-scatter.min.js"
SOURCE = Path(settings.BASE_DIR) / "static" / PLOTLY


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("gzip, deflate, br", "br", brotli.decompress), ("gzip, deflate", "gzip", gzip.decompress), ("", None, bytes)],
)
def test_a_script_is_sent_in_the_smallest_encoding_the_browser_accepts(client, accept, encoding, decode):
    response = client.get(static(PLOTLY), HTTP_ACCEPT_ENCODING=accept)
    body = _body(response)
    assert response.status_code == 200
    assert response.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response["Vary"]
    assert decode(body) == SOURCE.read_bytes()
    if encoding:
        assert len(body) < 0.4 * SOURCE.stat().st_size


def test_make_run_serves_the_same_compressed_files_under_their_plain_names(settings):
    settings.DEBUG = True  # what `make run` has: Django names the files without their hash
    url = static(PLOTLY)
    assert url == f"/static/{PLOTLY}"
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200 and response["Content-Encoding"] == "br"
    assert brotli.decompress(_body(response)) == SOURCE.read_bytes()


def test_production_names_carry_a_hash_and_may_be_cached_for_ever(client):
    url = static(PLOTLY)
    assert re.fullmatch(r"/static/vendor/plotly/plotly-bar-scatter\.min\.[0-9a-f]{12}\.js", url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert "immutable" in response["Cache-Control"]


def test_no_source_map_is_shipped_named_or_served(client):
    collected = Path(settings.STATIC_ROOT)
    assert not list(collected.rglob("*.map"))
    for path in [*collected.rglob("*.js"), *collected.rglob("*.css")]:
        assert b"sourceMappingURL" not in path.read_bytes(), path
    for name in ("vendor/bootstrap/bootstrap.min.css.map", "vendor/bootstrap/bootstrap.bundle.min.js.map"):
        assert client.get(f"/static/{name}").status_code == 404


@pytest.mark.django_db
def test_pages_are_compressed_for_browsers_that_accept_gzip(analyst_client_with_encoding):
    response = analyst_client_with_encoding.get(reverse("reports:comparison"), {"subject": "member"})
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert "<html" in gzip.decompress(response.content).decode()


@pytest.mark.django_db
def test_the_first_load_of_the_comparison_page_stays_within_500_kb(nghe_an):
    output = io.StringIO()
    call_command("bench_first_load", stdout=output)
    lines = output.getvalue().splitlines()
    sent = {line.split()[-1]: line.split()[2] for line in lines[:-2]}
    assert sent[static(PLOTLY)] == "br" and sent[static("vendor/bootstrap/bootstrap.min.css")] == "br"
    assert sent[reverse("reports:comparison") + "?subject=member&boundaries=today"] == "gzip"
    total = re.fullmatch(r"bench: first load = (\d+) KB \(goal ≤ 500 KB\)", lines[-1])
    assert total and 0 < int(total.group(1)) <= 500


@pytest.fixture
def analyst_client_with_encoding(analyst):
    client = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    client.force_login(analyst)
    return client
