"""The real language-tool-python client against a stand-in LanguageTool on 127.0.0.1."""

from __future__ import annotations

import socket
import sys

import language_tool_python
import pytest
from fake_languagetool import FakeLanguageTool

from rapport.analysis.model import Category
from rapport.grammar import (
    BACKEND_LT_SERVER,
    BACKEND_OFFLINE,
    BackendState,
    BackendUnavailable,
    GrammarService,
    OfflineSpeller,
)
from rapport.grammar.languagetool import LanguageToolBackend, category_for

EMOJI_TEXT = "Thanks 🙂 for teh call 👍👍 👍 today! you was right, it is a idea 🚀 very unique."


def backend_for(
    fake: FakeLanguageTool, timeout: float = 5.0, cooldown: float = 30.0
) -> LanguageToolBackend:
    url = fake.url
    return LanguageToolBackend(
        lambda: url,
        timeout=timeout,
        cooldown=cooldown,
        describe=lambda: f"LanguageTool server at {url}",
    )


def spans(text: str, findings: list) -> dict[str, tuple[str, str]]:
    return {f.rule: (text[f.start : f.end], str(f.category)) for f in findings}


def test_the_library_still_reports_error_length_in_utf16_units(fake_lt: FakeLanguageTool) -> None:
    # Rapport corrects for this; if a new client fixes it, the correction must go.
    tool = language_tool_python.LanguageTool("en-US", remote_server=fake_lt.url)
    try:
        matches = tool.check(EMOJI_TEXT)
    finally:
        tool.close()
    emoji_match = next(m for m in matches if m.rule_id == "EMOJI_REPEAT")
    assert EMOJI_TEXT[emoji_match.offset] == "👍"  # offset: converted to code points
    assert emoji_match.error_length == len("👍👍 👍") + 3  # length: still UTF-16 units


def test_spans_are_exact_code_point_offsets_around_emoji(fake_lt: FakeLanguageTool) -> None:
    findings = backend_for(fake_lt).check(EMOJI_TEXT)
    assert spans(EMOJI_TEXT, findings) == {
        "languagetool:MORFOLOGIK_RULE_EN_US": ("teh", Category.SPELLING),
        "languagetool:EMOJI_REPEAT": ("👍👍 👍", Category.STYLE),
        "languagetool:YOU_WAS": ("you was", Category.GRAMMAR),
        "languagetool:EN_A_VS_AN": ("a ", Category.SPELLING),
        "languagetool:VERY_UNIQUE": ("very unique", Category.STYLE),
    }
    by_rule = {f.rule: f for f in findings}
    assert by_rule["languagetool:MORFOLOGIK_RULE_EN_US"].suggestions == ("the", "ten", "tea")
    assert by_rule["languagetool:YOU_WAS"].message == "Did you mean “were”?"


def test_text_after_many_emoji_keeps_its_offsets(fake_lt: FakeLanguageTool) -> None:
    text = "🎉" * 50 + " teh end"
    (finding,) = backend_for(fake_lt).check(text)
    assert text[finding.start : finding.end] == "teh"


def test_the_client_sends_the_language_variant_so_spelling_is_checked(
    fake_lt: FakeLanguageTool,
) -> None:
    backend_for(fake_lt).check("teh")
    assert fake_lt.state.check_requests == 1
    assert LanguageToolBackend(lambda: "", language="en").language == "en-US"


@pytest.mark.parametrize(
    ("issue_type", "category_id", "expected"),
    [
        ("misspelling", "TYPOS", Category.SPELLING),
        ("grammar", "GRAMMAR", Category.GRAMMAR),
        ("style", "STYLE", Category.STYLE),
        ("duplication", "REDUNDANCY", Category.STYLE),
        ("uncategorized", "MISC", Category.GRAMMAR),
    ],
)
def test_languagetool_categories_map_to_rapport_categories(
    issue_type: str, category_id: str, expected: str
) -> None:
    assert category_for(issue_type, category_id) == expected


