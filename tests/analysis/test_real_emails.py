"""The engine on real emails written by other people, judged by their readers.

The corpus (``real/``, see its README) holds emails from published critiques
and praised examples with the authors' verdicts. This measures what a user
would notice: does the score put the praised emails above the criticised ones,
are the sentences the authors criticise marked, and are the sentences of
praised emails left alone. The figures appear in the terminal summary of a plain
``pytest`` run; the floors sit a few points under what was measured, so a rule
change that makes the engine clearly worse on real emails fails.
"""

from __future__ import annotations

import pytest
from real_corpus import ORIGINS, VERDICTS, CorpusFigures, load_corpus, measure

# Measured 2026-12-01 on 135 emails, second pass (questions that serve the
# seller): AUC real 0.911, templates 0.878; criticised sentences flagged 82.0 %;
# false flags in good emails 12.3 %; rewrites above their original 12 of 13, gap
# +44. The floors sit a little under, so a rule change that costs judgement fails.
#
# 2026-12-02: a fresh batch of 45 emails (fresh.toml), collected before anyone
# tuned on it, scored AUC real 0.652, criticised flagged 42.3 %, false flags
# 16.8 % on its own: the engine had learnt its corpus more than it generalised.
# With it the corpus (180) measured AUC real 0.819, templates 0.877, flagged
# 71.4 %, false flags 13.0 %; the floors moved down to sit under that, not
# to excuse it (the targets stand: 0.90, 80 %, 5 %).
#
# Later that day, after eight rule changes tuned on the first batch, a second
# batch (fresh2.toml, 42 emails) that nobody had looked at was measured once:
# AUC real 0.435 (0.413 with the rules of the morning), criticised flagged
# 32.1 % (30.2 %), false flags 17.1 % (20.2 %). The rules learnt the emails
# they were written from; on emails from new sources the score still does not
# tell good from bad. With both batches the corpus (222) measured AUC real
# 0.829, templates 0.853, flagged 68.5 %, false flags 12.1 %, rewrites 14 of 14.
#
# A third untouched batch (fresh3.toml, 40 emails, most of its praised ones
# real outreach and service emails) was measured once at the end of the day:
# AUC real 0.663 (0.606 with the morning's rules), criticised flagged 46.2 %
# (44.2 %), false flags 26.7 % (30.2 %). With it the corpus (262) measured AUC
# real 0.809, templates 0.808, flagged 64.5 %, false flags 13.6 %, rewrites
# 14 of 14 (+41).
#
# Next session, two more batches from new sources. fresh4.toml (42 emails) was
# measured once before tuning on it: AUC real 0.622 (0.647 with the rules the
# session started with), criticised flagged 30.2 % (32.6 %), false flags 10.0 %
# (10.0 %). After five changes (owning a mistake and turning them down are not
# self-talk; sent-to-many; harvested stars and follows; claimed reading; focus
# 80 of the 100 points) fresh5.toml (36 emails, untouched until then) measured
# AUC real 0.789 (0.800 with the session's starting rules), flagged 29.3 %
# (29.3 %), false flags 10.3 % (10.3 %): on that batch the session's changes
# made no difference. With both, the corpus (340) measured AUC real 0.823,
# templates 0.785, flagged 59.6 %, false flags 12.0 %, rewrites 14 of 15 (+43).
#
# Third session: four more batches (fresh6-fresh9.toml, 52 emails, 44 real),
# measured before anyone tuned on them, with the session's starting rules and
# again after its first rule changes: AUC real 0.561 both times, criticised
# flagged 29.1 % and 30.4 %, false flags 15.9 %. The phrase rules generalise
# badly. A wording metric learnt from the other batches (never from these,
# see test_wording.py) lifts the score's AUC on them to 0.638. With them the
# corpus (392) measures AUC real 0.883 (the wording is trained on most of it),
# templates 0.858, flagged 66.7 %, false flags 11.2 %, rewrites 15 of 15 (+48).
# Three more validation batches (fresh10-12, 31 emails, praised ones sought
# first) measured 0.724 with the wording (0.763 with the session's starting
# engine), flagged 35.3 %, false flags 20.3 %. The corpus (423) then measures
# AUC real 0.872, templates 0.828, flagged 64.5 %, false flags 11.8 %, rewrites
# 16 of 16 (+48).
# At the end of that session, after rules taken from the validation batches'
# misses and false flags (once measured), the corpus (423) measures AUC real
# 0.882, templates 0.845, flagged 66.1 %, false flags 10.3 %, rewrites 16 of
# 16 (+48); the validation batches alone 0.711, 41.6 %, 14.4 %. Three last
# batches (fresh13-15, 34 emails), measured once at the very end: AUC real
# 0.731 (0.676 with the session's starting engine), templates 0.800 (0.750),
# flagged 44.4 % (47.2 %), false flags 18.8 % (19.6 %). The corpus (457) then
# measures AUC real 0.869, templates 0.843, flagged 64.6 %, false flags 11.0 %,
# rewrites 19 of 20 (+43.5).
# Fourth session: fresh19-21 (25 emails, only 2 of their 17 real ones praised)
# measured once with the starting engine: AUC real 0.867, templates 0.857,
# flagged 45.9 %, false flags 12.8 %; at the session's end the same (AUC all
# 0.792 -> 0.778): its changes did not reach these emails. The corpus (482)
# then measures AUC real 0.871, templates 0.841, flagged 65.0 %, false flags
# 11.1 %, rewrites 22 of 22 (+43.7). Two last batches sought praised real emails
# (fresh22-23, 11 emails): AUC real 0.286, flagged 1 of 6, false flags 30.7 %, the
# same with the starting engine. Founders' pitches to investors, whose credentials
# and traction are what the reader asked for, are flagged as self-talk. With them,
# and the CD Baby email taken out (a held-out source prints it too), the corpus
# (492) measures AUC real 0.849, templates 0.839, flagged 64.5 %, false flags
# 12.4 %, rewrites 22 of 22 (+43.6). After that (and taught by them), an email that
# asks the reader to judge the writer (an investor, an employer) may give the
# writer's record: AUC real 0.855, templates 0.837, flagged 64.3 %, false flags
# 11.7 %.
# Sixth session: after three precision fixes (a discount with no clock is not
# pressure; a superlative must be said of the writer's own offer; a web address's
# slashes are not list items) the corpus (523) measures AUC real 0.840,
# templates 0.835, flagged 62.6 %, false flags 11.3 %. Two new batches (fresh27-28,
# 19 emails, 1 of 9 real ones praised) measured once, the same with the session's
# starting engine: AUC real 0.500, templates 0.357, flagged 6 of 21, false flags
# 12.9 %, and one rewrite of 2 below its original. With them the corpus (542)
# measures AUC real 0.837, templates 0.821, flagged 61.4 %, false flags 11.4 %,
# rewrites 23 of 24 (+42.8). After two more precision fixes (thanks for a report
# marks a reply; "confirm ... should now" is no deadline): AUC real 0.836,
# templates 0.827, flagged 61.4 %, false flags 11.1 %; with the session's
# starting engine on the same 542 emails: 0.833, 0.818, 61.6 %, 12.1 %. A last
# batch (fresh30, 10 emails, 5 of 9 real ones praised), measured once, the same
# with both engines: AUC real 0.550, flagged 2 of 9, false flags 22.9 %. With it
# the corpus (552) measures AUC real 0.831, templates 0.813, flagged 60.9 %,
# false flags 11.5 %, rewrites 23 of 24 (+42.8). fresh29 (4 criticised emails)
# came last, the same with both engines: flagged 4 of 6. The corpus (556) then
# measures AUC real 0.832, templates 0.813, flagged 60.9 %, false flags 11.5 %.
# Eighth session: two new batches (fresh31-32, 13 emails, 5 of 12 real ones praised)
# measured once, the same with the session's starting engine (2f75752) and after
# its first six rule changes: AUC real 0.743, flagged 6 of 13, false flags 6.4 %.
# With them the corpus (569) measures AUC real 0.850 (0.844 with the starting
# engine), templates 0.823, flagged 63.4 % (62.3 %), false flags 10.7 %, rewrites
# 25 of 25 (+42.7).
# fresh33 (13 emails from GitHub files, 9 praised, 6 of them a sales guide's
# examples) measured once, the same with both engines: AUC real 1.000 (2 bad, 3
# good), templates 0.750, flagged 4 of 9, false flags 27.0 %. With it the corpus (582)
# measures AUC real 0.850, templates 0.819, flagged 63.9 %, false flags 11.2 %.
# fresh34-35 (18 emails, 14 real, 4 of them praised) measured once: AUC real 0.450
# (0.400 with the starting engine), flagged 11 of 23 (10), false flags 24.5 %, and
# their one rewrite 20 points below its original. The corpus (600) then measures AUC
# real 0.843 (0.833 with the starting engine), templates 0.820, flagged 63.4 %
# (61.4 %), false flags 11.6 % (11.6 %), rewrites 25 of 26 (+40.3).
# Last, fresh36-37 (21 emails, 7 of 16 real ones praised, four of those written by
# customers to a business) measured once, the same with both engines: AUC real
# 0.341, flagged 7 of 18, false flags 21.4 %. The corpus (621) then measures AUC
# real 0.836 (0.821 with the session's starting engine), templates 0.823 (0.816),
# flagged 62.9 % (60.9 %), false flags 11.6 % (12.1 %), rewrites 26 of 26 (+43.1).
# fresh38-39 (22 emails from a business to its customers; 5 of 15 real ones praised)
# measured once, the same with both engines: AUC real 0.320, flagged 7 of 20, false
# flags 23.5 %, their one rewrite 53 points below its original. After the session's
# last two rule changes the corpus (643) measures AUC real 0.830 (0.808 with the
# session's starting engine), templates 0.826 (0.818), flagged 62.4 % (60.1 %), false
# flags 11.8 % (12.5 %), rewrites 26 of 27 (25). The real-email floor moved from 0.82
# to 0.80 when fresh36-39 joined: the starting engine measures 0.808 on the same
# emails, so the corpus got harder, the engine did not get worse. On the validation
# batches alone (304 emails) the session went from AUC real 0.647 to 0.696, flagged
# 45.5 % to 50.4 %, false flags 16.1 % to 14.8 %; on the development batches (339)
# it stayed at 0.924 (flagged 73.5 % -> 73.3 %, false flags 8.6 % -> 8.4 %).
# Ninth session: fresh40-42 (18 emails, 8 of 17 real ones praised) measured once:
# AUC real 0.465 with the session's starting engine (72ea73a), 0.542 once a flagged
# sentence counts as written for the writer in the wording; flagged 2 of 20, false
# flags 10.3 %. The corpus (661) then measures AUC real 0.811 (0.821 with the
# starting engine), templates 0.829 (0.825), flagged 61.2 % (61.0 %), false flags
# 11.7 % (11.7 %), rewrites 26 of 28 (+41.3; +38.6). The real-email figure fell on
# the development batches the wording weights were fitted to (0.924 -> 0.905) and
# rose on the validation batches (0.686 -> 0.693; templates 0.738 -> 0.786).
# Then fresh43-45 (38 emails, 6 of 25 real ones praised, mostly LinkedIn invitations
# and freelancers' applications) measured once, after the session's rule changes and
# with its starting engine: AUC real 0.579 with both, templates 0.633 (0.600),
# flagged 17 of 44, false flags 20.4 %, rewrites 1 of 3. The corpus (699) then
# measures AUC real 0.802 (0.812 with the starting engine), templates 0.819 (0.812),
# flagged 59.9 % (59.7 %), false flags 12.1 % (12.1 %), rewrites 27 of 31 with both
# (+36.3; +33.2). The floors moved down with the harder corpus, as the starting
# engine's figures on the same emails show: AUC real 0.80 -> 0.78, recall 0.59 ->
# 0.57, rewrites above their original 0.9 -> 0.85.
# The floors sit a few points under those figures. They moved when fresh22-23
# joined (0.871 -> 0.849 real, 11.1 % -> 12.4 % false flags), and the recall floor
# when fresh27-28 did (62.6 % -> 61.4 %): the engine did not get worse, the corpus
# got harder.
FLOOR_AUC_REAL = 0.78
FLOOR_AUC_TEMPLATE = 0.80
FLOOR_RECALL = 0.57
CEILING_FALSE_FLAGS = 0.14
#: Every rewrite scores above its original since "Sorry to bug you" counts as a
#: chaser (22 of 22); the floor leaves room for one new pair that does not.
FLOOR_REWRITES_ABOVE = 0.85
FLOOR_REWRITE_GAP = 20.0
MIN_EMAILS = 80
MIN_GOOD = 30


