"""The paragraph scheduler: changed paragraphs only, one job at a time, stale results dropped."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fake_languagetool import FakeLanguageTool

from rapport.analysis.model import Finding
from rapport.grammar import (
    BACKEND_LT_SERVER,
    CheckResult,
    GrammarScheduler,
    service_from_settings,
)
from rapport.settings import Settings


class RecordingBackend:
    """Flags every "teh"; records what it was sent and how many checks overlapped."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self.gate: dict[str, threading.Event] = {}
        self.entered: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def hold(self, text: str) -> None:
        """Make the check of ``text`` wait until :meth:`release`."""
        self.gate[text] = threading.Event()
        self.entered[text] = threading.Event()

    def release(self, text: str) -> None:
        self.gate[text].set()

    def check(self, text: str) -> CheckResult:
        with self._lock:
            self.sent.append(text)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        if text in self.gate:
            self.entered[text].set()
            self.gate[text].wait(10)
        else:
            time.sleep(0.01)
        with self._lock:
            self.running -= 1
        findings = tuple(
            Finding("typo", "spelling", index, index + 3, "typo")
            for index in range(len(text))
            if text.startswith("teh", index)
        )
        return CheckResult(findings, "recording")


@pytest.fixture
def backend() -> RecordingBackend:
    return RecordingBackend()


@pytest.fixture
def scheduler(backend: RecordingBackend) -> Iterator[GrammarScheduler]:
    scheduler = GrammarScheduler(backend.check, pause=0.05)
    yield scheduler
    scheduler.close()


def test_each_paragraph_is_checked_once_and_results_come_back_per_paragraph(
    scheduler: GrammarScheduler, backend: RecordingBackend
) -> None:
    paragraphs = ["Hi teh team,", "", "All good.", "See teh notes."]
    changed = scheduler.set_paragraphs(paragraphs)
    assert changed[0] is None and changed[3] is None  # unknown yet: clear underlines
    assert changed[1] is not None and changed[1].findings == ()  # blank: nothing to check
    assert scheduler.wait_idle(10)
    results = {item.index: item for item in scheduler.take_results()}
    assert sorted(backend.sent) == sorted(["Hi teh team,", "All good.", "See teh notes."])
    assert [(f.start, f.end) for f in results[0].findings] == [(3, 6)]
    assert [(f.start, f.end) for f in results[3].findings] == [(4, 7)]
    assert results[2].findings == () and results[2].backend == "recording"


def test_only_changed_paragraphs_are_sent_again(
    scheduler: GrammarScheduler, backend: RecordingBackend
) -> None:
    scheduler.set_paragraphs(["One.", "Two.", "Three."])
    assert scheduler.wait_idle(10)
    scheduler.take_results()
    backend.sent.clear()
    scheduler.set_paragraphs(["One.", "Two teh.", "Three."])
    assert scheduler.wait_idle(10)
    assert backend.sent == ["Two teh."]
    assert [item.index for item in scheduler.take_results()] == [1]


def test_moved_and_restored_paragraphs_come_from_the_cache(
    scheduler: GrammarScheduler, backend: RecordingBackend
) -> None:
    scheduler.set_paragraphs(["Hi teh team,", "Bye."])
    assert scheduler.wait_idle(10)
    sent_before = len(backend.sent)
    changed = scheduler.set_paragraphs(["New line.", "Hi teh team,", "Bye."])  # inserted above
    assert changed[1] is not None and [(f.start, f.end) for f in changed[1].findings] == [(3, 6)]
    assert changed[2] is not None
    assert scheduler.wait_idle(10)
    assert backend.sent[sent_before:] == ["New line."]


def test_nothing_is_sent_while_the_user_is_still_typing(backend: RecordingBackend) -> None:
    scheduler = GrammarScheduler(backend.check, pause=60.0)
    try:
        for length in range(1, 30):
            scheduler.set_paragraphs(["Thanks for the call"[:length]])
        time.sleep(0.3)
        assert backend.sent == []
    finally:
        scheduler.close()


def test_one_job_in_flight_and_a_result_for_an_older_revision_is_dropped(
    scheduler: GrammarScheduler, backend: RecordingBackend
) -> None:
    backend.hold("Old teh text.")
    scheduler.set_paragraphs(["Old teh text.", "Other."])
    assert backend.entered["Old teh text."].wait(10)
    scheduler.set_paragraphs(["New text.", "Other."])  # the user edits during the check
    assert scheduler.busy
    backend.release("Old teh text.")
    assert scheduler.wait_idle(10)
    results = scheduler.take_results()
    assert {item.text for item in results} == {"New text.", "Other."}
    assert scheduler.results_dropped >= 1
    assert backend.most_at_once == 1


