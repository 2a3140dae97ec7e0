"""Drafts as data: reading .txt, .md and .eml files, the mail link and the copied HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.ui import drafts
from rapport.ui.drafts import Draft, DraftFileError


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"\xff\xfe\x00\x00junk", "not UTF-8"),
        ("picture.png", b"\x89PNG", "opens .txt, .md and .eml"),
        ("missing.txt", None, "could not be read"),
    ],
)
def test_bad_files_get_a_clear_message(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DraftFileError, match=message):
        drafts.read_draft(path)


def test_mailto_and_html_helpers() -> None:
    draft = Draft("A & B", "Line <1>\n\nLine 2")
    assert drafts.simple_html(draft).count("<p>") == 2  # the body's paragraphs, no subject
    assert "&lt;1&gt;" in drafts.simple_html(draft)
    assert (
        drafts.mailto_url(draft)
        == "mailto:?subject=A%20%26%20B&body=Line%20%3C1%3E%0D%0A%0D%0ALine%202"
    )
    assert drafts.mailto_url(draft, "laura@acme.example").startswith(
        "mailto:laura@acme.example?subject=A%20%26%20B&body="
    )


def test_an_eml_full_of_script_tags_opens_in_time_linear_in_its_size(tmp_path: Path) -> None:
    """'<script>' * 20000 in an HTML body took 10 s to open, on the UI thread."""
    from ratio_timing import MAX_RATIO, measure

    def eml_of(size: int) -> str:
        path = tmp_path / f"spam-{size}.eml"
        body = "<script>" * (size // len("<script>"))
        path.write_text(
            f"Subject: Offer\nContent-Type: text/html; charset=utf-8\n\n<p>Hi</p>{body}",
            encoding="utf-8",
        )
        return str(path)

    ratio = measure(lambda name: drafts.read_draft(Path(name)), eml_of)
    assert ratio.value <= MAX_RATIO, str(ratio)
    assert drafts.read_draft(Path(eml_of(1000))).body.startswith("Hi")
