"""Analysis-test setup: shows the labelled evaluation table in every pytest run.

``test_labelled.py`` measures precision and recall of the customer-focus engine
against hand-labelled data. Printing from a test is swallowed unless pytest runs
with ``-s``, so the test hands its table to this conftest, which writes it in the
terminal summary of a plain ``pytest`` run.
"""

from __future__ import annotations

import pytest

#: Lines of the labelled-evaluation table, filled by test_labelled.py.
LABELLED_SUMMARY_KEY = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def labelled_summary(request: pytest.FixtureRequest) -> list[str]:
    """A list the labelled evaluation appends its report lines to."""
    return request.config.stash.setdefault(LABELLED_SUMMARY_KEY, [])


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    lines = config.stash.get(LABELLED_SUMMARY_KEY, [])
    if not lines:
        return
    terminalreporter.section("labelled evaluation of the customer-focus engine")
    for line in lines:
        terminalreporter.write_line(line)
