"""Where a rule stops: the finer lines between self-talk and context, pressure and
logistics, a boast and modesty (the real-emails issue).

As in ``test_intent_rules.py``, the sentences are written for these tests; none
comes from the corpus or a held-out source.
"""

from __future__ import annotations

import pytest
from intent_helpers import categories_on, rules_on

from rapport.analysis import analyze


@pytest.mark.parametrize(
    "sentence",
    [
        "We're not the biggest agency in town.",
        "We aren't the cheapest option, and we say so up front.",
        "I may not be the best judge of poetry.",
    ],
)
def test_denying_a_superlative_is_modesty_not_a_boast(sentence: str) -> None:
    assert "superlative-about-us" not in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We are the best agency in the region for roofing firms.",
        "We are not only the leading agency, we are the fastest one too.",
        "Our scheduling app is the most advanced on the market.",
    ],
)
def test_claiming_a_superlative_is_still_a_boast(sentence: str) -> None:
    assert "superlative-about-us" in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "I grew up watching my aunt run a bakery, and her cakes were amazing.",
        "I think they have the best roofing crew in the county.",
        "That is the first we have heard of it, and I am looking into it today.",
    ],
)
def test_a_superlative_about_someone_else_is_not_a_boast(sentence: str) -> None:
    assert "superlative-about-us" not in rules_on(sentence)


def test_a_customers_words_in_quotes_are_not_the_writer_talking_about_themselves() -> None:
    story = "We all had a wonderful celebration and the whole party marched down the street."
    assert "self-centered" in categories_on(story)
    assert "self-centered" not in categories_on(f"“{story}”")
    assert "self-centered" not in categories_on(f'"{story}"')


def test_a_placeholder_in_the_signature_or_the_subject_line_is_still_flagged() -> None:
    email = (
        "Subject: A quick idea for {{company}}\n\nHi Sam,\n\nHow did the launch go for your "
        "team?\n\nBest,\n[Your Name]\nVP Sales, Acme, the leading provider of fleet software"
    )
    flagged = [email[f.start : f.end] for f in analyze(email).findings if f.rule == "placeholder"]
    assert flagged == ["Subject: A quick idea for {{company}}", "[Your Name]"]
    # The rest of the signature is still not judged.
    assert not [f for f in analyze(email).findings if f.start > email.index("VP Sales")]


