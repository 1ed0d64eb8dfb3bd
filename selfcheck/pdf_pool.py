"""PDFs made in rendering processes of their own, so that pages never wait behind a PDF.

Under gunicorn (gunicorn.conf.py), each worker forks its renderers right after gunicorn has
forked the worker, before the worker starts any thread (so the fork is safe), and they
inherit the app preloaded and warmed in the master: fonts, parsed stylesheets, layout code,
and the `StaticFilesOnly` fetcher, so a renderer fetches nothing either. They run at a lower
CPU priority (`os.nice`): when a page and a PDF both want the CPU, the page goes first.

A worker lets at most `processes + queue` PDFs be in hand at once; one more is refused
straight away with `PdfBusy` (errors.py: a friendly 503 with Retry-After), never left to
wait without bound. Anywhere the pool was not started (`flask run`, the command line, the
tests' client) the PDF is made in the calling process, one at a time, as before.

The HTML (with the person's answers) goes to the renderer through a pipe and the PDF comes
back the same way; nothing is written to disk or logged.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.synchronize import Semaphore

from .pdf import PdfRenderer

log = logging.getLogger(__name__)

# the signals gunicorn gives its worker a handler for: a renderer takes the default back
WORKER_SIGNALS = ("ABRT", "HUP", "QUIT", "TERM", "USR1", "USR2", "WINCH", "CHLD")

_renderer: PdfRenderer | None = None  # in a rendering process: the renderer it inherited
_pdf_made = threading.Event()  # in a rendering process: a PDF has just been handed back


class PdfBusy(Exception):
    """Every renderer is busy and the queue is full: ask again in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"every PDF renderer is busy; try again in {retry_after} s")
        self.retry_after = retry_after


def _start_renderer(
    renderer: PdfRenderer, niceness: int, close: tuple[int, ...], ready: Semaphore
) -> None:
    """In a new rendering process: default signals, a lower priority, warm memory."""
    global _renderer
    for name in WORKER_SIGNALS:
        signal.signal(getattr(signal, f"SIG{name}"), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the worker stops its renderers
    for fd in close:  # the worker's listening sockets: a renderer never takes a request
        with contextlib.suppress(OSError):
            os.close(fd)
    os.nice(niceness)
    parent = os.getppid()
    threading.Thread(target=_leave_with, args=(parent,), daemon=True).start()
    _renderer = renderer
    # the fork shares the master's warmed memory; touching it now, before the first person,
    # moves the cost of the first copy-on-write faults out of their PDF
    renderer.warm_up()
    # the garbage collector need never walk the long-lived objects inherited from the
    # master (the app, fonts, styles): only each PDF's own
    gc.collect()
    gc.freeze()
    # and collects each PDF's garbage once the PDF is on its way back, not while it is made
    # (the collector ran some 20 times in each PDF: about 5 ms of its 130)
    gc.disable()
    threading.Thread(target=_collect_after_each_pdf, daemon=True).start()
    ready.release()


def _leave_with(parent: int) -> None:
    """Stop when the worker is gone (killed, say): a forked renderer holds both ends of its
    job pipe, so it would never read the end of it, and would wait for ever."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _collect_after_each_pdf() -> None:
    """In a rendering process, whose collector is off: collect after each PDF, a moment
    after it has been made, when the process's main thread has sent it back."""
    while True:
        _pdf_made.wait()
        _pdf_made.clear()
        time.sleep(0.002)  # the PDF's bytes go back to the worker first
        gc.collect()


def _render(
    html: str,
    paper_size: str | None,
    page_words: tuple[str, str],
    stylesheet: str | None,
    large_print: bool,
) -> bytes:
    assert _renderer is not None, "not a rendering process"
    try:
        return _renderer.render(html, paper_size, page_words, stylesheet, large_print)
    finally:
        _pdf_made.set()


class PdfPool:
    """The app's PDF maker as the views see it: `render` as PdfRenderer's, done by this
    process's renderers once `start` has made them, and by the renderer itself until then."""

    def __init__(
        self,
        renderer: PdfRenderer,
        processes: int = 1,
        queue: int = 1,
        niceness: int = 5,
        retry_after: int = 1,
    ) -> None:
        self.renderer = renderer
        self.processes, self.queue = processes, queue
        self.niceness, self.retry_after = niceness, retry_after
        self._executor: ProcessPoolExecutor | None = None
        self._owner: int | None = None  # the process whose renderers these are
        self._slots = threading.BoundedSemaphore(processes + queue)
        self._in_hand, self._counting = 0, threading.Lock()  # PDFs holding a slot
        self._in_process = threading.Lock()  # without renderers: one PDF at a time
        self._on_broken: Callable[[], None] | None = None

    @property
    def started(self) -> bool:
        return self._owner == os.getpid() and self._executor is not None

    def start(self, close: Iterable[int] = (), on_broken: Callable[[], None] | None = None):
        """Fork this process's renderers and wait until they are warm. Call it while the
        process has no other thread (gunicorn's post_worker_init). `close`: file descriptors
        a renderer must not keep (the worker's listening sockets); `on_broken`: called if a
        renderer dies, to have this process replaced (a new fork, from a safe place)."""
        if self.processes < 1 or self.started:
            return
        if threading.active_count() > 1:
            log.warning("PDF renderers forked beside %d threads", threading.active_count())
        context = multiprocessing.get_context("fork")
        ready = context.Semaphore(0)
        self._executor = ProcessPoolExecutor(
            self.processes,
            mp_context=context,
            initializer=_start_renderer,
            initargs=(self.renderer, self.niceness, tuple(close), ready),
        )
        self._slots = threading.BoundedSemaphore(self.processes + self.queue)
        self._owner, self._on_broken = os.getpid(), on_broken
        self._executor.submit(os.getpid).result()  # with fork, all renderers start now
        for _ in range(self.processes):
            ready.acquire(timeout=60)

    def stop(self) -> None:
        if self._executor is not None and self.started:
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor, self._owner = None, None

    def has_room(self) -> bool:
        """Whether a PDF asked for now would be taken (`render` still decides)."""
        return not self.started or self._in_hand < self.processes + self.queue

    def check_room(self) -> None:
        """Raise PdfBusy now if a PDF asked for now would be refused, before its HTML is
        made: a refusal should cost as little as it can."""
        if not self.has_room():
            raise PdfBusy(self.retry_after)

    def render(
        self,
        html: str,
        paper_size: str | None = None,
        page_words: tuple[str, str] = ("Page", "of"),
        stylesheet: str | None = None,
        large_print: bool = False,
    ) -> bytes:
        """As PdfRenderer.render; raises PdfBusy when `processes + queue` PDFs are already
        being made or waiting in this process."""
        args = (html, paper_size, page_words, stylesheet, large_print)
        if not self.started:
            return self._here(*args)
        if not self._slots.acquire(blocking=False):
            raise PdfBusy(self.retry_after)
        with self._counting:
            self._in_hand += 1
        try:
            assert self._executor is not None
            job = self._executor.submit(_render, *args)
            return job.result()
        except BrokenProcessPool:
            # a renderer died (killed, out of memory): make this one here, and have the
            # process replaced, since forking new renderers from it is no longer safe
            log.error("a PDF renderer stopped; this worker will be replaced")
            self._executor, self._owner = None, None
            if self._on_broken is not None:
                self._on_broken()
            return self._here(*args)
        finally:
            with self._counting:
                self._in_hand -= 1
            self._slots.release()

    def _here(self, *args) -> bytes:
        with self._in_process:
            return self.renderer.render(*args)
