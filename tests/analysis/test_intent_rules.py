"""What a sentence does for the reader, not which words it uses (the real-emails issue).

The sentences here are the issue's own examples, written for it; none comes from
the corpus or a held-out source. Each is checked inside an ordinary email, the
way a writer would meet it.
"""

from __future__ import annotations

import pytest
from intent_helpers import categories_on

from rapport.analysis import analyze


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        # questions that serve the seller
        ("Did you get my last email?", "self-centered"),
        ("Did you get a chance to look at my proposal?", "self-centered"),
        ("Would you be interested in our new fleet dashboard?", "self-centered"),
        ("So why not give us a try?", "self-centered"),
        ("Would you have 15 minutes on Thursday or Friday?", "pushy"),
        ("Can we lock in a time this week?", "pushy"),
        ("Should I stop writing to you?", "pushy"),
        ("If you don't want to hear from me anymore, just let me know.", "pushy"),
        # asking leave to pitch, leading questions, asking to be passed on
        ("May I provide you with more information about our plans?", "self-centered"),
        ("Would it be alright if I sent you our rate card?", "self-centered"),
        ("Have you ever considered outsourcing your payroll?", "self-centered"),
        ("Do you want more qualified leads every month?", "self-centered"),
        ("Can I speak with someone from your purchasing team?", "self-centered"),
        ("Would you be up for trying it out this week?", "self-centered"),
        ("When would you be available to discuss it over a brief phone call?", "self-centered"),
        ("Would you be available for a quick conversation on Monday?", "self-centered"),
        # qualifying the reader as a buyer
        ("Do you have any need for rubber magnets this year?", "self-centered"),
        ("Are you in the market for a new phone system?", "self-centered"),
        # the seller's agenda as the point of the email
        ("Just following up on my last note.", "self-centered"),
        ("Circling back on this.", "self-centered"),
        ("Bumping this to the top of your inbox.", "self-centered"),
        ("I haven't heard back from you.", "self-centered"),
        ("I'll assume you're not interested.", "pushy"),
        # filler openers
        ("Hope you're doing well!", "self-centered"),
        ("I hope you had a great weekend.", "self-centered"),
        # self-introductions
        ("My name is Jordan and I head up partnerships at Zentrix.", "self-centered"),
        ("Jordan from Zentrix here.", "self-centered"),
        # the company as the subject, and vague value claims
        ("Zentrix is the premier provider of fleet telematics.", "self-centered"),
        ("Brightpath is an all-in-one platform that helps teams plan.", "self-centered"),
        ("This will unlock value across your organisation.", "self-centered"),
        ("We can take your business to the next level.", "self-centered"),
        # attachments as the message
        ("Please find our brochure and price list attached.", "product-dump"),
        # template accidents
        ("Thanks, {{first_name}}.", "impersonal"),
        ("I met the team at <Company> last year.", "impersonal"),
        ("I saw the news about [Company Name] on LinkedIn.", "impersonal"),
        # thanking them for a yes they have not given
        ("Thank you in advance for your help with the pricing sheet.", "pushy"),
        ("Thanks in advance!", "pushy"),
        # a result with nothing concrete in it is still about the writer
        ("We helped a wholesaler improve their processes.", "self-centered"),
    ],
)
def test_self_centred_writing_is_marked_by_what_it_does(sentence: str, category: str) -> None:
    assert category in categories_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We helped a 40-person roofing firm cut quoting from two days to one.",
        # any kind of customer, as long as the result is concrete
        "We helped a 40-person distributor cut its close from four days to two.",
        "We helped a local bakery double its online orders in three months.",
        "We messed up, and we have refunded the whole month.",
        "I loved your talk on retaining nurses at the Denver meetup.",
        "Should we find half an hour next week to look at your renewal options?",
        "The report you asked for is attached.",
        "Anything we could improve?",
        "Are you still planning the move to the new warehouse in March?",
        "Would you like the case study you asked about?",
        "Unfortunately, your story was not chosen for the spring issue.",
        # a lead time is logistics the reader needs
        "Right now we need around 12 weeks to finish a custom order.",
        # owning a fault, and a link the reader asked for
        "The scratch was our fault, and a new table is on its way.",
        "Here is the link to the sizing guide you asked for.",
        # thanks for help already given
        "Thanks again for your help with the move last week.",
        # gladness at their news
        "I'm so excited to hear about the baby!",
    ],
)
def test_writing_for_the_reader_is_left_alone(sentence: str) -> None:
    assert not categories_on(sentence) & {"self-centered", "product-dump", "pushy", "impersonal"}


def test_the_follow_up_from_the_issue_scores_under_50() -> None:
    email = (
        "Hi Marta,\n\nJust circling back on my note from last week. Did you get a chance to "
        "read it? I've pasted it again below in case it got buried.\n\nWould you have 15 "
        "minutes on Thursday or Friday for a quick call?\n\nThanks!"
    )
    report = analyze(email)
    assert report.score < 50
    assert report.metrics.reader_questions == 0  # neither question is to the reader


def test_the_doctrines_own_example_stays_under_30() -> None:
    assert analyze("Hi.\n\nHere's my product. Want to buy some?").score < 30


