"""Run a web server and the background worker (`manage.py jobs_worker`) together, as `make run` and `make serve`
do: the worker is started again if it stops (it first re-queues what it left half-way), and both stop when the
server stops or this script is told to (Ctrl+C, SIGTERM).

Usage: python scripts/with_worker.py SERVER-COMMAND…
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# No autoreload: its parent process would outlive a SIGTERM; after a code change, start `make run` again.
WORKER = [sys.executable, str(ROOT / "manage.py"), "jobs_worker", "--interval", "1", "--no-reload"]


def _start(command: list[str]) -> subprocess.Popen:
    # A process group of its own: runserver's reloader runs a child that must stop with it.
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True)


def _signal(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM; a worker in the middle of a job gets a second one, which stops the job (rolled back, queued again
    for the next start) rather than waiting for its end; SIGKILL if it still has not gone."""
    for wait in (2, 10):
        _signal(process, signal.SIGTERM)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue
    _signal(process, signal.SIGKILL)
    process.wait()


def main(server_command: list[str]) -> int:
    stopping = []
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda number, _frame: stopping.append(number))
    worker, server = _start(WORKER), _start(server_command)
    while not stopping and server.poll() is None:
        if worker.poll() is not None:
            print(f"with_worker: the background worker stopped (exit {worker.returncode}); starting it again",
                  file=sys.stderr)
            time.sleep(1)
            worker = _start(WORKER)
        time.sleep(0.5)
    _stop(server)
    _stop(worker)
    return server.returncode if server.returncode and server.returncode > 0 else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
