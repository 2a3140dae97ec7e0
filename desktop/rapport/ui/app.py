"""Starting the window: the normal app, ``--self-test`` and ``--open … --screenshot``."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

SELF_TEST_EMAIL = "Hi.\n\nHere's my product 🚀. Want to buy some?\n\nBest,\nDan"
#: (sentence, category) pairs the self-test expects to see underlined.
SELF_TEST_EXPECTED = (("Here's my product 🚀.", "self-centered"), ("Want to buy some?", "pushy"))


#: Set to the launch time (``time.time()``) by installer/build.py: the app then
#: reports how long it took until the window was painted, and quits.
STARTUP_PROBE_VARIABLE = "RAPPORT_STARTUP_PROBE"


def _needs_offscreen(args: argparse.Namespace) -> bool:
    if args.self_test:
        return True
    no_display = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    return bool(args.screenshot) and no_display and sys.platform.startswith("linux")


def _no_display() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    )


def _quiet_known_qt_noise() -> None:
    """Drop one harmless warning the offscreen platform prints on every window."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run_app(args: argparse.Namespace) -> int:
    if _needs_offscreen(args):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif _no_display():
        print(
            "rapport: no display found, so the window cannot open. "
            "Use `rapport check FILE` on the command line, or set QT_QPA_PLATFORM=offscreen.",
            file=sys.stderr,
        )
        return 2
    from PySide6.QtWidgets import QApplication

    _quiet_known_qt_noise()

    from rapport.settings import load_settings
    from rapport.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if app.platformName() == "offscreen":
        # The offscreen platform crashes at exit while its clipboard holds mime data
        # set from Python; there is no real clipboard to keep there anyway.
        app.aboutToQuit.connect(lambda: app.clipboard().clear())
    app.setApplicationName("Rapport")
    app.setOrganizationName("Rapport")
    app.setDesktopFileName("rapport")
    settings, warnings = load_settings()
    window = MainWindow(settings, warnings)
    launched_at = os.environ.get(STARTUP_PROBE_VARIABLE)
    transient = bool(args.self_test or args.screenshot or launched_at)
    if transient:
        # A check or a screenshot must not leave a draft to restore behind it.
        window.ask_before_closing = False
        window.draft_files.stop_autosave()

    if args.self_test:
        return self_test(window)
    opened = False
    if args.open:
        opened = window.draft_files.open_file(Path(args.open))
        if not opened and args.screenshot:
            print(f"rapport: could not open {args.open}", file=sys.stderr)
            return 2
    if args.screenshot:
        return take_screenshot(window, Path(args.screenshot))
    if launched_at:
        return report_startup(window, launched_at)
    window.show()
    # Also after --open FILE: the crashed draft is offered, and kept, either way.
    window.draft_files.offer_restore()
    from rapport.ui.welcome import offer_welcome

    offer_welcome(window)  # the first time only
    # The window, Qt's wrappers and the compiled rule packs live as long as the app.
    # A full garbage collection walks all of them (about 100 ms with the GIL held, a
    # hiccup while typing); frozen, they are left out of every later collection.
    gc.freeze()
    return app.exec()


def report_startup(window: object, launched_at: str) -> int:
    """Print ``window_shown_after SECONDS`` once the window has first painted."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: object, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.time())
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    if not wait_until(lambda: bool(painted), timeout=30):
        print("rapport: the window did not paint within 30 s", file=sys.stderr)
        return 1
    print(f"window_shown_after {painted[0] - float(launched_at):.3f} s")
    window.close()  # type: ignore[attr-defined]
    return 0


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Run the event loop until ``condition()`` holds or ``timeout`` seconds pass."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def type_text(widget: object, text: str) -> None:
    """Type as a user would: one key event per character, Return for line breaks."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char == "\n":
            key, typed = Qt.Key.Key_Return, "\r"
        else:
            key, typed = Qt.Key.Key_unknown, char
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, typed)
            QApplication.sendEvent(widget, event)


def underline_at(window: object, start16: int, length16: int) -> object | None:
    """The underline style drawn over a UTF-16 span of the editor, if one covers it."""
    document = window.editor.document()  # type: ignore[attr-defined]
    block = document.findBlock(start16)
    relative = start16 - block.position()
    for format_range in block.layout().formats():
        covers = format_range.start <= relative and (
            relative + length16 <= format_range.start + format_range.length
        )
        if covers and format_range.format.underlineStyle():
            return format_range.format.underlineStyle()
    return None


def self_test(window: object) -> int:
    from rapport.offsets import OffsetMap, utf16_length
    from rapport.ui.styles import CATEGORY_STYLES

    window.show()  # type: ignore[attr-defined]
    editor = window.editor  # type: ignore[attr-defined]
    editor.setFocus()
    type_text(editor, SELF_TEST_EMAIL)
    if not wait_until(editor.analysis.is_idle, timeout=15):
        print("rapport self-test: FAILED: the analysis did not finish within 15 s")
        return 1
    text = editor.toPlainText()
    if text != SELF_TEST_EMAIL:
        print("rapport self-test: FAILED: the typed text came out different")
        return 1
    offsets = OffsetMap(text)
    problems = []
    for sentence, category in SELF_TEST_EXPECTED:
        start16 = offsets.to_utf16(text.index(sentence))
        drawn = underline_at(window, start16, utf16_length(sentence))
        if drawn != CATEGORY_STYLES[category].underline:
            problems.append(f"no {category} underline on “{sentence}” at UTF-16 {start16}")
    report = editor.analysis.report
    shown = window.panel.score_label.text()  # type: ignore[attr-defined]
    if report is None or shown != str(report.score):
        problems.append(f"the panel shows {shown!r} instead of the score")
    problems += component_problems()
    from rapport.grammar.self_check import check_bundled_languagetool

    languagetool = check_bundled_languagetool()  # None: built without LanguageTool
    if languagetool is not None and languagetool.problem:
        problems.append(languagetool.problem)
    if problems:
        print("rapport self-test: FAILED: " + "; ".join(problems))
        return 1
    print(
        f"rapport self-test: ok: {len(SELF_TEST_EXPECTED)} highlights in place after an emoji, "
        f"score {report.score} shown; Harper, spelling, encrypted notes, the mail reader, "
        "collation and keychain support load"
        + (f"; {languagetool.summary}" if languagetool is not None else "")
    )
    window.close()  # type: ignore[attr-defined]
    return 0


