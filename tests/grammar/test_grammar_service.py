"""Choosing the backend from the settings and the environment; filtering findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_languagetool import FakeLanguageTool

from rapport.grammar import (
    BACKEND_HARPER,
    BACKEND_LT_LOCAL,
    BACKEND_LT_SERVER,
    BACKEND_OFF,
    BACKEND_OFFLINE,
    Action,
    BackendState,
    normalise_server_url,
    service_from_settings,
)
from rapport.grammar.local_server import stop_all_local_servers
from rapport.settings import Settings

TEXT = "Thanks for teh call, you was right."


def test_harper_is_the_default_and_checks_grammar_offline() -> None:
    service = service_from_settings(Settings(), env={})
    result = service.check(TEXT)
    assert result.backend == BACKEND_HARPER and result.error is None
    assert [(TEXT[f.start : f.end], f.category) for f in result.findings] == [
        ("teh", "spelling"),
        ("was", "grammar"),
    ]
    status = service.status()
    assert status.backend == BACKEND_HARPER and status.state is BackendState.READY
    assert "offline grammar and spelling" in status.message


def test_off_checks_nothing() -> None:
    service = service_from_settings(Settings(grammar_backend="off"), env={})
    result = service.check(TEXT)
    assert (result.findings, result.backend) == ((), BACKEND_OFF)
    assert service.status().state is BackendState.OFF


def test_server_from_settings(fake_lt: FakeLanguageTool) -> None:
    settings = Settings(grammar_backend="server", languagetool_url=fake_lt.url + "/v2/")
    result = service_from_settings(settings, env={}).check(TEXT)
    assert result.backend == BACKEND_LT_SERVER
    assert {TEXT[f.start : f.end] for f in result.findings} == {"teh", "you was"}


def test_environment_url_overrides_the_settings(fake_lt: FakeLanguageTool) -> None:
    env = {"RAPPORT_LANGUAGETOOL_URL": fake_lt.url}
    service = service_from_settings(Settings(grammar_backend="off"), env=env)
    assert service.check(TEXT).backend == BACKEND_LT_SERVER
    assert fake_lt.state.checked_texts == [TEXT]


def test_server_without_url_asks_for_one_and_spelling_still_works() -> None:
    service = service_from_settings(Settings(grammar_backend="server"), env={})
    status = service.status()
    assert status.state is BackendState.ERROR and status.action is Action.SET_SERVER
    result = service.check(TEXT)
    assert result.backend == BACKEND_HARPER and "No LanguageTool server URL" in (result.error or "")
    assert {TEXT[f.start : f.end] for f in result.findings} == {"teh", "was"}
    # The status line says who checks meanwhile: Harper, not the word list.
    status = service.status()
    assert status.fallback == BACKEND_HARPER and "Harper" in status.message


def fake_java(folder: Path, version: str) -> None:
    """A ``java`` on PATH that only answers ``-version`` (LanguageTool is what is missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "java"
    script.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2025-04-15' >&2\n")
    script.chmod(0o755)


def test_local_without_languagetool_offers_the_download_and_keeps_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_java(tmp_path / "bin", "17.0.15")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    service = service_from_settings(Settings(grammar_backend="local"), env={})
    try:
        first = service.check(TEXT)  # starts the (background) lookup; never blocks
        assert first.backend == BACKEND_HARPER
        assert service.wait_ready(timeout=30) is False
        status = service.status()
        assert status.backend == BACKEND_LT_LOCAL
        assert status.state is BackendState.ERROR and status.action is Action.DOWNLOAD
        assert "Download it once" in status.message
        later = service.check(TEXT)
        assert later.backend == BACKEND_HARPER and "not installed" in (later.error or "")
        assert [TEXT[f.start : f.end] for f in later.findings] == ["teh", "was"]
    finally:
        stop_all_local_servers()


@pytest.mark.parametrize("java", [None, "11.0.2", "1.8.0_392"])
def test_local_without_java_17_says_install_java(
    java: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if java is not None:
        fake_java(tmp_path / "bin", java)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    service = service_from_settings(Settings(grammar_backend="local"), env={})
    try:
        assert service.check(TEXT).backend == BACKEND_HARPER
        service.wait_ready(timeout=30)
        status = service.status()
        assert status.state is BackendState.ERROR and status.action is Action.INSTALL_JAVA
        assert "Install Java 17" in status.message
    finally:
        stop_all_local_servers()


def test_disabled_rules_and_personal_words_filter_languagetool_findings(
    fake_lt: FakeLanguageTool,
) -> None:
    settings = Settings(
        grammar_backend="server",
        languagetool_url=fake_lt.url,
        disabled_rules=["languagetool:YOU_WAS"],
    )
    service = service_from_settings(settings, env={})
    service.add_to_dictionary("teh")
    assert service.check(TEXT).findings == ()


def test_suggestions_for_offline_findings_are_computed_when_asked() -> None:
    # Harper checks English only: for French the word list is the offline checker.
    service = service_from_settings(Settings(language="fr"), env={})
    result = service.check("Merci pour votre apel.")
    assert result.backend == BACKEND_OFFLINE
    (finding,) = result.findings
    assert not finding.suggestions  # computed on request (a right-click), not for every word
    assert service.suggest("Merci pour votre apel.", finding)[0] == "appel"


def test_server_urls_are_normalised() -> None:
    for given in ("localhost:8081", "http://localhost:8081/", "http://localhost:8081/v2/"):
        assert normalise_server_url(given) == "http://localhost:8081"


def test_ignore_and_disable_rule_take_effect_at_once(fake_lt: FakeLanguageTool) -> None:
    settings = Settings(grammar_backend="server", languagetool_url=fake_lt.url)
    service = service_from_settings(settings, env={})
    assert len(service.check(TEXT).findings) == 2
    service.ignore_word("Teh")
    assert [f.rule for f in service.check(TEXT).findings] == ["languagetool:YOU_WAS"]
    service.disable_rule("languagetool:YOU_WAS")
    assert service.check(TEXT).findings == ()
    # Ignoring is for this session only; nothing was written to the personal dictionary.
    assert service.personal.words() == []


def test_a_language_without_offline_word_list_checks_nothing_and_says_why() -> None:
    result = service_from_settings(Settings(language="sv"), env={}).check("Hej då")
    assert result.findings == () and result.backend == BACKEND_OFF
    assert "no word list" in (result.error or "")
