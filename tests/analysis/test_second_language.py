"""A second language is a pack, not code: a small Spanish pack (tests only) proves it."""

from __future__ import annotations

import shutil
from pathlib import Path

from rapport import paths
from rapport.analysis import AnalysisSettings, DocumentAnalyzer
from rapport.analysis.languages import available_languages
from rapport.analysis.rules import load_rule_set

SPANISH_PACK = Path(__file__).parent / "packs" / "es.toml"
SPANISH_EMAIL = (
    "Hola Marta,\n\n"
    "Nosotros somos la empresa líder en informes para equipos de ventas. "
    "Compre ahora y no espere más.\n\n"
    "Saludos,\nJuan"
)
ENGLISH_EMAIL = (
    "Hi Laura,\n\nWe are the leading provider of reporting tools. Act now!\n\n"
    "How did the launch go?\n\nBest,\nSam"
)


def _dirs() -> list[Path]:
    return [paths.resource_path("rules"), SPANISH_PACK.parent]


def test_the_spanish_pack_loads_without_errors() -> None:
    rule_set = load_rule_set("es", directories=_dirs())
    assert rule_set.errors == ()
    assert [pack.id for pack in rule_set.packs] == ["es-prueba"]
    assert {rule.id for rule in rule_set.rules} == {"es-habla-de-si", "es-presion"}


def test_its_rules_messages_and_labels_are_the_ones_the_user_sees() -> None:
    rule_set = load_rule_set("es", directories=_dirs())
    report = DocumentAnalyzer(AnalysisSettings(language="es"), rule_set).analyze(SPANISH_EMAIL)
    messages = {finding.rule: finding.message for finding in report.findings}
    assert messages["es-habla-de-si"].startswith("Esta frase habla de ti")
    assert messages["es-presion"].startswith("Meter prisa")
    assert messages["no-question"].startswith("El correo no hace ninguna pregunta")
    by_metric = {item.metric: item for item in report.breakdown}
    assert by_metric["focus"].label == "Enfoque en el cliente"
    assert by_metric["focus"].value == "0 de 2 frases sin hablar de ti"
    assert by_metric["you_me"].max_points == 15  # the pack's own weights
    assert by_metric["length"].value == "19 palabras"
    assert by_metric["length"].target == "50-150 palabras"
    assert by_metric["readability"].note == "sin juzgar: demasiado corto"
    # Nothing English leaks into a Spanish report.
    shown = " ".join(f"{i.label} {i.value} {i.target} {i.note}" for i in report.breakdown)
    for english in ("Customer focus", "words", "grade", "sentences", "missing"):
        assert english not in shown


def test_the_spanish_syllables_and_list_words_come_from_the_pack() -> None:
    rule_set = load_rule_set("es", directories=_dirs())
    analyzer = DocumentAnalyzer(AnalysisSettings(language="es"), rule_set)
    # "Murciélago" has four vowel groups: u, ié, a, o. English rules would see a
    # silent final e in "clase" and count one syllable fewer.
    words = "Murciélago clase"
    assert analyzer.analyze_paragraph(words).stats.syllables == 4 + 2


def test_the_english_pack_is_untouched_by_a_second_language(tmp_path: Path) -> None:
    shipped = load_rule_set("en")
    beside = load_rule_set("en", directories=_dirs())
    assert beside.errors == ()
    assert [p.id for p in beside.packs] == [p.id for p in shipped.packs]
    assert beside.rules == shipped.rules and beside.lexicon == shipped.lexicon
    english = DocumentAnalyzer(AnalysisSettings(), shipped).analyze(ENGLISH_EMAIL)
    again = DocumentAnalyzer(AnalysisSettings(), beside).analyze(ENGLISH_EMAIL)
    assert again == english
    assert english.breakdown[0].label == "Customer focus"


def test_the_languages_on_offer_are_read_from_the_packs(tmp_path: Path) -> None:
    assert available_languages([paths.resource_path("rules")]) == {"en": "English"}
    user_rules = tmp_path / "rules"
    user_rules.mkdir()
    shutil.copy(SPANISH_PACK, user_rules / "es.toml")
    assert available_languages([paths.resource_path("rules"), user_rules]) == {
        "en": "English",
        "es": "Español",
    }
