"""A server that trickles its answer, one byte every 2 s, is timed out, and never holds up closing.

The stand-in is a real HTTP server on 127.0.0.1 (``fake_languagetool.py``, mode
``trickle``): each byte comes well within any per-read timeout, so only a
deadline on the whole check ends it. Every check here runs in its own thread,
so a client without a deadline fails the test instead of hanging it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from fake_languagetool import FakeLanguageTool

from rapport.grammar import (
    BACKEND_LT_SERVER,
    BACKEND_OFFLINE,
    BackendState,
    GrammarScheduler,
    GrammarService,
    OfflineSpeller,
)
from rapport.grammar.languagetool import LanguageToolBackend

#: The whole-check deadline these tests give the client (the per-read gap is 2 s).
DEADLINE = 3.0
#: Slack on top of a deadline for a loaded two-core machine.
SLACK = 2.0
TEXT = "Thanks for teh call."


def in_thread(work: Callable[[], Any], wait: float) -> tuple[Any, float]:
    """Run ``work`` in a thread; (its result, seconds it took). Fails if still running."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(wait)
    took = time.monotonic() - started
    assert not thread.is_alive(), f"still waiting after {took:.1f} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value"), took


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def check(service: GrammarService, text: str = TEXT, wait: float = DEADLINE + 30) -> Any:
    """``service.check`` in a thread: a stuck check fails the test instead of hanging it."""
    return in_thread(lambda: service.check(text), wait)[0]


def service_for(fake: FakeLanguageTool, timeout: float = DEADLINE) -> GrammarService:
    url = fake.url
    backend = LanguageToolBackend(
        lambda: url, timeout=timeout, describe=lambda: f"LanguageTool server at {url}"
    )
    return GrammarService(backend, OfflineSpeller())


def test_a_trickling_server_is_timed_out_and_offline_spelling_answers(
    fake_lt: FakeLanguageTool,
) -> None:
    service = service_for(fake_lt)
    assert check(service).backend == BACKEND_LT_SERVER  # the server was fine
    fake_lt.set_mode("trickle", delay=2.0)
    result, took = in_thread(lambda: service.check(TEXT), DEADLINE + 30)
    assert took < DEADLINE + SLACK
    assert result.backend == BACKEND_OFFLINE
    assert "did not answer in time" in (result.error or "")
    assert [TEXT[f.start : f.end] for f in result.findings] == ["teh"]
    status = service.status()
    assert status.state is BackendState.ERROR and "did not answer in time" in status.message
    in_thread(service.close, 30)


def test_the_deadline_covers_the_first_connection_too(fake_lt: FakeLanguageTool) -> None:
    # A fresh client asks for /v2/languages first: that trickles as well.
    fake_lt.set_mode("trickle", delay=2.0)
    service = service_for(fake_lt)
    result, took = in_thread(lambda: service.check(TEXT), DEADLINE + 30)
    assert took < DEADLINE + SLACK
    assert result.backend == BACKEND_OFFLINE and "did not answer in time" in (result.error or "")
    in_thread(service.close, 30)


def test_a_hanging_server_is_asked_once_per_check_not_twice(fake_lt: FakeLanguageTool) -> None:
    service = service_for(fake_lt, timeout=1.0)
    assert check(service).backend == BACKEND_LT_SERVER
    fake_lt.set_mode("slow", delay=4.0)
    result, _took = in_thread(lambda: service.check(TEXT), 30)
    assert result.backend == BACKEND_OFFLINE
    assert fake_lt.state.check_requests == 2  # the first check, then one try, no retry
    in_thread(service.close, 30)


def test_after_a_timeout_checks_fall_back_at_once_until_the_cool_down_ends(
    fake_lt: FakeLanguageTool,
) -> None:
    url = fake_lt.url
    backend = LanguageToolBackend(lambda: url, timeout=1.0, cooldown=1.5)
    service = GrammarService(backend, OfflineSpeller())
    fake_lt.set_mode("slow", delay=3.0)
    assert check(service).backend == BACKEND_OFFLINE
    asked = fake_lt.state.check_requests
    # Every paragraph of the draft would wait out its own deadline otherwise.
    for _ in range(5):
        quick = check(service)
        assert quick.backend == BACKEND_OFFLINE and "did not answer in time" in (quick.error or "")
    assert fake_lt.state.check_requests == asked  # the server was not asked again
    fake_lt.set_mode("ok")
    assert wait_for(lambda: check(service).backend == BACKEND_LT_SERVER, timeout=10)
    assert service.status().state is BackendState.READY
    in_thread(service.close, 30)


def test_retry_asks_the_server_again_within_the_cool_down(fake_lt: FakeLanguageTool) -> None:
    url = fake_lt.url
    service = GrammarService(
        LanguageToolBackend(lambda: url, timeout=1.0, cooldown=600), OfflineSpeller()
    )
    fake_lt.set_mode("slow", delay=3.0)
    assert check(service).backend == BACKEND_OFFLINE
    fake_lt.set_mode("ok")
    assert check(service).backend == BACKEND_OFFLINE  # cooling down
    service.retry()  # the status bar's Retry
    assert check(service).backend == BACKEND_LT_SERVER
    in_thread(service.close, 30)


def test_a_stuck_server_holds_up_no_other_server(fake_lt: FakeLanguageTool) -> None:
    """Two windows, two servers: one trickling must not stop the other's checks."""
    stuck = service_for(fake_lt, timeout=60.0)
    assert check(stuck).backend == BACKEND_LT_SERVER
    fake_lt.set_mode("trickle", delay=2.0)
    threading.Thread(target=lambda: stuck.check(TEXT), daemon=True).start()
    assert wait_for(lambda: fake_lt.state.trickling > 0)
    with FakeLanguageTool() as healthy:
        other = service_for(healthy)
        result, _took = in_thread(lambda: other.check(TEXT), 30)
        assert result.backend == BACKEND_LT_SERVER
        in_thread(other.close, 30)
    in_thread(stuck.close, 30)


def test_closing_during_a_trickling_check_takes_under_two_seconds(
    fake_lt: FakeLanguageTool,
) -> None:
    service = service_for(fake_lt, timeout=60.0)  # the deadline is far away
    assert check(service).backend == BACKEND_LT_SERVER
    fake_lt.set_mode("trickle", delay=2.0)
    outcome: dict[str, Any] = {}
    checking = threading.Thread(
        target=lambda: outcome.update(result=service.check(TEXT)), daemon=True
    )
    checking.start()
    assert wait_for(lambda: fake_lt.state.trickling > 0)
    started = time.monotonic()
    _none, took = in_thread(service.close, 30)  # on main it waited for the check's lock
    checking.join(2.0)
    assert took < 2.0
    assert not checking.is_alive(), "the aborted check did not return"
    assert time.monotonic() - started < 2.0 + SLACK
    assert outcome["result"].backend == BACKEND_OFFLINE  # the fallback still answered


def test_a_scheduler_with_a_stuck_check_stops_under_two_seconds(
    fake_lt: FakeLanguageTool,
) -> None:
    """What the window's grammar bridge does on close: stop, close the service, join."""
    service = service_for(fake_lt, timeout=60.0)
    scheduler = GrammarScheduler(service.check, pause=0.01)
    fake_lt.set_mode("trickle", delay=2.0)
    scheduler.set_paragraphs([TEXT])
    assert wait_for(lambda: fake_lt.state.trickling > 0)
    assert scheduler.busy

    def close() -> None:
        scheduler.stop()
        service.close()
        scheduler.close(timeout=1.0)

    _none, took = in_thread(close, 30)
    assert took < 2.0
    assert not scheduler.busy