def component_problems() -> list[str]:
    """Parts a packaged build can lose while the window still works.

    Each one is data or a native library that PyInstaller has to be told about: the
    spelling word list, SQLCipher, ICU's locale data (the bundle carries a slimmed
    copy) and the Secret Service client behind the keychain.
    """
    import tempfile

    from PySide6.QtCore import QCollator, QLocale

    from rapport.grammar.spelling import OfflineSpeller, PersonalDictionary
    from rapport.notes.errors import NotesError, WrongKey
    from rapport.notes.keys import KeySpec
    from rapport.notes.store import NotesStore

    problems = []
    with tempfile.TemporaryDirectory(prefix="rapport-self-test-") as scratch:
        folder = Path(scratch)
        speller = OfflineSpeller(personal=PersonalDictionary(folder / "words.txt"))
        flagged = {finding.start for finding in speller.check("We recieve the order today.")}
        if flagged != {3}:
            problems.append(f"offline spelling flagged {sorted(flagged)} instead of “recieve”")
        problems += harper_problems()
        problems += mail_reader_problems(folder)

        database = folder / "notes.db"
        try:
            with NotesStore(database, KeySpec.passphrase("self-test")) as store:
                store.add_contact("Laura Selftest")
            if b"Laura Selftest" in database.read_bytes():
                problems.append("the notes database is not encrypted")
            try:
                NotesStore(database, KeySpec.passphrase("wrong"), create=False).close()
                problems.append("the notes database opened with a wrong passphrase")
            except WrongKey:
                pass
        except (NotesError, ImportError) as error:
            problems.append(f"the encrypted notes store does not work: {error}")

    # Root collation puts "apple" before "Banana"; without ICU's data Qt compares
    # code points and "B" comes first.
    if QCollator(QLocale("en_US")).compare("apple", "Banana") >= 0:
        problems.append("locale-aware sorting is missing ICU's data")

    if sys.platform.startswith("linux"):
        try:
            import keyring.backends.SecretService  # noqa: F401
            import secretstorage  # noqa: F401
        except ImportError as error:
            problems.append(f"the keychain client is missing: {error}")
    return problems


def mail_reader_problems(folder: Path) -> list[str]:
    """The mail import's reader starts as a child process and reads a message.

    In the frozen app the child is the app's own executable again, which only works
    when its entry script calls ``multiprocessing.freeze_support()`` first.
    """
    from rapport.notes.mail_import_process import plan_mail_import_in_child
    from rapport.notes.model import Contact

    mbox = folder / "self-test.mbox"
    mbox.write_bytes(
        b"From - Mon Jan  1 00:00:00 2024\nFrom: Laura <laura@selftest.example>\n"
        b"To: sam@selftest.example\nSubject: Self-test\nMessage-ID: <1@selftest.example>\n"
        b"\nCould you send the plan?\n"
    )
    laura = Contact(1, "Laura", "laura@selftest.example")
    try:
        plan = plan_mail_import_in_child([mbox], [laura], set())
    except Exception as error:  # any failure to start or read is the finding
        return [f"the mail reader does not run: {error}"]
    if [entry.subject for entry in plan.entries] != ["Self-test"]:
        return [f"the mail reader read {plan.entries} instead of one email"]
    return []


def harper_problems() -> list[str]:
    """Harper's native library loads and finds a grammar error at its code-point span."""
    from rapport.grammar.base import BackendUnavailable
    from rapport.grammar.harper_backend import HarperBackend

    text = "🙂 We has a idea, Sam."
    try:
        findings = HarperBackend("en").check(text)
    except BackendUnavailable as error:
        return [f"Harper does not load: {error.message}"]
    found = {(text[f.start : f.end], f.category) for f in findings}
    wanted = {("has", "grammar"), ("a", "grammar")}
    if found != wanted:
        return [f"Harper found {sorted(found)} instead of {sorted(wanted)}"]
    return []


def take_screenshot(window: object, output: Path) -> int:
    window.show()  # type: ignore[attr-defined]
    editor = window.editor  # type: ignore[attr-defined]
    if not wait_until(editor.analysis.is_idle, timeout=30):
        print("rapport: the analysis did not finish within 30 s", file=sys.stderr)
        return 1
    wait_until(lambda: False, timeout=0.3)  # let the layout and highlights paint
    image = window.grab()  # type: ignore[attr-defined]
    output.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(output)):
        print(f"rapport: could not write {output}", file=sys.stderr)
        return 1
    print(f"rapport: screenshot saved to {output}")
    window.close()  # type: ignore[attr-defined]
    return 0
