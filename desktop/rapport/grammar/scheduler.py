"""When to check which paragraph. Qt-free; one worker thread, plain data out.

The editor calls :meth:`GrammarScheduler.set_paragraphs` on every edit (cheap:
it compares strings and never waits for a check). After a typing pause the
worker sends the first paragraph that changed since its last check to the
backend, one at a time. Finished results wait in a queue; the worker calls
``notify`` (from its own thread) so the editor can schedule
:meth:`take_results` on the UI thread, which hands back only results whose
paragraph still has the text that was checked: a result for an older revision
of a paragraph is dropped there, in the thread that owns the text.

Results are cached by paragraph text, so undo, moving a paragraph or inserting
a line above it costs no new check.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapport.analysis.model import Finding
from rapport.grammar.service import CheckResult


@dataclass(frozen=True, slots=True)
class ParagraphFindings:
    """Grammar/spelling findings for paragraph ``index`` (offsets relative to the paragraph)."""

    index: int
    text: str
    findings: tuple[Finding, ...]
    backend: str
    error: str | None = None
    starting: bool = False


@dataclass(slots=True)
class _Checked:
    result: CheckResult
    at: float


class GrammarScheduler:
    """Checks changed paragraphs after a pause, one job in flight, results by revision."""

    def __init__(
        self,
        check: Callable[[str], CheckResult],
        *,
        pause: float = 0.8,
        notify: Callable[[], None] | None = None,
        retry_degraded_after: float = 30.0,
        retry_starting_after: float = 2.0,
        cache_size: int = 2000,
    ) -> None:
        self._check = check
        self.pause = pause
        self._notify = notify
        self.retry_degraded_after = retry_degraded_after
        self.retry_starting_after = retry_starting_after
        self._cache_size = cache_size
        self._clock = time.monotonic
        self._cond = threading.Condition()
        self._paragraphs: list[str] = []
        self._last_edit = time.monotonic()
        self._cache: OrderedDict[str, _Checked] = OrderedDict()
        self._results: list[ParagraphFindings] = []
        self._in_flight: str | None = None
        self._stopped = False
        #: Counters for tests and diagnostics.
        self.checks_sent = 0
        self.results_dropped = 0
        self._worker = threading.Thread(target=self._run, name="grammar-scheduler", daemon=True)
        self._worker.start()

    # -- UI thread -----------------------------------------------------------------------

    def set_paragraphs(self, paragraphs: Sequence[str]) -> dict[int, ParagraphFindings | None]:
        """The document's paragraphs now. Returns what is known at once for changed ones.

        For every index whose text changed, the value is the cached findings for
        the new text, or None when it still needs a check (clear its underlines).
        """
        with self._cond:
            old = self._paragraphs
            new = list(paragraphs)
            changed: dict[int, ParagraphFindings | None] = {}
            for index, text in enumerate(new):
                if index < len(old) and old[index] == text:
                    continue
                changed[index] = self._known(index, text)
            if changed or len(new) != len(old):
                self._paragraphs = new
                self._last_edit = self._clock()
                self._cond.notify_all()
            return changed

    def take_results(self) -> list[ParagraphFindings]:
        """Finished checks whose paragraph still holds the checked text."""
        with self._cond:
            results, self._results = self._results, []
            current = self._paragraphs
            fresh = []
            for item in results:
                if item.index < len(current) and current[item.index] == item.text:
                    fresh.append(item)
                else:
                    self.results_dropped += 1
            return fresh

    def invalidate(self) -> None:
        """Forget every result (backend or dictionary changed); all paragraphs are rechecked."""
        with self._cond:
            self._cache.clear()
            self._last_edit = self._clock()
            self._cond.notify_all()

    def stop(self) -> None:
        """Tell the worker to stop, without waiting; a result still to come is discarded."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def close(self, timeout: float = 5.0) -> None:
        """Stop the worker; a check in flight finishes in the background and is discarded.

        Waits at most ``timeout`` for the worker (a daemon thread): end the check
        first (the service's ``close`` aborts it) to have it return at once.
        """
        self.stop()
        self._worker.join(timeout)

    @property
    def busy(self) -> bool:
        """True while a check is in flight."""
        with self._cond:
            return self._in_flight is not None

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is left to check (for tests and the command line)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._in_flight is not None or self._next_job() is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
            return True

    # -- worker thread -------------------------------------------------------------------

    def _known(self, index: int, text: str) -> ParagraphFindings | None:
        if not text.strip():
            return ParagraphFindings(index, text, (), "")
        checked = self._cache.get(text)
        if checked is None:
            return None
        self._cache.move_to_end(text)
        result = checked.result
        return ParagraphFindings(
            index, text, result.findings, result.backend, result.error, result.starting
        )

    def _stale(self, checked: _Checked, now: float) -> bool:
        result = checked.result
        if result.starting:
            return now - checked.at >= self.retry_starting_after
        if result.degraded:
            return now - checked.at >= self.retry_degraded_after
        return False

    def _next_job(self) -> str | None:
        """The first paragraph that needs a check (called with the lock held)."""
        now = self._clock()
        for text in self._paragraphs:
            if not text.strip() or text == self._in_flight:
                continue
            checked = self._cache.get(text)
            if checked is None or self._stale(checked, now):
                return text
        return None

    def _next_retry_in(self) -> float | None:
        """Seconds until a degraded result for a current paragraph is due again."""
        now = self._clock()
        waits = []
        for text in self._paragraphs:
            checked = self._cache.get(text)
            if checked is not None and checked.result.degraded:
                limit = (
                    self.retry_starting_after
                    if checked.result.starting
                    else self.retry_degraded_after
                )
                waits.append(max(0.0, checked.at + limit - now))
        return min(waits) if waits else None

    def _run(self) -> None:
        while True:
            with self._cond:
                text = self._wait_for_job()
                if text is None:
                    return
                self._in_flight = text
            result = self._safe_check(text)
            with self._cond:
                self._in_flight = None
                self.checks_sent += 1
                if self._stopped:
                    return
                self._cache[text] = _Checked(result, self._clock())
                self._cache.move_to_end(text)
                # Never evict below the document's own size: a paragraph evicted
                # while still on screen would be checked again, forever.
                limit = max(self._cache_size, 2 * len(self._paragraphs))
                while len(self._cache) > limit:
                    self._cache.popitem(last=False)
                delivered = False
                for index, current in enumerate(self._paragraphs):
                    if current == text:
                        self._results.append(
                            ParagraphFindings(
                                index,
                                text,
                                result.findings,
                                result.backend,
                                result.error,
                                result.starting,
                            )
                        )
                        delivered = True
                if not delivered:
                    self.results_dropped += 1  # the paragraph changed while it was checked
                self._cond.notify_all()
            if delivered and self._notify is not None:
                self._notify()

    def _wait_for_job(self) -> str | None:
        """With the lock held: the next paragraph once the typing pause is over."""
        while not self._stopped:
            quiet_for = self._clock() - self._last_edit
            if quiet_for < self.pause:
                self._cond.wait(self.pause - quiet_for)
                continue
            text = self._next_job()
            if text is not None:
                return text
            self._cond.wait(self._next_retry_in())
        return None

    def _safe_check(self, text: str) -> CheckResult:
        try:
            return self._check(text)
        except Exception as error:  # a backend bug must not stop the worker
            return CheckResult((), "", f"The grammar check failed: {error}")
