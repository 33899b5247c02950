"""Hostile files within the upload limit are read or refused in under 10 s and 500 MB each, with the message a
user needs. Each file is generated here (nothing large is committed) and read in a child process of its own, so
that its time and peak memory are its own."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.ratings.hostile_files import CORPUS

SECONDS = 10
PEAK_MB = 500


def _read_in_child(path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "partyquality.settings"}
    done = subprocess.run([sys.executable, "-m", "tests.ratings.hostile_files", str(path)], cwd=settings.BASE_DIR,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("case", "make"), CORPUS, ids=[case.name for case, _make in CORPUS])
def test_a_hostile_file_is_read_or_refused_within_10_seconds_and_500_mb(tmp_path, case, make):
    path = tmp_path / case.filename
    path.write_bytes(make())
    assert path.stat().st_size <= 20 * 1024 * 1024  # within the upload limit: the reader itself must cope
    result = _read_in_child(path)
    assert result["seconds"] < SECONDS, result
    assert result["peak_mb"] < PEAK_MB, result
    assert result["outcome"] == case.expect, result
    assert case.says in result["message"], result
    if case.rows is not None:
        assert result["rows"] == case.rows, result