@pytest.mark.parametrize(
    "sentence",
    [
        "I placed an order on the 19th for one replacement blade.",
        "We decided to hold the piece until the spring issue.",
        "I went to visit the plant in Leeds with my brother.",
        "My partner and I bought an old van and converted it into a camper.",
    ],
)
def test_telling_what_happened_is_context_not_selling_yourself(sentence: str) -> None:
    assert "about-us" not in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We recently hired a new head of design from a large agency.",
        "We built a scheduling tool for dental practices last year.",
        "Our revenue doubled last year across every region.",
        "I'm a mechanic who has taught drivers for twenty years.",
        "We have been in the tent business for many years now.",
    ],
)
def test_what_the_writer_made_or_won_is_still_about_them(sentence: str) -> None:
    assert "about-us" in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Would you consider swapping out the old link on that page for our article?",
        "We would be honoured if you could review our framework this week.",
        "If you could answer my email below, I can cross this off my list.",
    ],
)
def test_asking_them_to_do_something_for_you_is_about_you(sentence: str) -> None:
    assert "ask-for-yourself" in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you tell me more about how the rota works for the night shift?",
        "Would you let me know which day suits you best?",
        "Can you send me the floor plan you mentioned?",
    ],
)
def test_asking_about_them_or_for_what_they_offered_is_not(sentence: str) -> None:
    assert "ask-for-yourself" not in rules_on(sentence)


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        (
            "We have learned from the Internet that you are interested in garden sheds.",
            "claimed-research",
        ),
        ("After skimming through your website, I know we can help.", "claimed-research"),
        ("I've been reading a few of your posts about pricing.", "claimed-research"),
        ("I've been following your blog for a while and love your content!", "canned-praise"),
        ("In return, I only ask for a backlink to my bakery's site.", "link-request"),
        ("A link exchange with our garden blog would help us both.", "link-request"),
        ("If it helps your work, please star this repository.", "link-request"),
        ("I think your readers would love our new spring planters.", "coverage-ask"),
        ("Would love 15 minutes on Tuesday if that suits.", "time-ask"),
        ("Colleagues would tell you I'm a real team player.", "vague-claim"),
        ("Are you looking to refresh your shop's website this year?", "seller-question"),
        ("You two should connect, I'll leave it to you to connect.", "demand"),
        ("We'd love it if you could host a giveaway for our launch.", "coverage-ask"),
        ("I want you to review my new cookbook on your blog.", "demand"),
        ("I've reached out several times about your hiring plans.", "chaser"),
        ("If you have just been busy, I can find another time.", "chaser"),
        ("If I bothered you, tell me and I won't write again.", "guilt-close"),
        ("You're receiving this because you signed up for a webinar in 2019.", "sent-to-many"),
        ("If you're not the right person, could you forward this on?", "sent-to-many"),
        ("We noticed you contributed to an open-source billing library.", "list-admission"),
        ("I saw on GitHub you had starred a logging project.", "list-admission"),
        ("The scratch on the table was caused by the courier, not by us.", "blame-shift"),
        ("We are sorry you felt our reminders were too frequent.", "blame-shift"),
        ("Sadly the delay was beyond our control.", "blame-shift"),
        ("Your post will come with a highly visible link to your website.", "exposure-offer"),
        ("It's a chance to reach thousands of keen gardeners.", "exposure-offer"),
        ("There's no budget, but it would be great exposure for you.", "exposure-offer"),
        ("You have a great site, which is why I'm writing.", "canned-praise"),
        ("I noticed your blog is focused on cycling.", "claimed-research"),
        ("We'd pay for the link, just name a price.", "link-request"),
        ("We're starting a club for young bakers and would love to invite you.", "seller-wants"),
        ("Could we have a phone conversation about what I offer?", "time-ask"),
        ("I consider you a friend, so I'm sharing this offer first.", "false-intimacy"),
        ("On behalf of everyone at Harbor Plumbing, thank you for your business.", "stock-phrase"),
        ("I have not heard from you, so I guess this is the end.", "guilt-close"),
        ("I hate to be a pest about the quote.", "chaser"),
        ("Let's talk.", "time-ask"),
        ("We hope you understand that prices had to rise.", "stock-phrase"),
        ("I await your reply.", "stock-phrase"),
        ("Those who are interested can reply with a resume.", "sent-to-many"),
        ("We noticed that you're a user of our competitor's app.", "list-admission"),
        ("By the way, I love referrals.", "demand"),
        ("We know you would love our new cat calendar.", "presumed-interest"),
        ("I'm sure you're always looking for ways to cut costs.", "presumed-interest"),
        ("It could be a useful resource for your readers.", "presumed-interest"),
        ("Are there some times this coming week that would work for a call?", "time-ask"),
        ("Sorry to bug you again about the quote.", "chaser"),
        ("Apologies for the follow-up, I know you're swamped.", "chaser"),
        ("You might find our scheduling tool useful for your crews.", "presumed-useful"),
        ("Here is our catalogue, which you may find of interest.", "presumed-useful"),
        ("I found several errors on your website that hurt your rankings.", "reader-put-down"),
        ("Our report shows your website needs urgent work.", "reader-put-down"),
        ("It looks like you didn't properly install the update.", "blame-shift"),
        ("Like I said, the quote is final.", "blame-shift"),
        ("Just a friendly reminder about the quote I sent.", "chaser"),
        ("Any update on this?", "chaser"),
        ("Harbor Digital works with dental practices across the state.", "company-as-subject"),
        ("The Ledger is a weekly trade magazine for independent grocers.", "company-as-subject"),
        ("Adding a link to our guide would help your readers.", "link-request"),
        ("Would you agree to place a simple link on your resources page?", "link-request"),
        ("Your website has several technical errors such as dead links.", "reader-put-down"),
        ("Your traffic flow is poor this quarter.", "reader-put-down"),
        ("Please add my address to your address book so my emails reach you.", "sent-to-many"),
        ("Our app is predicted to be as big as Facebook.", "hype-claim"),
        ("Buy in now and you may strike it big.", "hype-claim"),
        ("Can we lock in a time this week?", "assumed-meeting"),
        ("I'll pencil you in for Tuesday.", "assumed-meeting"),
        ("Would Tuesday or Thursday work better?", "either-or-close"),
        ("Honestly, your response is a joke.", "contempt"),
        ("We leverage best-of-breed tools across many verticals.", "jargon"),
        (
            "ScalingTechCo, Inc. is the world\u2019s leading marketplace in widgets.",
            "company-as-subject",
        ),
        ("Zentrix is America's #1 fleet telematics provider.", "company-as-subject"),
        ("This isn't my first rodeo.", "brag"),
        ("We have a strong track record in dental marketing.", "self-introduction"),
        ("Would it be okay to send you our rate card?", "seller-question"),
        ("This is a reminder about the email request I sent last week.", "chaser"),
        ("Please phone me next Tuesday.", "demand"),
        ("If you don't wish to receive this newsletter, you can unsubscribe.", "sent-to-many"),
        ("If you are interested, please send your resume by Friday.", "demand"),
        ("Our award-winning team will handle it.", "brag"),
        ("We only ever considered you time wasters.", "contempt"),
        ("How is your summer going?", "small-talk"),
        ("How\u2019s your week going so far?", "small-talk"),
        ("Hope you're enjoying the holidays!", "small-talk"),
        ("I've attached our press release for your convenience.", "attachment-dump"),
        ("I've attached our capabilities deck for your review.", "attachment-dump"),
        ("Following up on the below.", "chaser"),
        ("What does your calendar look like on Wednesday?", "time-ask"),
        ("Let me know when you're free for a call.", "time-ask"),
        ("Hope you had a relaxing long weekend!", "small-talk"),
        ("Hope your Monday is off to a great start.", "filler-opener"),
        ("I trust this message finds you in good health.", "filler-opener"),
        (
            "I'm Sarah, the account executive for your region at Brightpath.",
            "self-introduction-name",
        ),
        ("Zentrix helps companies like yours streamline their operations.", "vague-claim"),
        ("Our solution empowers teams to unlock their full potential.", "vague-claim"),
        ("Can you confirm receipt of this email?", "chaser"),
        ("You probably get pitched all the time, but hear me out.", "filler-opener"),
        ("I'd love to pick your brain about your hiring process.", "seller-wants"),
        ("We'd love to have you as a customer.", "seller-wants"),
        ("This is a no-brainer.", "hype-claim"),
        ("Trust me, this will change your business.", "hype-claim"),
        ("What if you could double your sales?", "rhetorical-pitch"),
        ("As a valued customer, you qualify for our premium plan.", "sent-to-many"),
        ("I'm eager to offer my service to agencies like yours.", "seller-wants"),
        ("I'd like to add you to my professional network on LinkedIn", "seller-wants"),
        ("You should have contacted us sooner.", "reader-put-down"),
    ],
)
def test_cold_email_formulas_are_named_for_what_they_do(sentence: str, rule: str) -> None:
    assert rule in rules_on(sentence)


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        # a link for the reader
        ("I'll add a link to the recording in the invite.", "link-request"),
        ("It's a simple link you can forward to your team.", "link-request"),
        # kind words, and an insult quoted
        ("Your idea is not a waste of time at all.", "contempt"),
        ("There was not one note which said \u2018you\u2019re an idiot\u2019.", "contempt"),
        ("The cheap option is fine for your garage.", "contempt"),
        # praise of someone else
        (
            "I saw that you are working with cutting-edge technologies to solve hard problems.",
            "brag",
        ),
        ("Their award-winning chef cooked for the whole wedding.", "brag"),
        # what is theirs, or done for them
        ("I have long admired Inkwell, as well as your strong track record.", "self-introduction"),
        ("I'll keep your resume on file.", "demand"),
        ("I want to personally look into your order status right away.", "pushy-urgency"),
        ("While Shein is a great company, the criticism is growing.", "company-as-subject"),
        ("Thank you so much for your time and your amazing flowers.", "canned-praise"),
        ("My previous internship was in a small shop, and it was amazing.", "chaser"),
        ("We fixed the HTML errors you reported in the widget.", "reader-put-down"),
        # small talk that is about this reader
        ("How was your weekend in Lisbon with the team?", "small-talk"),
        ("Hope you're enjoying the summer in Maine.", "small-talk"),
        # a press release they asked for
        ("Here is the press release you asked for, attached.", "attachment-dump"),
        # their own week, their own review, their own start
        ("What does your team look like today?", "time-ask"),
        ("Let me know when you're free to pick up the samples.", "time-ask"),
        ("I hope your new store is off to a great start.", "filler-opener"),
        ("We are following up on the issue you reported below.", "chaser"),
        ("Another agent would be honored to have you as a client.", "seller-wants"),
        ("The move will change your commute more than your rent.", "hype-claim"),
        # "you should have" as a promise, or a story
        ("You should have the revisions by Friday as we planned.", "reader-put-down"),
        ("You should have seen the look on the driver's face.", "reader-put-down"),
        ("I'm excited about your new store.", "seller-wants"),
    ],
)
def test_what_only_looks_like_a_formula_is_left_alone(sentence: str, rule: str) -> None:
    assert rule not in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "You mentioned you'd love a simpler way to quote jobs.",
        "I know you would rather talk in person, so I'll call on Tuesday.",
    ],
)
def test_what_they_told_you_they_want_is_not_presumed(sentence: str) -> None:
    assert "presumed-interest" not in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "As I mentioned on our call, the crew can start on Monday.",
        "It looks like you entered last year's code, so I have reset it for you.",
    ],
)
def test_recalling_a_call_or_explaining_a_fix_is_not_blame(sentence: str) -> None:
    assert "blame-shift" not in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Here are the figures you asked for; I hope you find them useful.",
        "You'll find the signed contract attached, as promised.",
    ],
)
def test_hoping_what_they_asked_for_helps_is_not_presumed(sentence: str) -> None:
    assert "presumed-useful" not in rules_on(sentence)