def test_http_error_is_reported_and_offline_spelling_answers(fake_lt: FakeLanguageTool) -> None:
    backend = backend_for(fake_lt)
    service = GrammarService(backend, OfflineSpeller())
    fake_lt.set_mode("error")
    result = service.check("Thanks for teh call.")
    assert result.backend == BACKEND_OFFLINE
    assert result.error is not None and "OutOfMemoryError" in result.error
    assert [
        ("Thanks for teh call."[f.start : f.end], str(f.category)) for f in result.findings
    ] == [("teh", "spelling")]
    status = service.status()
    assert status.state is BackendState.ERROR and fake_lt.url in status.message

    fake_lt.set_mode("ok")  # the server recovers: LanguageTool answers again
    again = service.check("you was here")
    assert again.backend == BACKEND_LT_SERVER and again.error is None
    assert service.status().state is BackendState.READY


def test_a_client_that_cannot_load_is_not_called_an_unreachable_server(
    fake_lt: FakeLanguageTool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the frozen app did before language-tool-python's data went into the bundle:
    # its import failed (FileNotFoundError: integrity.toml), and the status bar said the
    # server was not reachable, which sent users to check a server that was fine.
    monkeypatch.setitem(sys.modules, "rapport.grammar._client", None)  # import fails
    service = GrammarService(backend_for(fake_lt), OfflineSpeller())
    result = service.check("Thanks for teh call.")
    assert result.backend == BACKEND_OFFLINE
    assert result.error is not None and "client could not load" in result.error
    assert "not reachable" not in result.error


def test_a_slow_server_times_out_instead_of_hanging(fake_lt: FakeLanguageTool) -> None:
    fake_lt.set_mode("slow", delay=3.0)
    backend = backend_for(fake_lt, timeout=0.3, cooldown=0.0)
    with pytest.raises(BackendUnavailable, match="did not answer in time"):
        backend.check("Thanks for teh call.")
    fake_lt.set_mode("ok")
    assert [f.rule for f in backend.check("teh")] == ["languagetool:MORFOLOGIK_RULE_EN_US"]


def test_a_server_that_dies_mid_check_is_reported_and_the_app_keeps_working() -> None:
    fake = FakeLanguageTool().start()
    backend = backend_for(fake)
    service = GrammarService(backend, OfflineSpeller())
    assert service.check("teh").backend == BACKEND_LT_SERVER
    fake.set_mode("die")  # drops the connection without an answer
    result = service.check("Thanks for teh call.")
    assert result.backend == BACKEND_OFFLINE
    assert result.error is not None and "not reachable" in result.error
    fake.stop()  # and now it is gone for good
    gone = service.check("Thanks for teh call.")
    assert gone.backend == BACKEND_OFFLINE and "not reachable" in (gone.error or "")
    assert [f.category for f in gone.findings] == [Category.SPELLING]
    assert service.status().state is BackendState.ERROR


def test_a_server_behind_the_environments_http_proxy_is_reached_through_it(
    fake_lt: FakeLanguageTool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stand-in answers absolute-URL requests as a proxy would pass them on, so the
    # server's name is never looked up here.
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", fake_lt.url)
    backend = LanguageToolBackend(lambda: "http://languagetool.invalid:8081", timeout=5.0)
    assert [f.rule for f in backend.check("teh")] == ["languagetool:MORFOLOGIK_RULE_EN_US"]
    assert fake_lt.state.check_requests == 1
    # no_proxy is honoured: this host is asked directly, and nothing listens there.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("no_proxy", "localhost")
    bypassing = LanguageToolBackend(lambda: f"http://localhost:{closed_port}", timeout=5.0)
    with pytest.raises(BackendUnavailable, match="not reachable"):
        bypassing.check("teh")
    assert fake_lt.state.check_requests == 1
