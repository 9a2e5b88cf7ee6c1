"""Work done in a forked child process while the build goes on: the idle core's share.

MkDocs converts and renders pages one after the other on one core. What clausebook renders
besides the documents' Markdown (reports, exports, the control blocks of every document)
is not needed until MkDocs has converted every document, so a child process forked with the
finished manual in memory renders it meanwhile and hands back the result, pickled. Nothing
is sent to the child (it has the parent's memory), and a child that fails or dies costs
nothing but time: the work is then done in the build's own process, as without a child.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("clausebook.background")

T = TypeVar("T")


def available() -> bool:
    """Whether a child pays and is safe: Linux (where fork is the norm), a second core to
    run it on, and no other thread (a fork copies locks another thread may hold, which is
    why ``mkdocs serve``, with its server threads, renders in-process)."""
    return (
        sys.platform.startswith("linux")
        and len(os.sched_getaffinity(0)) > 1
        and threading.active_count() == 1
    )


class Background(Generic[T]):
    """``work()`` started in a forked child; :meth:`result` waits for what it returned."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run, args=(work, sender), name="clausebook-render", daemon=True
        )
        self._process.start()
        sender.close()  # the child holds the only writer: its end is the pipe's end
        log.debug(f"rendering in a background process (pid {self._process.pid})")

    def result(self) -> T:
        """What ``work()`` returned in the child; or, if the child failed, in this process."""
        try:
            outcome, value = self._receiver.recv()
        except (EOFError, OSError):
            outcome, value = "lost", f"exit code {self._process.exitcode}"
        finally:
            self._receiver.close()
            self._process.join()
        if outcome == "done":
            return value  # type: ignore[no-any-return]
        log.debug(f"the background process {outcome} ({value}): rendering in the build process")
        return self._work()

    def cancel(self) -> None:
        """Stop the child (the build failed: nobody will ask for its result)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receiver.close()


def _run(work: Callable[[], object], sender: Connection) -> None:
    """The child: do the work and send back what came of it, whatever happens."""
    try:
        sender.send(("done", work()))
    except Exception:  # the parent redoes the work, and meets the same error as its own
        sender.send(("failed", traceback.format_exc(limit=-3)))
    finally:
        sender.close()