@pytest.fixture(scope="module")
def figures(labelled_summary: list[str]) -> CorpusFigures:
    measured = measure(load_corpus())
    labelled_summary.append("real-email corpus (tests/analysis/real/):")
    labelled_summary.extend(f"  {line}" for line in measured.lines())
    return measured


def test_the_corpus_is_large_enough_and_well_formed() -> None:
    emails = load_corpus()
    assert len(emails) >= MIN_EMAILS
    assert sum(email.verdict == "good" for email in emails) >= MIN_GOOD
    ids = [email.id for email in emails]
    assert len(ids) == len(set(ids))
    by_id = {email.id: email for email in emails}
    for email in emails:
        assert email.origin in ORIGINS and email.verdict in VERDICTS, email.id
        assert email.source_url.startswith("http"), email.id
        assert email.text.strip(), email.id
        for quote in (*email.criticised, *email.praised):
            assert quote.text in email.text, (email.id, quote.text)
        if email.rewrite_of:
            assert by_id[email.rewrite_of].verdict == "bad", email.id
            assert email.verdict == "good", email.id


def test_the_score_tells_praised_emails_from_criticised_ones(figures: CorpusFigures) -> None:
    assert figures.auc["real"] >= FLOOR_AUC_REAL
    assert figures.auc["template"] >= FLOOR_AUC_TEMPLATE


def test_every_rewrite_scores_well_above_its_original(figures: CorpusFigures) -> None:
    assert figures.rewrites >= 10
    assert figures.rewrites_above >= FLOOR_REWRITES_ABOVE * figures.rewrites
    assert figures.mean_rewrite_gap >= FLOOR_REWRITE_GAP


def test_most_criticised_sentences_are_marked(figures: CorpusFigures) -> None:
    assert figures.recall >= FLOOR_RECALL


def test_praised_emails_are_rarely_marked(figures: CorpusFigures) -> None:
    assert figures.false_flag_share <= CEILING_FALSE_FLAGS
