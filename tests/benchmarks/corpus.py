"""Benchmark text: realistic sales-email sentences, every paragraph unique."""

from __future__ import annotations

import random

SENTENCES = [
    "Hi Laura, thanks for the call on Tuesday.",
    "I remember you said the month-end close takes your team two full days.",
    "We are the leading provider of finance automation in the U.S. market.",
    "Our award-winning platform offers real-time dashboards, SSO, audit logs"
    " and 200+ integrations.",
    "How is the new controller settling in?",
    "I'd love to hear how the audit went, e.g. whether the new process held up.",
    "Sign today and we'll take 20% off your first year!",
    "The meeting is at 3 pm in the main office; parking is free.",
    "We could go through your numbers together next week.",
    "My name is Dan and I head up partnerships at Acme Corp.",
    "Would it help if I sent over the checklist we talked about? 🙂",
    "Congratulations on the launch; the reviews look great 🎉.",
    "This offer expires Friday, so act now... spots are filling up fast.",
    "You mentioned exports: it writes CSV and Excel, so your team can keep its templates.",
    "Let me tell you about our new release, which is faster than ever.",
    "Sorry for the slow reply; I was out of the office until Monday.",
]


def make_text(words: int, seed: int = 7) -> str:
    """About ``words`` words of email text in unique paragraphs of 3-8 sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    number = 0
    while count < words:
        number += 1
        sentences = rng.sample(SENTENCES, rng.randint(3, 8))
        paragraph = " ".join(sentences) + f" Ref {number}."
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n".join(paragraphs)


def make_paragraph(words: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    while len(" ".join(parts).split()) < words:
        parts.append(rng.choice(SENTENCES))
    return " ".join(parts)
