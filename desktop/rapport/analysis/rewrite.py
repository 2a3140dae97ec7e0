"""Rewrites built from the sentence the writer wrote, not templates swapped in for it.

Qt-free. ``Rewriter.from_rule_set(rules).rewrite(sentence)`` returns a better sentence
made from the writer's own words, or ``None`` where no good rewrite exists; the finding's
message then gives the direction in words instead of a fake sentence. Three shapes:

* a lead-in about the writer goes: "I just wanted to check whether the invoice arrived"
  → "Has the invoice arrived?"; "I wanted to let you know that the invoice is attached"
  → "The invoice is attached.";
* a product that does the talking is turned to the reader: "Our platform offers
  real-time dashboards" → "You could see [your pipeline] in real time.";
* an offer to pitch becomes a question: "We'd love to show you a demo" → "Would a look
  at [what they asked about] help?".

A bracketed part is for the writer to fill in; the placeholder check flags it until
they do. The word lists live in the rule pack's ``[lexicon]`` (``rewrite_*``,
``feature_*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.analysis.rules import RuleSet

_AUXILIARIES = {
    "is": "Is", "are": "Are", "was": "Was", "were": "Were", "has": "Has", "have": "Have",
    "can": "Can", "will": "Will", "did": "Did", "does": "Does", "do": "Do", "had": "Had",
}  # fmt: skip


def _alternatives(phrases: tuple[str, ...]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)  # longest first: "check whether"
    return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") for p in ordered)


def _pairs(words: tuple[str, ...]) -> dict[str, str]:
    return dict(rule.split("=", 1) for rule in words if "=" in rule)


@dataclass(frozen=True)
class Rewriter:
    lead_in: re.Pattern[str] | None
    ask: re.Pattern[str] | None
    tell: re.Pattern[str] | None
    product: re.Pattern[str] | None
    show: re.Pattern[str] | None
    benefits: dict[str, str]
    modifiers: dict[str, str]

    @classmethod
    def for_rule_set(cls, rules: RuleSet) -> Rewriter:
        """``from_rule_set``, once per rule set (kept on the rule set)."""
        rewriter = rules.derived.get(cls)
        if not isinstance(rewriter, cls):
            rewriter = cls.from_rule_set(rules)
            rules.derived[cls] = rewriter
        return rewriter

    @classmethod
    def from_rule_set(cls, rules: RuleSet) -> Rewriter:
        def pattern(template: str, *names: str) -> re.Pattern[str] | None:
            lists = [rules.words(name) for name in names]
            if not all(lists):
                return None
            return re.compile(template.format(*map(_alternatives, lists)), re.IGNORECASE)

        return cls(
            lead_in=pattern(r"^\s*(?:so\s+|and\s+)?(?:{0})\s+(?P<rest>.+)$", "rewrite_lead_ins"),
            ask=pattern(r"^(?:{0})\s+(?P<clause>.+)$", "rewrite_ask_verbs"),
            tell=pattern(r"^(?:{0})\s+(?P<clause>.+)$", "rewrite_tell_verbs"),
            product=pattern(
                r"^\s*(?:(?:our|the|this|my)\s+(?:[\w-]+\s+){{0,2}}?(?:{0})|we|i)\s+"
                r"(?:also\s+|now\s+)?(?:{1})\s+(?P<features>[^,;:]+)$",
                "rewrite_product_nouns",
                "rewrite_product_verbs",
            ),
            show=pattern(
                r"^\s*(?:i|we)(?:['’]d|\s+would)\s+(?:really\s+)?(?:love|like|be\s+happy|be\s+glad)"
                r"\s+to\s+(?:show|give)\s+you\s+(?:(?:a|an|our|the)\s+)?(?P<what>(?:{0})"
                r"(?:\s+of\s+(?P<of>[^,;]+))?|(?:a\s+)?look\s+at\s+(?P<look>[^,;]+)|"
                r"how\s+(?P<how>[^,;]+))$",
                "rewrite_show_objects",
            ),
            benefits=_pairs(rules.words("feature_benefits")),
            modifiers=_pairs(rules.words("feature_modifiers")),
        )

    def rewrite(self, sentence: str) -> str | None:
        """A better sentence from the words of ``sentence``, or None."""
        body = _without_end(sentence.strip())
        if not body or "\n" in body:
            return None
        for attempt in (self._lead_in, self._product, self._show):
            rewritten = attempt(body)
            if rewritten:
                return rewritten
        return None

    # ----- the three shapes -----------------------------------------------------------

    def _lead_in(self, body: str) -> str | None:
        match = self.lead_in.match(body) if self.lead_in else None
        if match is None:
            return None
        rest = match.group("rest")
        asked = self.ask.match(rest) if self.ask else None
        if asked:
            return _question(asked.group("clause"))
        told = self.tell.match(rest) if self.tell else None
        if told:
            clause = told.group("clause").strip()
            return _capital(clause) + "." if len(clause.split()) >= 3 else None
        return None  # "I wanted to follow up": nothing left worth saying as it is

    def _product(self, body: str) -> str | None:
        match = self.product.match(body) if self.product else None
        if match is None:
            return None
        words = match.group("features").split()
        if not words or len(words) > 5:
            return None  # a list of many things is the feature list's to rewrite
        head = words[-1].casefold()
        benefit = self.benefits.get(head)
        if benefit is None:
            return None
        how = [self.modifiers[w.casefold()] for w in words[:-1] if w.casefold() in self.modifiers]
        return f"You could {' '.join([benefit, *how])}."

    def _show(self, body: str) -> str | None:
        match = self.show.match(body) if self.show else None
        if match is None:
            return None
        thing = match.group("look") or match.group("of")
        if match.group("how"):
            thing = f"how {match.group('how')}"
        thing = thing or "[what they asked about]"
        return f"Would a look at {thing.strip()} help?"


def _question(clause: str) -> str | None:
    """ "the invoice arrived" → "Has the invoice arrived?"; "the file is ok" → "Is the
    file ok?". None when the clause has no verb this can turn around."""
    words = clause.split()
    for index, word in enumerate(words[1:], start=1):
        low = word.casefold()
        subject = " ".join(words[:index])
        rest = " ".join(words[index + 1 :])
        if low in _AUXILIARIES:
            return _join(_AUXILIARIES[low], subject, rest) + "?"
        if low.endswith("ed") and len(low) > 4:
            plural = words[index - 1].casefold().endswith("s") and not low.endswith("ss")
            auxiliary = "Have" if plural or subject.casefold() in ("you", "they", "we") else "Has"
            return _join(auxiliary, subject, " ".join([word, rest]).strip()) + "?"
    return None


def _without_end(text: str) -> str:
    """``text`` without the spaces, full stops and exclamation marks it ends with."""
    # Stripping in turn until nothing changes: a regular expression (r"[\s.!]+$")
    # would be tried at every space of the sentence.
    while True:
        trimmed = text.rstrip().rstrip(".!")
        if len(trimmed) == len(text):
            return text
        text = trimmed


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