def test_an_apology_for_your_own_slowness_is_still_warm() -> None:
    assert "chaser" not in rules_on("Sorry for the delay in getting back to you on my quote.")


def test_naming_what_you_read_is_not_a_claim_to_have_looked_them_up() -> None:
    sentence = "I read the interview you gave the Music Business Journal in May."
    assert "claimed-research" not in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "I know it's a very small order for a shop like this.",
        "I'm afraid, though, it isn't quite right for the spring list.",
    ],
)
def test_the_writers_view_of_something_else_is_not_about_them(sentence: str) -> None:
    assert "about-us" not in rules_on(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We are going to miss the deadline, and I am embarrassed about it.",
        "I was embarrassed to see the typo in the headline.",
        "Unfortunately I must pass on the manuscript this time.",
        "We have decided to go with other candidates for the role.",
        "I would open the piece with the flood that closed the harbour in May.",
        "When the shipment went missing I was honestly scared we had lost you.",
        "My two sample chapters are linked at the bottom.",
        "I have reported this error to our web team for correction.",
        "I've passed your note to our billing team.",
        "PS here is my cellphone number, (647) 555-0101.",
        "My contact information is below.",
    ],
)
def test_owning_up_turning_them_down_or_outlining_a_piece_is_not_self_talk(sentence: str) -> None:
    assert "about-us" not in rules_on(sentence)


