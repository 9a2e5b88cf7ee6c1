"""The background process: its result, and the build process taking over when it fails."""

from __future__ import annotations

import os
import threading
import time

import pytest

from clausebook.mkdocs import background
from clausebook.mkdocs.background import Background

PARENT = os.getpid()


def test_the_work_runs_in_another_process_and_its_result_comes_back() -> None:
    result = Background(lambda: (os.getpid(), "服务管理体系", b"\x00" * 200_000)).result()
    pid, text, data = result
    assert pid != PARENT  # done by the child...
    assert text == "服务管理体系" and data == b"\x00" * 200_000  # ...and handed back whole


def _dies_in_the_child() -> str:
    if os.getpid() != PARENT:
        os._exit(3)
    return "done by the build process"


def _raises_in_the_child() -> str:
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return "done by the build process"


def _unpicklable_in_the_child() -> object:
    if os.getpid() != PARENT:
        return threading.Lock()
    return "done by the build process"


@pytest.mark.parametrize(
    "work", [_dies_in_the_child, _raises_in_the_child, _unpicklable_in_the_child]
)
def test_a_child_that_fails_leaves_the_work_to_the_build_process(work: object) -> None:
    assert Background(work).result() == "done by the build process"  # type: ignore[arg-type]


def test_cancel_stops_the_child_at_once() -> None:
    task = Background(lambda: time.sleep(60))
    start = time.monotonic()
    task.cancel()
    assert time.monotonic() - start < 10
    assert not task._process.is_alive()


def test_no_background_process_while_another_thread_runs() -> None:
    """A fork copies the locks other threads hold (``mkdocs serve`` runs its server in
    threads), so with a second thread the work stays in the build process."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not background.available()
    finally:
        stop.set()
        thread.join()
