"""What a rule pack may hold: the known keys of each table, and the defaults.

Apart from ``rules`` so that the list a misspelling is checked against reads as
one schema. A key not listed here is an error naming its file and line (see
``rules.parse_pack``); a new list the engine reads is added here first.
"""

from __future__ import annotations

MATCH_KINDS = ("phrases", "patterns", "self-subject", "feature-list")
RULE_KEYS = frozenset(
    {
        "id",
        "name",
        "category",
        "match",
        "message",
        "suggestions",
        "phrases",
        "patterns",
        "needs_self",
        "skip_if_reader",
        "skip_if_exempt",
        "questions_only",
        "triggers",
        "only_if_unflagged",
        "skip_if_reader_topic",
        "skip_if_warm",
        "skip_questions",
        "anchored",
        "skip_if_negated",
        "skip_if_narrative",
        "claimed_by_self",
    }
)

#: The score's metrics, in the order the breakdown lists them.
METRIC_IDS = ("focus", "wording", "you_me", "questions", "greeting", "length", "readability")
#: Points per metric when no pack gives any; they add up to 100 (as in en.toml,
#: where the figures behind them are).
DEFAULT_POINTS: dict[str, float] = {
    "focus": 62.0,
    "wording": 20.0,
    "you_me": 8.0,
    "questions": 5.0,
    "greeting": 3.0,
    "length": 1.0,
    "readability": 1.0,
}
#: Targets when no pack gives them (see en.toml's [thresholds] for where they come from).
DEFAULT_THRESHOLDS: dict[str, float] = {
    "words_min": 50.0,
    "words_max": 125.0,
    "cold_words_min": 25.0,
    "questions_min": 1.0,
    "questions_max": 3.0,
    "grade_min": 3.0,
    "grade_max": 5.0,
    "grade_flag_margin": 2.0,
    "grade_min_words": 30.0,
    "you_me_ratio_min": 1.0,
    "focus_zero_share": 0.5,
    # One sentence about the writer (a lone_context_rules finding) in an email of at
    # least this many sentences, and nothing else flagged, is honest context.
    "lone_context_min_sentences": 3.0,
    # The wording metric (a pack's [wording] weights): the mean chance, over the
    # sentences, that a sentence reads as written for the writer. Full points at or
    # under the first, none from the second.
    "wording_full": 0.45,
    "wording_zero": 0.55,
    # Replying to their email (analysis.reply): a reply is out of proportion above
    # this many times their words and this many words; the points its two breakdown
    # lines add (the score is then taken out of the larger total, so it stays 0-100).
    "reply_words_factor": 5.0,
    "reply_words_min": 150.0,
    "reply_answered_points": 10.0,
    "reply_their_words_points": 5.0,
}
#: The [lexicon] lists something reads; any other name is a misspelling and an error.
LEXICON_KEYS = frozenset(
    {
        # who the sentence is about (analysis.matcher)
        "self_words",
        "reader_words",
        "reader_possessives",
        "reader_non_topics",
        "reader_purposes",
        "reader_topic_verbs",
        "negation_words",
        "other_person_words",
        "narrative_past_verbs",
        "past_tense_suffixes",
        "self_promotion_verbs",
        "verb_adverbs",
        "stance_words",
        "reply_phrases",
        "openers",
        "self_topics",
        "warm_phrases",
        "favour_phrases",
        "context_rules",
        "lone_context_rules",
        "exempt_phrases",
        "exempt_patterns",
        "exempt_pattern_triggers",
        "exempt_result_patterns",
        "exempt_result_pattern_triggers",
        "feature_words",
        "spec_patterns",
        "spec_pattern_triggers",
        # sentences, greetings and sign-offs (analysis.segment)
        "greeting_words",
        "generic_addressees",
        "generic_addressee_tails",
        "generic_addressee_leads",
        "honorifics",
        "signoffs",
        "abbreviations",
        "terminal_abbreviations",
        # the language's own mechanics (analysis.engine): reading grade, lists
        "syllable_patterns",
        "silent_syllable_patterns",
        "list_separator_patterns",
        # the contact checks (notes.checks) and content matching (analysis.content_match)
        "claimed_familiarity",
        "claimed_spoken_words",
        "claimed_recent_words",
        "content_stop_words",
        "content_everyday_words",
        "content_stem_suffixes",
        "follow_up_object_ends",
        "follow_up_object_skips",
        # what a note or a received email says (notes.reference, analysis.their_email)
        "handover_verbs",
        "irregular_past",
        "my_promises",
        "note_leading_verbs",
        "reported_speech",
        "reporting_verbs",
        "second_person",
        "second_person_verbs",
        "their_concerns",
        "their_indirect_questions",
        "their_reminders",
        "their_requests",
        "their_small_talk",
        # quick fixes built from the writer's own sentence (analysis.rewrite)
        "rewrite_lead_ins",
        "rewrite_ask_verbs",
        "rewrite_tell_verbs",
        "rewrite_product_nouns",
        "rewrite_product_verbs",
        "rewrite_show_objects",
        "feature_benefits",
        "feature_modifiers",
    }
)
#: The texts a [metric.<id>] table may give: the label and templates for the
#: value and the target (placeholders in braces, see ``analysis.scoring``).
METRIC_TEXT_KEYS = frozenset(
    {
        "label",
        "value",
        "target",
        "value_merge",
        "value_generic",
        "value_missing",
        "note_short",
        "value_words",
        "note_empty",
        "help",
        "note_reply",
    }
)


#: The whole-email checks the engine knows how to run, by id.
EMAIL_CHECK_IDS = (
    "greeting-missing",
    "greeting-generic",
    "greeting-template",
    "no-question",
    "too-short",
    "too-long",
    "reading-grade",
    # Replying to their email (analysis.reply).
    "reply-unanswered",
    "reply-concern-ignored",
    "reply-out-of-proportion",
)