def test_a_result_that_arrives_after_a_later_edit_is_not_applied(
    scheduler: GrammarScheduler,
) -> None:
    scheduler.set_paragraphs(["Hi teh team,"])
    assert scheduler.wait_idle(10)
    scheduler.set_paragraphs(["Hi the team,"])  # edited before the UI took the result
    assert all(item.text == "Hi the team," for item in scheduler.take_results())


def test_notify_is_called_from_the_worker_when_results_wait(backend: RecordingBackend) -> None:
    woken = threading.Event()
    scheduler = GrammarScheduler(backend.check, pause=0.01, notify=woken.set)
    try:
        scheduler.set_paragraphs(["teh"])
        assert woken.wait(10)
        assert [item.text for item in scheduler.take_results()] == ["teh"]
    finally:
        scheduler.close()


def test_a_failing_backend_does_not_stop_the_scheduler() -> None:
    def broken(text: str) -> CheckResult:
        if text == "boom":
            raise RuntimeError("backend bug")
        return CheckResult((), "ok")

    scheduler = GrammarScheduler(broken, pause=0.01)
    try:
        scheduler.set_paragraphs(["boom", "fine"])
        assert scheduler.wait_idle(10)
        results = {item.text: item for item in scheduler.take_results()}
        assert "backend bug" in (results["boom"].error or "")
        assert results["fine"].error is None
    finally:
        scheduler.close()


def test_with_a_real_service_and_a_slow_server_edits_never_wait(
    fake_lt: FakeLanguageTool,
) -> None:
    fake_lt.set_mode("slow", delay=0.5)
    service = service_from_settings(
        Settings(grammar_backend="server", languagetool_url=fake_lt.url), env={}
    )
    scheduler = GrammarScheduler(service.check, pause=0.01)
    try:
        scheduler.set_paragraphs(["Thanks for teh call."])
        deadline = time.monotonic() + 10
        while not scheduler.busy and time.monotonic() < deadline:
            time.sleep(0.01)
        assert scheduler.busy
        # An edit while the check is in flight: its result (older revision) is dropped.
        scheduler.set_paragraphs(["Thanks for teh call!"])
        assert scheduler.wait_idle(20)
        (item,) = scheduler.take_results()
        assert item.text == "Thanks for teh call!" and item.backend == BACKEND_LT_SERVER
        assert [item.text[f.start : f.end] for f in item.findings] == ["teh"]
    finally:
        scheduler.close()
        service.close()


def test_results_from_the_fallback_are_replaced_once_languagetool_is_up() -> None:
    calls: list[str] = []

    def check(text: str) -> CheckResult:
        calls.append(text)
        if len(calls) == 1:  # LanguageTool still starting: offline spelling answered
            return CheckResult((), "offline-spelling", starting=True)
        return CheckResult((Finding("g", "grammar", 0, 3, "grammar"),), "languagetool-local")

    scheduler = GrammarScheduler(check, pause=0.01, retry_starting_after=0.05)
    try:
        scheduler.set_paragraphs(["you was right"])
        deadline = time.monotonic() + 10
        backends: list[str] = []
        while "languagetool-local" not in backends and time.monotonic() < deadline:
            backends += [item.backend for item in scheduler.take_results()]
            time.sleep(0.01)
        assert backends == ["offline-spelling", "languagetool-local"]
        assert scheduler.wait_idle(10)
        assert calls == ["you was right", "you was right"]  # and then no more retries
    finally:
        scheduler.close()


def test_a_document_bigger_than_the_cache_is_checked_once_not_forever(
    backend: RecordingBackend,
) -> None:
    """Regression: results evicted while their paragraph was still on screen were
    checked again and again, so a big paste kept the checker busy forever."""
    scheduler = GrammarScheduler(backend.check, pause=0.01, cache_size=10)
    try:
        paragraphs = [f"Paragraph number {index}." for index in range(60)]
        scheduler.set_paragraphs(paragraphs)
        assert scheduler.wait_idle(20)
        time.sleep(0.2)  # a worker that kept going would have sent more by now
        assert sorted(backend.sent) == sorted(paragraphs)
    finally:
        scheduler.close()