def test_a_view_whose_subject_is_the_writer_again_still_is() -> None:
    assert "about-us" in rules_on("I believe we have the right experience for this project.")


def test_a_favour_that_serves_the_writer_excuses_nothing() -> None:
    email = (
        "Hi Priya,\n\nWe have been in the shed business for many years and are expanding. "
        "Would you consider swapping the dead link on your page for our article?\n\nDan"
    )
    rules = {f.rule for f in analyze(email).findings}
    # The favour is named for what it is: a link for the writer, or any ask for them.
    assert "about-us" in rules
    assert rules & {"ask-for-yourself", "link-request"}


def test_a_reply_to_what_they_sent_needs_no_question_of_its_own() -> None:
    reply = (
        "Dear Kim,\n\nThank you for sending your essay about your grandmother's farm. We "
        "enjoyed it, but we have already run a piece on the same valley this year, so we "
        "will pass this time.\n\nBest,\nAnn"
    )
    report = analyze(reply)
    questions = next(item for item in report.breakdown if item.metric == "questions")
    assert questions.points == questions.max_points
    assert "a reply to what they sent" in questions.note
    assert "no-question" not in {f.rule for f in report.findings}
    # The same lines sent cold still ask the reader nothing.
    cold = reply.replace("Thank you for sending your essay about", "I read an essay about")
    assert "no-question" in {f.rule for f in analyze(cold).findings}


def test_answering_what_they_sent_the_writers_own_context_is_honest() -> None:
    decline = (
        "Dear Jo,\n\nThank you for your query about the novel. I have a full and demanding "
        "list and have not been taking on new clients this year.\n\nBest,\nAnn"
    )
    assert "about-us" not in {f.rule for f in analyze(decline).findings}
    cold = decline.replace("Thank you for your query about the novel.", "Hope you are well.")
    assert "about-us" in {f.rule for f in analyze(cold).findings}