@pytest.mark.parametrize(
    "greeting",
    [
        "Hi [First Name],",
        "Hi {{first_name}},",
        "Dear %FIRSTNAME%,",
        "Hi Maria ,",
        "Dear Northwind Traders Representative,",
        "Dear Sir or Madam,",
        "Hi Info,",
        "Hello Dear,",
        "Dear acmeplumbing.com,",
        "Dear ________,",
        "Dear $first_name,",
        # the merge fields of the common mail tools: Mailchimp, Word, Salesforce
        "Hi *|FNAME|*,",
        "Dear «First_Name»,",
        "Hi {!Contact.FirstName},",
        # a name copied from a list or a user name as it was
        "Hello james,",
        "Dear jsmith42,",
    ],
)
def test_a_greeting_from_a_mail_merge_earns_no_greeting_points(greeting: str) -> None:
    report = analyze(f"{greeting}\n\nHow did the launch go for your team last week?")
    assert "impersonal" in {f.category for f in report.findings}
    (greeting_score,) = [item for item in report.breakdown if item.metric == "greeting"]
    assert greeting_score.points == 0


@pytest.mark.parametrize(
    "greeting",
    ["Hi [First Name],", "Hi {{first_name}},", "Dear %FIRSTNAME%,", "Hi Maria ,", "Hello james,"],
)
def test_a_mail_merge_greeting_counts_against_customer_focus(greeting: str) -> None:
    """A placeholder left in the greeting is the worst kind of impersonal: the
    email cannot score well on the rest of its lines."""
    body = "\n\nHow did the launch go for your team last week?\n\nBest,\nDan"
    merged, named = analyze(greeting + body), analyze("Hi Sam," + body)

    def focus(report):
        return next(item for item in report.breakdown if item.metric == "focus")

    assert focus(merged).points < focus(named).points
    assert merged.score < 60 <= named.score


def test_a_postscript_under_the_signoff_counts() -> None:
    body = "Hi Sam,\n\nHow did the launch go for your team?\n\nBest,\nDan\n\n"
    postscript = "P.S. We are the leading provider of fleet telematics in Europe."
    report = analyze(body + postscript)
    marked = [f for f in report.findings if f.start >= len(body)]
    assert {f.category for f in marked} == {"self-centered"}
    assert report.score < analyze(body + "Dan Smith\nAcme Fleet").score


def test_a_signature_block_is_not_judged() -> None:
    email = (
        "Hi Sam,\n\nHow did the launch go for your team?\n\n"
        "Best,\nDan Smith\nVP Sales, Acme\n+1 555 0100"
    )
    assert not [f for f in analyze(email).findings if f.start > email.index("Best")]


def test_a_signature_without_a_signoff_is_not_judged() -> None:
    body = "Hi Sam,\n\nHow did the launch go for your team?\n\nHave a great week!\n\n"
    signature = "Not My Real Name\nCustomer Success\ntwitter: @acme\nacme.com"
    report = analyze(body + signature)
    assert not [f for f in report.findings if f.start >= len(body)]
    # the name and title are not sentences: they neither pad nor lower customer focus
    assert report.metrics.sentences == analyze(body).metrics.sentences


def test_a_last_line_left_without_a_full_stop_is_still_read() -> None:
    email = "Hi Sam,\n\nHow did the launch go for your team?\n\nwe are the best agency in town"
    report = analyze(email)
    assert [f for f in report.findings if f.start >= email.index("we are")]


def test_a_reading_grade_on_a_short_text_is_not_judged_and_adds_no_points() -> None:
    report = analyze("Hi Sam,\n\nHow did the launch go?")
    (readability,) = [item for item in report.breakdown if item.metric == "readability"]
    assert readability.points == 0 and "not judged" in readability.note


def test_an_email_asking_a_favour_may_give_honest_context() -> None:
    asking = (
        "Hi Priya,\n\nI am new to Denver and I am trying to learn how the local food scene "
        "works. I have run a bakery in Austin for six years. Could you help me with the names "
        "of two or three suppliers you trust?\n\nThank you,\nAna"
    )
    pitching = asking.replace(
        "Could you help me with the names of two or three suppliers you trust?",
        "We bake the best bread in town.",
    )
    assert not {f.rule for f in analyze(asking).findings} & {"about-us"}
    assert "about-us" in {f.rule for f in analyze(pitching).findings}


def test_a_pitch_to_an_investor_may_give_the_founders_record() -> None:
    # An investor judges the founder: the record is what they asked for. The same
    # lines sent to a customer are about the writer.
    record = (
        "I'm a second-time founder and spent six years running payments at a bank. "
        "We have 40 paying clinics after four months."
    )
    investor = f"Hi Dana,\n\n{record} We're raising our seed round. Is clinic software a fit?"
    customer = f"Hi Dana,\n\n{record} Is your clinic still booking by phone?"
    assert not {f.rule for f in analyze(investor).findings} & {"about-us"}
    assert "about-us" in {f.rule for f in analyze(customer).findings}


def test_an_email_pasted_onto_one_subject_line_is_still_judged() -> None:
    # A short "Subject:" first line is the subject, not the email; a whole email
    # pasted after "Subject:" on one line must not come out as an empty 0.
    subject = (
        "Subject: Our platform\n\nHi Sam,\n\nWe are the leading provider of fleet "
        "telematics in Europe, and our new dashboard tracks every truck in real time."
    )
    one_line = subject.replace("\n\n", " ")
    for text in (subject, one_line):
        report = analyze(text)
        assert report.metrics.words > 0
        assert "self-centered" in {f.category for f in report.findings}
    assert analyze(subject).metrics.words == analyze(one_line).metrics.words - 3


def test_a_list_in_brackets_is_an_aside_not_a_feature_list() -> None:
    listed = "The first draft has interviews, memos, dashboards, reports, integrations and alerts."
    aside = (
        "The first draft is ready in three weeks "
        "(interviews, memos, dashboards, reports, integrations and alerts)."
    )
    assert "product-dump" in categories_on(listed)
    assert "product-dump" not in categories_on(aside)
