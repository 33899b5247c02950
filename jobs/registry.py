"""Which functions may run as background jobs, by name.

A job function takes the running job (`JobRun`: its user, `progress()` and `stage()`) and the job's keyword
arguments (JSON values), and returns a JSON-able dict: `message` (shown to people), optionally `url` and
`link_text` (where to go next), anything else the app's own pages read back. It must be all or nothing (one
transaction for its writes): a worker can be killed at any instant, and the job is then run again from the start
or marked failed. Expected refusals raise `JobFailed` with the message people should read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JobFunction = Callable[..., dict[str, Any]]
_FUNCTIONS: dict[str, JobFunction] = {}


class JobFailed(Exception):
    """A refusal to show as it is (a file with errors, a year already approved…), not a crash."""


def job_function(name: str) -> Callable[[JobFunction], JobFunction]:
    """Register a function under `name` (e.g. "ratings.import_check"), so that a job can name it."""

    def register(function: JobFunction) -> JobFunction:
        if _FUNCTIONS.get(name, function) is not function:
            raise ValueError(f"Two job functions named {name!r}")
        _FUNCTIONS[name] = function
        return function

    return register


def lookup(name: str) -> JobFunction:
    try:
        return _FUNCTIONS[name]
    except KeyError as exc:
        raise LookupError(f"No job function named {name!r} (is the app's jobs module imported?)") from exc