def test_news_about_their_order_is_not_self_talk() -> None:
    update = (
        "Hi Sam,\n\nYour order from Tuesday will be late. Our warehouse in Austin is closed "
        "after the storm, and we are not sure when it will reopen. We will write again "
        "on Friday either way.\n\nBest,\nDan"
    )
    rules = {f.rule for f in analyze(update).findings}
    assert "about-us" not in rules and "no-question" not in rules
    pitch = update.replace("Your order from Tuesday will be late.", "We ship garden sheds.")
    assert "about-us" in {f.rule for f in analyze(pitch).findings}


@pytest.mark.parametrize("greeting", ["Dear Dr. Okafor,", "Hi J.R.,", "Hello Ms. Lindqvist,"])
def test_a_name_with_dots_is_still_a_name(greeting: str) -> None:
    report = analyze(f"{greeting}\n\nHow did the launch go for your team last week?")
    (greeting_score,) = [item for item in report.breakdown if item.metric == "greeting"]
    assert greeting_score.points == greeting_score.max_points


def test_an_editors_brackets_in_a_published_email_are_not_placeholders() -> None:
    for note in ("[name redacted]", "[sic]", "[the spring catalogue \u2013Ed.]"):
        assert "placeholder" not in rules_on(f"Thanks again from all of us at {note} today.")
    assert "placeholder" in rules_on("Thanks again from all of us at [Company] today.")


@pytest.mark.parametrize(
    "field",
    [
        "*|FNAME|*",
        "*|COMPANY|*",
        "«Company_Name»",
        "{!Account.Name}",
        "{Company}",
        "{firstName}",
        "{ first_name }",
        "{contact.company}",
    ],
)
def test_the_merge_fields_of_the_common_mail_tools_are_placeholders(field: str) -> None:
    """Mailchimp, Word's mail merge, Salesforce and single-brace tools each leave their
    own mark when a field goes unfilled; each is as impersonal as "[Company]"."""
    assert "placeholder" in rules_on(f"I noticed {field} is hiring for the Leeds depot.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Pick times | before | after were 40 | 31 minutes.",
        "Our French customers call it « le deuxième tour » and hate it.",
        "The *second* walk is the one that costs you.",
        "Send the {your order} note only once it has shipped.",
    ],
)
def test_pipes_quotes_and_braces_in_ordinary_writing_are_not_placeholders(sentence: str) -> None:
    assert "placeholder" not in rules_on(sentence)


def test_one_line_about_yourself_in_an_email_about_them_is_context() -> None:
    body = (
        "Hi Priya,\n\nHow are the new hires settling in at the Leeds shop? You said the "
        "Saturday rush was the hardest part. {self} Would a rota template help?\n\nBest,\nDan"
    )
    once = analyze(body.format(self="I have run payroll for small shops for ten years."))
    assert "about-us" not in {f.rule for f in once.findings}
    assert "about-us" in once.set_aside.rules  # so the editor does not draw it either
    twice = analyze(
        body.format(self="I have run payroll for small shops for ten years. I am based in York.")
    )
    assert [f.rule for f in twice.findings].count("about-us") == 2
    assert twice.score < once.score


def test_the_slashes_of_a_web_address_do_not_make_a_feature_list() -> None:
    links = (
        "Both are live at https://wrangler.example.com/app/mobile/v2/home and "
        "https://tinyanvil.example.com/elixir/plugin/docs, the website and the mobile app."
    )
    listed = "The plan includes SSO, audit logs, dashboards, a mobile app, reports and alerts."
    assert "feature-list" not in rules_on(links)
    assert "feature-list" in rules_on(listed)


def test_answering_a_problem_they_reported_is_a_reply_too() -> None:
    answer = (
        "Hi Sam,\n\nThanks for reporting the broken export. I have confirmed the bug and "
        "passed it to our engineering team, and I will write again when the fix ships."
        "\n\nBest,\nAnn"
    )
    assert "about-us" not in {f.rule for f in analyze(answer).findings}
    cold = answer.replace("Thanks for reporting the broken export.", "Hope you are well.")
    assert "about-us" in {f.rule for f in analyze(cold).findings}


@pytest.mark.parametrize(
    ("sentence", "pushy"),
    [
        ("Just a quick note to confirm the fix should now be live on your account.", False),
        ("Up to 70% off everything in the spring range, as every March.", False),
        ("Confirm your booking today to keep the room.", True),
        ("Sign today and we'll knock 10% off.", True),
        ("Get 50% off every plan until the 25th of December.", True),
        ("Save 20% by switching to the yearly plan.", False),
    ],
)
def test_pressure_needs_a_clock_on_the_reader(sentence: str, pushy: bool) -> None:
    assert ("pushy" in categories_on(sentence)) is pushy
