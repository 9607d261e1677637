"""Term facts: signing/start/end dates, initial term, renewal, notice period (Dutch and English)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from contractdossier import deadlines
from contractdossier.deadlines import Duration
from contractdossier.recognise import clauses as clause_mod
from contractdossier.recognise.terms import EVENT_TERM_CONFIDENCE, anchors_from, recognise_terms
from contractdossier.records import ExtractedText, Fact, FactSource, PageText, TextSource

DOC = "0" * 64


def extracted(*pages: str, language: str = "nl") -> ExtractedText:
    out, offset = [], 0
    for number, page in enumerate(pages, start=1):
        out.append(PageText(number, page, offset))
        offset += len(page) + 1
    return ExtractedText(tuple(out), language, len(out))


def terms(*pages: str, language: str = "nl", with_clauses: bool = False) -> dict[str, Fact]:
    text = extracted(*pages, language=language)
    clauses = clause_mod.segment(text, DOC) if with_clauses else ()
    facts = recognise_terms(text, clauses, language, DOC)
    assert len({f.field for f in facts}) == len(facts), "at most one fact per field"
    return {f.field: f for f in facts}


def value(found: dict[str, Fact], field: str) -> Any:
    return found[field].value if field in found else None


SIGNATURES_NL = """
Aldus overeengekomen en in tweevoud ondertekend.

Opdrachtgever
Stichting Voorbeeld
Plaats: Breda
Datum: 12 februari 2024
______________________________
Naam: A. de Vries

Opdrachtnemer
Voorbeeld IT B.V.
Plaats: Utrecht
Datum: 9 februari 2024
______________________________
Naam: B. Jansen
"""

NL_CONTRACT = (
    """ICT-BEHEEROVEREENKOMST
Versie: 1.0 (definitief)
Datum versie: 5 februari 2024

Artikel 3 – Duur en verlenging

3.1 De Overeenkomst treedt in werking op 1 januari 2025 (de “Ingangsdatum”).

3.2 De Overeenkomst wordt aangegaan voor een periode van drie (3) jaar, te rekenen vanaf de
Ingangsdatum.

3.3 Na afloop van de initiële looptijd wordt de Overeenkomst telkens stilzwijgend verlengd met
een periode van twaalf (12) maanden, tenzij een van de Partijen de Overeenkomst uiterlijk zes (6)
maanden voor het einde van de looptijd schriftelijk heeft opgezegd.

3.4 Partijen komen een vergoeding overeen die gedurende drie jaar vast is.
"""
    + SIGNATURES_NL
)


def test_dutch_contract_reads_every_term() -> None:
    found = terms(NL_CONTRACT, with_clauses=True)
    assert value(found, "signing_date") == "2024-02-12"  # the last signature, not the version
    assert value(found, "start_date") == "2025-01-01"
    assert value(found, "initial_term") == "P3Y"
    assert "end_date" not in found  # not stated: computed by the caller
    assert value(found, "renewal") == {
        "type": "automatic",
        "period": "P12M",
        "max": None,
        "holder": None,
        "exercise_notice": None,
    }
    assert value(found, "notice_period") == "P6M"
    for fact in found.values():
        assert 0.0 <= fact.confidence <= 1.0
        assert fact.evidence is not None and fact.evidence.document == DOC


def test_three_years_from_first_of_january_ends_on_the_last_day() -> None:
    found = terms(NL_CONTRACT)
    start = dt.date.fromisoformat(value(found, "start_date"))
    term = Duration.from_iso(value(found, "initial_term"))
    assert deadlines.end_date(start, term) == dt.date(2027, 12, 31)
    # the notice deadline for that end, with six months' notice
    notice = Duration.from_iso(value(found, "notice_period"))
    assert deadlines.notice_deadline(dt.date(2027, 12, 31), notice) == dt.date(2027, 6, 30)


def test_evidence_names_page_clause_and_quote() -> None:
    found = terms(NL_CONTRACT, with_clauses=True)
    evidence = found["notice_period"].evidence
    assert evidence is not None
    assert evidence.page == 1
    assert evidence.clause_ref == "3.3"
    assert "uiterlijk zes (6) maanden voor het einde van de looptijd" in evidence.quote
    start = found["start_date"].evidence
    assert start is not None and start.clause_ref == "3.1"
    assert NL_CONTRACT[start.start : start.end] == "1 januari 2025"


def test_notice_before_end_of_term_in_a_lease() -> None:
    text = (
        "2.1 Deze huurovereenkomst is aangegaan voor de duur van vijf (5) jaar; de huur gaat in op "
        "1 maart 2024 en loopt tot en met 28 februari 2029.\n"
        "2.3 Beëindiging geschiedt door opzegging per aangetekende brief, uiterlijk zes (6) "
        "maanden voor het einde van de looptijd.\n"
    )
    found = terms(text)
    assert value(found, "notice_period") == "P6M"
    assert value(found, "start_date") == "2024-03-01"
    assert value(found, "end_date") == "2029-02-28"
    assert value(found, "initial_term") == "P5Y"


def test_dates_in_filing_stamps_and_footers_are_ignored() -> None:
    page1 = (
        "Source: ACME CORP, 10-K, 3/15/2019\n"
        "SUPPLY AGREEMENT\n"
        "This Supply Agreement is made and entered into as of June 1, 2018 (the “Effective "
        "Date”), by and between Acme Corp. (“Supplier”) and Beta Inc. (“Customer”).\n"
        "Page 1 of 2\n"
    )
    page2 = "1. TERM. This Agreement shall continue for a term of two (2) years.\nFiled 03/15/19\n"
    found = terms(page1, page2, language="en")
    assert value(found, "signing_date") == "2018-06-01"
    assert value(found, "start_date") == "2018-06-01"
    assert value(found, "initial_term") == "P2Y"
    assert "2019" not in str([f.value for f in found.values()])


def test_english_automatic_renewal_and_sixty_days_prior_to_end() -> None:
    text = (
        "THIS AGREEMENT is made on this 19th day of March 2024 BETWEEN Supplier and Customer.\n"
        "6.1 This Agreement shall commence on the Effective Date and continue for an initial term "
        "of two (2) years (the “Initial Term”).\n"
        "6.2 Thereafter this Agreement shall automatically renew for successive one-year periods "
        "unless either party gives written notice at least sixty (60) days prior to the end of the "
        "then-current term.\n"
        "(b) “Effective Date” means April 1, 2024;\n"
        "IN WITNESS WHEREOF the Parties have signed this Agreement on the date stated above.\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2024-03-19"  # the "made on" date: undated signatures
    assert value(found, "start_date") == "2024-04-01"
    assert value(found, "initial_term") == "P2Y"
    renewal = value(found, "renewal")
    assert renewal["type"] == "automatic" and renewal["period"] == "P1Y"
    assert value(found, "notice_period") == "P60D"


def test_indefinite_term() -> None:
    text = (
        "2.1 Deze overeenkomst gaat in op 1 maart 2024 en is aangegaan voor onbepaalde tijd.\n"
        "2.2 Ieder der partijen kan deze overeenkomst schriftelijk opzeggen tegen het einde van "
        "een kalendermaand, met inachtneming van een opzegtermijn van één maand.\n"
    )
    found = terms(text)
    assert value(found, "end_date") == "indefinite"
    assert value(found, "start_date") == "2024-03-01"
    assert value(found, "notice_period") == "P1M"
    assert "initial_term" not in found


def test_option_to_extend_is_not_automatic_renewal() -> None:
    text = (
        "3.1 De raamovereenkomst gaat in op 1 april 2025 en heeft een looptijd van twee (2) jaar.\n"
        "3.2 De raamovereenkomst kan door Opdrachtgever tweemaal met twaalf maanden worden "
        "verlengd.\n"
        "3.3 Opdrachtgever maakt het gebruik van een verlengingsoptie uiterlijk twee (2) maanden "
        "voor het einde van de dan lopende looptijd schriftelijk aan Opdrachtnemer kenbaar.\n"
    )
    renewal = value(terms(text), "renewal")
    assert renewal == {
        "type": "option",
        "period": "P12M",
        "max": 2,
        "holder": "Opdrachtgever",
        "exercise_notice": "P2M",
    }


def test_tacit_renewal_with_telkens() -> None:
    text = (
        "2.2 Na afloop van deze periode wordt de huurovereenkomst telkens stilzwijgend verlengd "
        "met een jaar, tenzij een van partijen opzegt met inachtneming van een opzegtermijn van "
        "ten minste één maand.\n"
    )
    found = terms(text)
    assert value(found, "renewal")["type"] == "automatic"
    assert value(found, "renewal")["period"] == "P1Y"
    assert value(found, "notice_period") == "P1M"


@pytest.mark.parametrize(
    "sentence",
    [
        "De Overeenkomst eindigt van rechtswege na afloop van de Looptijd. Stilzwijgende "
        "verlenging is uitgesloten.",
        "This Agreement shall not renew automatically and may only be extended by a written "
        "variation signed by both Parties.",
    ],
)
def test_no_renewal(sentence: str) -> None:
    language = "en" if sentence.startswith("This") else "nl"
    assert value(terms(sentence, language=language), "renewal")["type"] == "none"


def test_cure_period_is_not_a_notice_period() -> None:
    text = (
        "20.2 Iedere Partij kan de Overeenkomst ontbinden indien de andere Partij toerekenbaar "
        "tekortschiet en die tekortkoming niet binnen een termijn van dertig (30) dagen na een "
        "schriftelijke ingebrekestelling heeft hersteld.\n"
    )
    assert "notice_period" not in terms(text)


def test_signature_place_and_date_lines() -> None:
    text = (
        "7.1 Op deze huurovereenkomst is Nederlands recht van toepassing.\n\n"
        "Aldus opgemaakt in tweevoud en ondertekend:\n\n"
        "Verhuurder\nParkeerbeheer B.V.\nHaarlem, 12 februari 2025\n____________________\n\n"
        "Huurder\nDrukkerij B.V.\nHeemstede, 17-2-'25\n____________________\n"
    )
    assert value(terms(text), "signing_date") == "2025-02-17"


def test_anniversary_end_is_computed_and_marked_so() -> None:
    text = (
        "THIS AGREEMENT is made and entered into as of the 12th day of November, 2019 (the "
        "“Effective Date”).\n"
        "10.1 Term. The initial term of this Agreement shall commence on the Effective Date and "
        "end on the five (5) year anniversary of the Effective Date (the “Initial Term”).\n"
    )
    found = terms(text, language="en")
    assert value(found, "end_date") == "2024-11-12"
    assert found["end_date"].source is FactSource.computed
    assert value(found, "initial_term") == "P5Y"


def test_from_to_dates() -> None:
    text = (
        "2.1 De bruikleen wordt aangegaan voor de duur van de Tentoonstelling, te weten van "
        "15 september 2025 tot en met 14 maart 2026.\n"
    )
    found = terms(text)
    assert value(found, "start_date") == "2025-09-15"
    assert value(found, "end_date") == "2026-03-14"


def test_effective_as_of_last_signature_takes_the_signing_date() -> None:
    text = (
        "This Agreement is entered into by the City and STW Corp., effective as of the last date "
        "of signature on the signature pages below.\n"
        "By: /s/ J. Smith\nDate: 7/30/2014\n\nBy: /s/ K. Jones\nDate: 8/4/2014\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2014-08-04"
    assert value(found, "start_date") == "2014-08-04"


def test_anchors_for_due_dates() -> None:
    found = recognise_terms(extracted(NL_CONTRACT), (), "nl", DOC)
    anchors = anchors_from(found)
    assert anchors[deadlines.SIGNING] == dt.date(2024, 2, 12)
    assert anchors[deadlines.START] == dt.date(2025, 1, 1)
    assert deadlines.END not in anchors  # renews automatically: its end is an event
    head, rest = NL_CONTRACT.split("3.3 ", 1)
    ended = head + "3.3 De Overeenkomst eindigt van rechtswege na afloop van de looptijd.\n\n3.4 "
    fixed = recognise_terms(extracted(ended + rest.split("3.4 ", 1)[1]), (), "nl", DOC)
    assert anchors_from(fixed)[deadlines.END] == dt.date(2027, 12, 31)


def test_empty_text_gives_nothing() -> None:
    assert recognise_terms(extracted(""), (), "nl", DOC) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The effective date of this Agreement is June 1, 2010. This Agreement shall continue "
            "thereafter on a month-to-month basis unless terminated by either party upon written "
            "notice given at least sixty (60) days in advance.",
            {
                "start_date": "2010-06-01",
                "renewal.type": "automatic",
                "renewal.period": "P1M",
                "notice_period": "P60D",
            },
        ),
        (
            "This Agreement shall become effective as of the date set forth on the signature page."
            "\nBy: /s/ A. Smith\nDate: June 3, 2011\nBy: /s/ B. Jones\nDate: June 5, 2011",
            {"signing_date": "2011-06-05", "start_date": "2011-06-05"},
        ),
        (
            "The term of this Agreement is one year, renewable for further periods of one year "
            "unless either party gives notice of termination three months before the end of the "
            "current period.",
            {
                "initial_term": "P1Y",
                "renewal.type": "automatic",
                "renewal.period": "P1Y",
                "notice_period": "P3M",
            },
        ),
        (
            "This Agreement shall be effective as of the Effective Date and shall continue in full "
            "force and effect for a period of five (5) years thereafter.",
            {"initial_term": "P5Y"},
        ),
        (
            "Consultant agrees not to compete with the Company during the Term and for a period of "
            "one year thereafter.",
            {},
        ),
    ],
)
def test_english_phrasings(text: str, expected: dict[str, str]) -> None:
    found = terms(text, language="en")
    got: dict[str, Any] = {}
    for field in ("signing_date", "start_date", "initial_term", "notice_period"):
        if field in found and field in expected:
            got[field] = found[field].value
    if "renewal" in found:
        got["renewal.type"] = found["renewal"].value["type"]
        got["renewal.period"] = found["renewal"].value["period"]
    assert {k: v for k, v in got.items() if k in expected} == expected
    if not expected:
        assert "initial_term" not in found and "renewal" not in found


def test_effective_date_defined_by_signing() -> None:
    found = terms(
        "This Agreement is entered into by A Inc. and B LLC. “Effective Date” means the date on "
        "which this Agreement is signed by both parties.\n"
        "By: /s/ A. Smith\nDate: March 2, 2012\nBy: /s/ B. Jones\nDate: March 9, 2012\n",
        language="en",
    )
    assert value(found, "signing_date") == "2012-03-09"
    assert value(found, "start_date") == "2012-03-09"


def test_effective_date_defined_as_the_date_the_last_party_executed() -> None:
    found = terms(
        "LICENSE AGREEMENT\nThis Agreement is entered into by and between The Johns Hopkins "
        'University ("JHU") and Virtuoso Surgical, Inc. ("Company").\n2. DEFINITIONS 2.1 '
        '"EFFECTIVE DATE" of this Agreement shall mean the date the last party hereto has executed '
        "this Agreement.\n\nIN WITNESS WHEREOF the parties have executed this Agreement. THE JOHNS "
        "HOPKINS UNIVERSITY VIRTUOSO SURGICAL, INC. By: /s/ Neil Veloso By: /s/ C. Mark Pickrell "
        "Title: Executive Director Title: Attorney-in-Fact Date:5/11/2016 Date:: 5/4/2016\n",
        language="en",
    )
    assert value(found, "signing_date") == "2016-05-11"  # labels run into the dates, or doubled
    assert value(found, "start_date") == "2016-05-11"


def test_effective_date_defined_as_the_most_recent_final_signature() -> None:
    found = terms(
        "JOINT VENTURE AGREEMENT Dated as of December 19, 2019 This Joint Venture Agreement is "
        "entered into between Novo Inc. and Harvest Gold Farms Inc. (e) \"Effective Date\" is the "
        "date of the most recent final signature on this Agreement.\n\nNovo Inc. By: /s/ R. M. "
        "Title: CEO Date: December 20, 2019\n",
        language="en",
    )
    assert value(found, "start_date") == "2019-12-20"


def test_a_cover_page_effective_date_label_over_its_date() -> None:
    found = terms(
        "OUTSOURCING AGREEMENT\n\n  BETWEEN ACME CORP. AND ZENITH INC.\n\n"
        "                EFFECTIVE DATE\n\n                 JUNE 1, 1998\n\n"
        "1. Services. Zenith shall manufacture the Products for Acme.\n",
        language="en",
    )
    assert value(found, "start_date") == "1998-06-01"
    found = terms(  # a heading over a sentence that holds a date: no start from it
        "OUTSOURCING AGREEMENT\n\nEffective Date\nThe parties first met on June 1, 1998 in "
        "Boston.\n",
        language="en",
    )
    assert value(found, "start_date") is None


@pytest.mark.parametrize("mark", ["/s/", "\\s\\"])
def test_a_date_at_the_end_of_a_conformed_signature_line(mark: str) -> None:
    found = terms(
        "OUTSOURCING AGREEMENT\nThis Agreement is made by and between Dragon Systems, Inc. and "
        "MMI.\n\n14. INSURANCE\n\nMMI shall at its own expense obtain insurance.\n\nMMI\n\n"
        + mark
        + " John Dick                General Manager - -------------------------------------"
        "           19 Jan. 1998\n\nDRAGON SYSTEMS, INC.\n",
        language="en",
    )
    assert value(found, "signing_date") == "1998-01-19"


def test_renewal_notice_wins_over_convenience_notice() -> None:
    found = terms(
        "8.1 Either party may terminate this Agreement for convenience upon thirty (30) days' "
        "written notice.\n"
        "8.2 This Agreement shall automatically renew for successive one (1) year terms unless "
        "either party gives notice of non-renewal at least ninety (90) days prior to the "
        "expiration of the then-current term.\n",
        language="en",
    )
    assert value(found, "notice_period") == "P90D"


@pytest.mark.parametrize(
    "sentence",
    [
        "9. Term. This Agreement shall remain in force indefinitely unless ended by consent.",
        "9. The Agreement will be in force perpetually unless terminated under Section 12.",
        "9. Term. The Agreement shall continue in full force and effect indefinitely.",
    ],
)
def test_indefinitely_and_perpetually_give_an_indefinite_end(sentence: str) -> None:
    text = "This Agreement is made as of May 2, 2016 (the “Effective Date”).\n" + sentence + "\n"
    found = terms(text, language="en")
    assert value(found, "end_date") == "indefinite"
    assert "initial_term" not in found


def test_licence_that_endures_indefinitely_in_the_duration_clause() -> None:
    text = (
        "Duration: The licence granted under this AGREEMENT shall take effect on the date of "
        "signature and shall endure indefinitely unless terminated under clause 8.\n"
    )
    assert value(terms(text, language="en"), "end_date") == "indefinite"


def test_event_only_term_is_indefinite_with_low_confidence() -> None:
    text = (
        "This Agreement is made as of May 2, 2016.\n"
        "4.1 Term. This Agreement shall expire if the Reseller ceases to be an affiliate of the "
        "Vendor.\n"
    )
    found = terms(text, language="en", with_clauses=True)
    assert value(found, "end_date") == "indefinite"
    assert found["end_date"].confidence < 0.6  # listed for checking


def test_agreement_ending_on_either_partys_notice_is_indefinite() -> None:
    text = (
        "This Agreement is made as of May 2, 2016.\n"
        "2. This Agreement shall terminate, save as the law requires otherwise, upon either party "
        "giving at least ninety (90) days written notice to the other.\n"
    )
    found = terms(text, language="en")
    assert value(found, "end_date") == "indefinite"
    assert value(found, "notice_period") == "P90D"


def test_a_term_that_ends_on_a_day_after_a_notice_is_indefinite() -> None:
    text = (
        "This Agreement is entered into effective as of the 24th day of August 2018.\n"
        "6. Term. The term of this Agreement shall commence on the Effective Date and shall end "
        "on the 60th day following a written notice from one party to the other of its decision "
        "to terminate this Agreement.\n"
    )
    found = terms(text, language="en", with_clauses=True)
    assert value(found, "end_date") == "indefinite"
    assert found["end_date"].confidence < 0.6
    # the same words for a breach are no indefinite term
    breach = text.replace("of its decision to terminate", "of a material breach of")
    assert value(terms(breach, language="en", with_clauses=True), "end_date") is None


def test_event_outside_the_term_clause_is_no_end() -> None:
    text = (
        "This Agreement is made as of May 2, 2016.\n"
        "7. Confidentiality. The obligations of this clause survive. This Agreement shall "
        "terminate if a party becomes insolvent.\n"
        "8. Term. This Agreement shall continue for a term of four (4) years.\n"
    )
    found = terms(text, language="en", with_clauses=True)
    # not "indefinite" from the insolvency event: the four years run from the made-on date
    assert value(found, "end_date") == "2020-05-01"
    assert found["end_date"].source == FactSource.computed
    assert value(found, "initial_term") == "P4Y"


def test_term_ending_on_an_ordinal_anniversary_with_digits() -> None:
    text = (
        "This Agreement is made as of March 1, 2012 (the “Effective Date”).\n"
        "This Agreement shall have an initial term ending on the seventh (7th) anniversary of the "
        "Effective Date.\n"
    )
    found = terms(text, language="en")
    assert value(found, "end_date") == "2019-03-01"
    assert found["end_date"].source is FactSource.computed


def test_continue_for_an_initial_term_is_not_a_renewal_period() -> None:
    text = (
        "This Agreement is made as of March 1, 2012.\n"
        "The Agreement shall continue for an initial term of two years and shall renew "
        "automatically for further periods of one year unless either party gives notice of "
        "non-renewal at least thirty (30) days before the end of the then current term.\n"
    )
    found = terms(text, language="en")
    assert value(found, "initial_term") == "P2Y"
    assert value(found, "renewal")["period"] == "P1Y"
    assert value(found, "notice_period") == "P30D"


@pytest.mark.parametrize(
    "sentence",
    [
        "Either party may terminate this Agreement upon fifteen (15) days written notice if the "
        "other party commits a material breach that is not remedied.",
        "Supplier may terminate this Agreement on forty-five (45) days' notice in the event "
        "of a default by Customer which remains uncured.",
    ],
)
def test_termination_for_breach_gives_no_notice_period(sentence: str) -> None:
    text = "5. Term. This Agreement shall continue for a term of three (3) years.\n" + sentence
    found = terms(text, language="en")
    assert "notice_period" not in found
    assert value(found, "initial_term") == "P3Y"


def test_the_term_shall_be_and_notice_before_each_anniversary() -> None:
    text = (
        "This Agreement is made as of April 3, 2017 (the “Effective Date”).\n"
        "8.1 Term. The term shall be four years. The Term shall be extended automatically for one "
        "(1) further year on each anniversary of the Effective Date, unless either Party informs "
        "the other of its wish not to extend at least forty-five (45) days prior to such "
        "anniversary.\n"
    )
    found = terms(text, language="en")
    assert value(found, "initial_term") == "P4Y"
    assert value(found, "renewal")["type"] == "automatic"
    assert value(found, "notice_period") == "P45D"


@pytest.mark.parametrize(
    ("sentence", "end"),
    [
        (
            "The term will end on the date which is two (2) years after the Effective Date.",
            "2019-04-03",
        ),
        (
            "The term shall run from the Effective Date until the fourth anniversary thereof.",
            "2021-04-03",
        ),
    ],
)
def test_end_stated_relative_to_the_effective_date(sentence: str, end: str) -> None:
    text = "This Agreement is made as of April 3, 2017 (the “Effective Date”).\n" + sentence + "\n"
    found = terms(text, language="en")
    assert value(found, "end_date") == end  # the date the text names: no "- 1 day" here
    assert found["end_date"].source is FactSource.computed


def test_effective_on_the_date_it_is_signed_takes_the_last_signature() -> None:
    text = (
        "This agreement shall become effective on the date it is signed by both parties and "
        "shall continue for two years.\n\n"
        "Signed: 3 June 2014\n"
        "Signed: 6 June 2014\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2014-06-06"
    assert value(found, "start_date") == "2014-06-06"
    assert value(found, "initial_term") == "P2Y"


def test_effective_date_of_this_agreement_defined_by_the_last_signature() -> None:
    text = (
        "The “Effective Date” of this Agreement shall be the date on which the last of the "
        "parties signs this Agreement.\n\n"
        "By: ______ Date: 2/11/2016\n"
        "By: ______ Date: 2/15/2016\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2016-02-15"
    assert value(found, "start_date") == "2016-02-15"


def test_anniversary_of_such_date() -> None:
    text = (
        "This Agreement shall commence on the date of execution by the last party to sign and "
        "shall continue until the second anniversary of such date.\n\n"
        "By: /s/ A. Smith   Date: 4/2/2013\n"
        "By: /s/ B. Jones   Date: 4/8/2013\n"
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2013-04-08"
    assert value(found, "end_date") == "2015-04-08"


@pytest.mark.parametrize(
    ("sentence", "term", "period"),
    [
        (
            "The Agreement shall have a term of six (6) years. Reseller shall have the option to "
            "extend the term for one further period of two (2) years.",
            "P6Y",
            "P2Y",
        ),
        (
            "This Agreement shall continue for two (2) years and shall renew for additional "
            "one-year terms unless either party gives notice of non-renewal.",
            "P2Y",
            "P1Y",
        ),
        (
            "The Agreement shall run for 36 months and renew automatically for periods of 6 months",
            "P36M",
            "P6M",
        ),
        (
            "The initial term is three years. This Agreement shall renew and continue for "
            "additional periods of one (1) year thereafter unless either party objects.",
            "P3Y",
            "P1Y",
        ),
    ],
)
def test_initial_term_beside_a_renewal_in_one_clause(sentence: str, term: str, period: str) -> None:
    text = "This Agreement is made as of April 3, 2017 (the “Effective Date”).\n" + sentence + "\n"
    found = terms(text, language="en")
    assert value(found, "initial_term") == term
    assert value(found, "renewal")["period"] == period


@pytest.mark.parametrize(
    ("text", "signing"),
    [
        (
            "This Agreement is made and entered into at Denver, Colorado, as of the 9th day of "
            "March, 2014 by and between A and B.",
            "2014-03-09",
        ),
        (
            "THIS AGREEMENT dated for reference the 4th day of May, 2006 is made by A and B.",
            "2006-05-04",
        ),
        (
            "IN WITNESS WHEREOF, the parties have caused this Agreement to be executed by their "
            "officers duly authorized as of October 8, 2019.\n\nA CORP.\nBy: /s/ J. Roe\n",
            "2019-10-08",
        ),
    ],
)
def test_made_on_dates_with_a_place_a_reference_or_in_the_witness_clause(
    text: str, signing: str
) -> None:
    assert value(terms(text, language="en"), "signing_date") == signing


def test_effective_this_day_in_the_preamble_is_the_date_given_with_low_confidence() -> None:
    found = terms(
        "This Agreement is effective this 2nd day of June, 2009 between A and B.", language="en"
    )
    assert value(found, "start_date") == "2009-06-02"
    assert value(found, "signing_date") == "2009-06-02"
    assert found["signing_date"].confidence < 0.6


@pytest.mark.parametrize(
    "definition",
    [
        "“Effective Date” shall mean the date first above written.",
        "The Effective Date of this Agreement shall be the date first written above.",
        "2.4 “Effective Date” means the date set forth in the preamble to this Agreement.",
    ],
)
def test_effective_date_defined_as_the_date_of_the_preamble(definition: str) -> None:
    text = "This Agreement is made as of October 2, 2013 between A and B.\n\n" + definition + "\n"
    found = terms(text, language="en")
    assert value(found, "start_date") == "2013-10-02"
    assert found["start_date"].evidence is not None
    assert "Effective Date" in found["start_date"].evidence.quote


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        ("This Agreement is effective beginning July 1, 2013.", "2013-07-01"),
        (
            "The Agreement shall remain in force for a period of 4 years from August 1, 2013.",
            "2013-08-01",
        ),
    ],
)
def test_start_dates_after_effective_beginning_and_years_from(sentence: str, start: str) -> None:
    text = "This Agreement is made as of October 2, 2013 between A and B.\n\n" + sentence + "\n"
    assert value(terms(text, language="en"), "start_date") == start


@pytest.mark.parametrize(
    "sentence",
    [
        "The term of this Agreement shall commence on the date hereof and end March 31, 2017.",
        "The initial term shall be the period commencing on the Effective Date and ending "
        "March 31, 2017.",
    ],
)
def test_end_date_after_end_or_ending_without_on(sentence: str) -> None:
    text = "This Agreement is made as of October 2, 2013 between A and B.\n\n" + sentence + "\n"
    assert value(terms(text, language="en"), "end_date") == "2017-03-31"


def test_continues_until_a_party_terminates_is_indefinite() -> None:
    text = (
        "This Agreement is made as of October 2, 2013 between A and B.\n\n"
        "This Agreement shall remain in effect until either party terminates it by sixty (60) "
        "days' written notice.\n"
    )
    found = terms(text, language="en")
    assert value(found, "end_date") == "indefinite"
    assert value(found, "notice_period") == "P60D"


@pytest.mark.parametrize(
    ("sentence", "period", "most"),
    [
        (
            "The term shall be two years and shall be automatically renewed each year thereafter "
            "unless either party gives notice of non-renewal.",
            "P1Y",
            None,
        ),
        (
            "The Agreement shall continue for an initial period of 18 months. It shall then "
            "automatically renew on an annual basis unless either party objects in writing.",
            "P1Y",
            None,
        ),
        (
            "The term shall be two years and shall be automatically renewed for two (2) "
            "additional one-year terms unless either party objects.",
            "P1Y",
            2,
        ),
    ],
)
def test_renewal_periods_in_words(sentence: str, period: str, most: int | None) -> None:
    text = (
        "This Agreement is made as of October 2, 2013 (the “Effective Date”).\n" + sentence + "\n"
    )
    renewal = value(terms(text, language="en"), "renewal")
    assert renewal["type"] == "automatic"
    assert (renewal["period"], renewal["max"]) == (period, most)


@pytest.mark.parametrize(
    ("tail", "notice"),
    [
        ("gives notice of non-renewal at least forty (40) days prior thereto.", "P40D"),
        ("gives notice at least ninety days before the scheduled expiration date.", "P90D"),
        ("gives notice not less than four (4) months before the date of expiry.", "P4M"),
        ("gives notice at least 75 days prior to the commencement of any renewal term.", "P75D"),
        (
            "gives notice at least 20 days prior to the then-scheduled expiration of the Term.",
            "P20D",
        ),
        (
            "terminates by notice given sixty (60) days or more prior to the end of the term.",
            "P60D",
        ),
        ("gives notice at least two months prior to the relevant renewal date.", "P2M"),
    ],
)
def test_notice_against_renewal_phrasings(tail: str, notice: str) -> None:
    text = (
        "This Agreement is made as of October 2, 2013 (the “Effective Date”).\n"
        "The term shall be two years and shall automatically renew for successive one year periods "
        "unless either party " + tail + "\n"
    )
    found = terms(text, language="en")
    assert value(found, "notice_period") == notice
    assert found["notice_period"].confidence >= 0.8


def test_termination_for_cause_upon_notice_is_no_indefinite_term() -> None:
    text = (
        "This Agreement is made as of October 2, 2013.\n"
        "9. This Agreement shall terminate upon written notice by either party if the other party "
        "breaches any material provision.\n"
    )
    assert "end_date" not in terms(text, language="en")


MADE_ON = (
    "This Agreement is made and entered into as of March 4, 2010 by and between Acme Widgets, "
    "Inc. and Zenith Corp.\n"
)
SIGNED = "\nBy: /s/ A. Smith\nDate: March 9, 2010\n"


@pytest.mark.parametrize(
    ("sentence", "start", "term"),
    [
        (
            "This Agreement shall take effect on the date first written above and continue for "
            "one (1) year.",
            "2010-03-04",
            "P1Y",
        ),
        (
            "This Agreement shall enter into force on the date of signature and shall remain in "
            "force for five (5) years.",
            "2010-03-09",
            "P5Y",
        ),
        (
            "This Agreement shall come into effect on the date hereof and remain in full force "
            "and effect for a period of two (2) years.",
            "2010-03-04",
            "P2Y",
        ),
        (
            "This Agreement shall be in effect for a period of two years from the date of "
            "execution.",
            "2010-03-09",
            "P2Y",
        ),
        (
            "This Agreement shall remain in effect for a term of three (3) years from the date "
            "of this Agreement.",
            "2010-03-04",
            "P3Y",
        ),
        (
            "This Agreement shall be valid for a period of ten (10) years commencing from the "
            "date hereof.",
            "2010-03-04",
            "P10Y",
        ),
        ("This Agreement has a term of two (2) years from the date hereof.", "2010-03-04", "P2Y"),
        (
            "This Agreement shall have a duration of five (5) years as from the date hereof.",
            "2010-03-04",
            "P5Y",
        ),
    ],
)
def test_term_counted_from_the_date_of_the_agreement_or_its_signature(
    sentence: str, start: str, term: str
) -> None:
    found = terms(MADE_ON + "5. Term. " + sentence + "\n" + SIGNED, language="en")
    assert value(found, "start_date") == start
    assert value(found, "initial_term") == term
    assert found["start_date"].confidence <= 0.8  # read through another date: to be checked


def test_a_deadline_from_the_date_hereof_is_no_start_date() -> None:
    found = terms(
        MADE_ON + "7. Delivery. Supplier shall deliver the goods within thirty (30) days from the "
        "date hereof.\n" + SIGNED,
        language="en",
    )
    assert "start_date" not in found


@pytest.mark.parametrize(
    ("sentence", "start", "term"),
    [
        (
            "1.1 Deze overeenkomst treedt in werking op de datum van ondertekening en heeft een "
            "looptijd van drie (3) jaar.",
            "2021-03-03",
            "P3Y",
        ),
        (
            "1.1 Deze overeenkomst heeft een looptijd van 24 maanden na de datum van "
            "ondertekening.",
            "2021-03-03",
            "P24M",
        ),
    ],
)
def test_dutch_term_counted_from_signing(sentence: str, start: str, term: str) -> None:
    text = (
        "OVEREENKOMST\nArtikel 1 Duur\n" + sentence + "\n\nAldus overeengekomen en ondertekend "
        "te Utrecht op 3 maart 2021.\nHandtekening: ______\n"
    )
    found = terms(text)
    assert value(found, "start_date") == start
    assert value(found, "initial_term") == term


def test_dutch_deadline_after_signing_is_no_start_date() -> None:
    text = (
        "OVEREENKOMST\nArtikel 4 Levering\n4.1 Opdrachtnemer levert de software binnen dertig "
        "(30) dagen na de datum van ondertekening.\n\nAldus overeengekomen en ondertekend te "
        "Utrecht op 3 maart 2021.\nHandtekening: ______\n"
    )
    assert "start_date" not in terms(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thereafter this Agreement shall continue for additional one (1) year periods unless "
        "terminated by either party upon ninety (90) days prior written notice.",
        "Thereafter this Agreement shall automatically continue for subsequent terms of one (1) "
        "year each unless a party gives ninety (90) days notice of its intention not to renew.",
    ],
)
def test_continuing_for_additional_periods_is_automatic_renewal(sentence: str) -> None:
    found = terms(
        MADE_ON + "5. Term. The initial term is three (3) years. " + sentence + "\n",
        language="en",
    )
    assert value(found, "renewal")["type"] == "automatic"
    assert value(found, "renewal")["period"] == "P1Y"
    assert value(found, "notice_period") == "P90D"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            MADE_ON + "5. Term. The term of this Agreement may be extended for one (1) further "
            "year by mutual written agreement of the parties.\n",
            "en",
        ),
        (
            "OVEREENKOMST\nArtikel 2 Duur\n2.1 De looptijd van deze overeenkomst kan in onderling "
            "overleg worden verlengd met een periode van één (1) jaar.\n",
            "nl",
        ),
    ],
)
def test_extension_by_mutual_agreement_is_a_weak_option(text: str, language: str) -> None:
    renewal = terms(text, language=language)["renewal"]
    assert renewal.value["type"] == "option"
    assert renewal.value["period"] == "P1Y"
    assert renewal.confidence <= 0.65


def test_weak_renewal_cue_without_a_period_gives_no_renewal() -> None:
    text = MADE_ON + "9. The license rights granted under this Section may be extended to Buyer.\n"
    assert "renewal" not in terms(text, language="en")


@pytest.mark.parametrize(
    ("sentence", "end"),
    [
        (
            "This Agreement shall remain in full force and effect until the earlier of (a) June "
            "30, 2013 or (b) its termination under Section 8.",
            "2013-06-30",
        ),
        ("This Agreement shall have an initial term ending December 31, 2014.", "2014-12-31"),
    ],
)
def test_stated_end_after_earlier_of_and_term_ending(sentence: str, end: str) -> None:
    found = terms(MADE_ON + "5. Term. " + sentence + "\n", language="en")
    assert value(found, "end_date") == end


def test_until_the_later_of_gives_no_end_date() -> None:
    text = MADE_ON + (
        "5. Term. This Agreement shall remain in effect until the later of (a) June 30, 2013 or "
        "(b) the last delivery of Products.\n"
    )
    assert "end_date" not in terms(text, language="en")


@pytest.mark.parametrize(
    "preamble",
    [
        "This Agreement is made and concluded at Beijing on October 1, 2008 between A Co., Ltd. "
        "and B Inc.",
        "This Agreement is made and entered into this ____ day of October 1, 2008 between A Inc. "
        "and B LLC.",
        'EXCLUSIVE DISTRIBUTOR AGREEMENT ("Agreement") dated as October 1, 2008 by and between '
        'A Inc. ("Developer") and B Pte Ltd ("Distributor").',  # "dated as", the "of" left out
        'THIS DISTRIBUTOR AGREEMENT (the "Agreement") is made by and between A Corp., a Delaware '
        'corporation ("Company") and B LLC ("Distributor") this 1st day of October, 2008.',
        "This Agreement is entered into and is effective as of the 1st day of October, 2008 "
        "(Commencement Date) by and between A Corporation and B Pty Ltd.",
    ],
)
def test_made_on_date_variants(preamble: str) -> None:
    assert value(terms("AGREEMENT\n\n" + preamble + "\n", language="en"), "signing_date") == (
        "2008-10-01"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            MADE_ON + "3. Duration. The licence granted hereunder shall become effective upon "
            "execution of this Agreement by both parties and shall endure until terminated.\n"
            + SIGNED,
            "en",
        ),
        (
            "OVEREENKOMST\nArtikel 3 Licentie\n3.1 De licentie verleend onder deze overeenkomst "
            "gaat in op de datum van ondertekening.\n\nAldus overeengekomen en ondertekend te "
            "Utrecht op 3 maart 2021.\nHandtekening: ______\n",
            "nl",
        ),
    ],
)
def test_a_licence_taking_effect_on_signing_gives_no_start_date(text: str, language: str) -> None:
    assert "start_date" not in terms(text, language=language)


def test_year_to_year_thereafter_after_a_primary_term_is_automatic_renewal() -> None:
    text = MADE_ON + (
        "5. Term. This Agreement shall be effective as of April 1, 2010, and shall remain in force "
        "and effect until March 31, 2015 (the “Primary Term”) and year to year thereafter unless "
        "terminated by either party upon one hundred eighty (180) days written notice prior to "
        "the end of the Primary Term or any anniversary thereafter.\n"
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2010-04-01"
    assert value(found, "end_date") == "2015-03-31"
    assert value(found, "renewal")["type"] == "automatic"
    assert value(found, "renewal")["period"] == "P1Y"
    assert value(found, "notice_period") == "P180D"


def test_an_amendment_is_not_dated_by_the_agreement_it_amends() -> None:
    text = (
        "AMENDMENT NO. 2\n\nThis Amendment No. 2 (this “Amendment”), effective as of March 1, "
        "2015, amends the Distribution Agreement dated June 1, 2010 between Acme Widgets, Inc. "
        "and Zenith Corp.\n1. The term of the Agreement is hereby extended until May 31, 2018.\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2015-03-01"
    assert value(found, "start_date") == "2015-03-01"


def test_a_title_over_its_dated_line_is_this_documents_date() -> None:
    text = "Distribution Agreement\nDated June 1, 2010\n\nThis Agreement is between A Inc. and B.\n"
    assert value(terms(text, language="en"), "signing_date") == "2010-06-01"


def test_amendment_effective_date_defined_after_the_date() -> None:
    text = (
        "FIRST AMENDMENT\n\nThis First Amendment (this “Amendment”) is entered into as of "
        "August 1, 2017 (the “Amendment Effective Date”) by and between Acme Inc. and Zenith LLC.\n"
    )
    assert value(terms(text, language="en"), "start_date") == "2017-08-01"


@pytest.mark.parametrize(
    ("rows", "language", "expected"),
    [
        (
            "KEY TERMS\nEffective Date: January 1, 2010\nInitial Term: 36 months\nRenewal: "
            "automatic, for successive renewal periods\nRenewal Period: 12 months\nNotice of "
            "non-renewal: 90 days\n",
            "en",
            {"initial_term": "P36M", "notice_period": "P90D", "renewal": "P12M"},
        ),
        (
            "Effective Date | January 1, 2010\nTerm | Three (3) years\n",
            "en",
            {"initial_term": "P3Y"},
        ),
        (
            "KERNGEGEVENS\nIngangsdatum: 1 januari 2025\nLooptijd: 3 jaar\nVerlenging: "
            "stilzwijgend, telkens met een jaar verlengd\nOpzegtermijn: 2 maanden\n",
            "nl",
            {"initial_term": "P3Y", "notice_period": "P2M", "renewal": "P1Y"},
        ),
    ],
)
def test_label_rows_of_a_cover_sheet(rows: str, language: str, expected: dict[str, str]) -> None:
    found = terms(rows, language=language)
    got = {k: value(found, k) for k in ("initial_term", "notice_period") if k in expected}
    if "renewal" in expected:
        got["renewal"] = value(found, "renewal")["period"]
    assert got == expected


def test_a_payment_term_row_is_no_initial_term() -> None:
    found = terms("ORDER\nPayment Term: 30 days\nDelivery: 2 weeks\n", language="en")
    assert "initial_term" not in found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            MADE_ON + "5. Term. The initial term of this Agreement shall be three (3) years. This "
            "Agreement shall automatically renew for successive terms equal in length to the "
            "initial term unless either party gives notice of non-renewal at least sixty (60) "
            "days before the end of the then-current term.\n",
            "en",
        ),
        (
            MADE_ON + "5. Term. This Agreement shall continue for three (3) years and shall "
            "thereafter be renewed automatically for like periods unless either party gives "
            "written notice of non-renewal at least sixty (60) days prior to expiration.\n",
            "en",
        ),
        (
            MADE_ON + "5. Term. The initial term is three (3) years. This Agreement will renew "
            "automatically for an additional term equal in duration to the previous term unless "
            "either party notifies the other in writing at least ninety (90) days prior to its "
            "expiration.\n",
            "en",
        ),
        (
            "OVEREENKOMST\nArtikel 2 Duur\n2.1 De overeenkomst wordt aangegaan voor een periode "
            "van drie (3) jaar.\n2.2 Daarna wordt de overeenkomst stilzwijgend verlengd met "
            "eenzelfde periode, tenzij een partij uiterlijk twee (2) maanden voor het einde "
            "opzegt.\n",
            "nl",
        ),
    ],
)
def test_renewal_for_periods_as_long_as_the_initial_term(text: str, language: str) -> None:
    found = terms(text, language=language)
    assert value(found, "initial_term") == "P3Y"
    assert value(found, "renewal")["type"] == "automatic"
    assert value(found, "renewal")["period"] == "P3Y"


@pytest.mark.parametrize(
    "sentence",
    [
        "This Agreement shall be effective on the date on which it has been signed by both "
        "parties and shall continue for two (2) years.",
        "This Agreement shall become effective when signed by both parties and shall continue "
        "for two (2) years.",
        "This Agreement shall become effective once executed by both parties and shall continue "
        "for two (2) years.",
        "This Agreement is effective as of the date it is fully executed and continues for two "
        "(2) years.",
    ],
)
def test_effective_when_signed_by_both_parties(sentence: str) -> None:
    text = (
        "This Agreement is entered into by and between Acme Inc. and Zenith LLC.\n7. Term. "
        + sentence
        + "\nBy: /s/ A. Smith\nDate: May 2, 2012\nBy: /s/ B. Jones\nDate: May 9, 2012\n"
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2012-05-09"


def test_dutch_in_force_once_signed_by_both_parties() -> None:
    text = (
        "OVEREENKOMST\nArtikel 1 Duur\n1.1 Deze overeenkomst treedt in werking zodra zij door "
        "beide partijen is ondertekend en heeft een looptijd van twee (2) jaar.\n\nAldus "
        "overeengekomen en ondertekend te Utrecht op 3 maart 2021.\nHandtekening: ______\n"
    )
    found = terms(text)
    assert value(found, "start_date") == "2021-03-03"
    assert value(found, "initial_term") == "P2Y"


def test_renewal_on_the_same_terms_and_conditions_gives_no_period() -> None:
    text = MADE_ON + (
        "5. Term. The initial term of this Agreement shall be three (3) years. This Agreement "
        "shall automatically renew for successive periods on the same terms and conditions unless "
        "either party gives notice of non-renewal at least sixty (60) days before expiry.\n"
    )
    renewal = terms(text, language="en")["renewal"]
    assert renewal.value["type"] == "automatic"
    assert renewal.value["period"] is None


@pytest.mark.parametrize(
    ("text", "language", "start"),
    [
        (
            "AGREEMENT\nThis Agreement is made as of June 3, 2015 (the ``Effective Date'') by and "
            "between Acme Inc. (``Acme'') and Zenith LLC (``Zenith'').\n",
            "en",
            "2015-06-03",
        ),
        (
            "OVEREENKOMST\nDeze overeenkomst is gesloten op 3 juni 2015 (de ``Ingangsdatum'') "
            "tussen Alfa B.V. en Beta B.V.\n",
            "nl",
            "2015-06-03",
        ),
    ],
)
def test_edgar_double_backtick_quotes(text: str, language: str, start: str) -> None:
    assert value(terms(text, language=language), "start_date") == start


@pytest.mark.parametrize(
    ("text", "language", "start"),
    [
        (
            "AGREEMENT\nThis Agreement shall commence on the date\u00a0of\u00a0this\u00a0Agreement "
            "and is made as of January\u00a01,\u00a02010 between Acme Inc. and Zenith LLC.\n",
            "en",
            "2010-01-01",
        ),
        (
            "OVEREENKOMST\nArtikel 1 Duur\n1.1 Deze overeenkomst treedt in werking op de "
            "datum\u00a0van\u00a0ondertekening.\n\nAldus overeengekomen en ondertekend te "
            "Utrecht op 3 maart 2021.\nHandtekening: ______\n",
            "nl",
            "2021-03-03",
        ),
    ],
)
def test_non_breaking_spaces_are_plain_spaces_to_recognise(
    text: str, language: str, start: str
) -> None:
    from contractdossier.recognise import recognise

    found = {f.field: f for f in recognise(extracted(text, language=language), DOC).facts}
    assert found["start_date"].value == start
    assert found["start_date"].evidence is not None
    start_at = found["start_date"].evidence.start
    assert start_at is not None and text[start_at].isalnum()  # offsets into the original text


@pytest.mark.parametrize(
    ("text", "language", "field", "expected"),
    [
        (
            MADE_ON + "5.  Term.  This  Agreement  shall  commence  on  the  date  of  this\n"
            "Agreement  and  continue  for  two  (2)  years.\n",
            "en",
            "start_date",
            "2010-03-04",
        ),
        (
            MADE_ON + "5. Term. The initial term is one year. Thereafter  this  Agreement  shall\n"
            "automatically   renew  for  successive  one  (1)  year  periods.\n",
            "en",
            "renewal",
            "automatic",
        ),
        (
            "OVEREENKOMST\nArtikel 1 Duur\n1.1  Deze  overeenkomst  treedt  in  werking  op  de  "
            "datum  van\nondertekening.\n\nAldus overeengekomen en ondertekend te Utrecht op 3 "
            "maart 2021.\nHandtekening: ______\n",
            "nl",
            "start_date",
            "2021-03-03",
        ),
    ],
)
def test_words_two_spaces_or_a_line_break_apart(
    text: str, language: str, field: str, expected: str
) -> None:
    found = terms(text, language=language)
    got = value(found, field)
    assert (got["type"] if isinstance(got, dict) else got) == expected


# --- general wording of dates and terms (written for these tests, not taken from a corpus) ---


@pytest.mark.parametrize(
    ("text", "language", "field", "expected"),
    [
        (  # "Dated as of:" with a colon
            "SERVICES AGREEMENT\nDated as of: November 30, 2011\n\nThis Services Agreement is "
            "between Foo Inc. and Bar Corp.\n",
            "en",
            "signing_date",
            "2011-11-30",
        ),
        (  # a "Signing Date:" row at the top, year first
            "SALES CONTRACT\nContract No.: 2018-001\nSigning Date: 2018/04/20\n"
            "Party A: Lamp Technology Co., Ltd.\nParty B: Global Lights Inc.\n",
            "en",
            "signing_date",
            "2018-04-20",
        ),
        (
            "HUUROVEREENKOMST\nDatum van ondertekening: 4 mei 2022\n\nPartijen:\n",
            "nl",
            "signing_date",
            "2022-05-04",
        ),
        (  # the date of the last signature defined as the Effective Date
            'This Agreement is entered into by and between Foo Inc. ("Foo") and Bar Corp. '
            '("Bar") as of the date of the last signature below (the "Effective Date").\n\n'
            "IN WITNESS WHEREOF\n\nFOO INC.\nBy: /s/ A\nDate: 4/2/2012\n\n"
            "BAR CORP.\nBy: /s/ B\nDate: 4/9/2012\n",
            "en",
            "start_date",
            "2012-04-09",
        ),
        (
            "Deze overeenkomst is aangegaan op de datum van de laatste ondertekening (de "
            '"Ingangsdatum") voor een periode van twee jaar.\n\nPartij A\nDatum: 3 maart 2021\n'
            "Handtekening: ______\n\nPartij B\nDatum: 9 maart 2021\nHandtekening: ______\n",
            "nl",
            "start_date",
            "2021-03-09",
        ),
        (  # a period defined as the "Initial Period", beginning on a date
            "1. EMPLOYMENT. The Company will employ the Executive for a period of three (3) years "
            'beginning\nOctober 6, 2000 (the "INITIAL PERIOD").\n',
            "en",
            "initial_term",
            "P3Y",
        ),
        (
            "3.1 De opdracht wordt verleend voor een periode van twee (2) jaar ingaande 1 maart "
            "2023.\n",
            "nl",
            "initial_term",
            "P2Y",
        ),
        (  # "end on the date that is N years after"
            'This Agreement is made as of March 1, 2010 (the "Effective Date").\n5. Term. The '
            "term of this Agreement shall commence on the Effective Date and end on the date that "
            "is five (5) years after the Effective Date.\n",
            "en",
            "initial_term",
            "P5Y",
        ),
        (  # "month-to-month" broken at a line end
            "5. Term. The initial term is one year. Unless terminated earlier, this Agreement "
            "shall continue on a month-to-\nmonth basis after the Initial Term.\n",
            "en",
            "renewal",
            "P1M",
        ),
    ],
)
def test_general_date_and_term_wording(text: str, language: str, field: str, expected: str) -> None:
    got = value(terms(text, language=language), field)
    assert (got["period"] if isinstance(got, dict) else got) == expected


SIGNED_2007 = (
    "\n\nIN WITNESS WHEREOF, the parties have executed this Agreement.\n\nACME HOLDING "
    "CORPORATION\nBy: /s/ A. Smith\nDate: June 2, 2007\n\nASTUTE ADVISORS LLC\n"
    "By: /s/ B. Jones\nDate: June 5, 2007\n"
)
TERM_2010 = (
    'This Agreement is made as of March 1, 2010 (the "Effective Date") between Foo Inc. '
    '("Foo") and Bar Corp. ("Bar").\n\n2.1 Term. The initial term of this Agreement is three '
    '(3) years from the Effective Date (the "Initial Term").\n'
)


@pytest.mark.parametrize(
    ("text", "language", "field", "expected"),
    [
        (  # the defined term between "effective" and the signing it is tied to
            'SERVICES AGREEMENT\n\nThis Agreement is effective (the "Effective Date") on the '
            "date this Agreement is signed by both parties." + SIGNED_2007,
            "en",
            "start_date",
            "2007-06-05",
        ),
        (
            "DIENSTVERLENINGSOVEREENKOMST\n\nDeze overeenkomst treedt in werking (de "
            '"Ingangsdatum") op de datum van ondertekening door beide partijen.\n\nAldus '
            "overeengekomen en ondertekend te Utrecht op 3 maart 2021.\nHandtekening: ______\n",
            "nl",
            "start_date",
            "2021-03-03",
        ),
        (  # label rows with a colon after the preposition
            "DISTRIBUTION AGREEMENT\n\nEntered into on: 12 March 2015\nEffective from: 1 April "
            '2015\nBetween Acme Holding Corporation ("Acme") and Astute Advisors LLC '
            '("Distributor").\n',
            "en",
            "start_date",
            "2015-04-01",
        ),
        (
            "DISTRIBUTION AGREEMENT\n\nEntered into on: 12 March 2015\nEffective from: 1 April "
            "2015\n",
            "en",
            "signing_date",
            "2015-03-12",
        ),
        (  # "continue thereafter for one (1) year ... (the "Initial Term")"
            'This Agreement is made as of March 1, 2010 (the "Effective Date").\nTerm. This '
            "Agreement commences as of the Effective Date and shall continue thereafter for one "
            '(1) year, unless terminated sooner as provided for herein (the "Initial Term").\n',
            "en",
            "initial_term",
            "P1Y",
        ),
        (  # "days' prior to the end": the apostrophe before "prior"
            TERM_2010 + "2.2 Renewal Term. Following expiration of the Initial Term, this "
            "Agreement will be automatically renewed for additional consecutive terms of twelve "
            '(12) months (each, "Renewal Term"), unless a Party gives written notice of '
            "termination to the other Party at least thirty (30) days' prior to the end of the "
            "Initial Term or any Renewal Term.\n",
            "en",
            "notice_period",
            "P30D",
        ),
        (  # valid until a party terminates it: no end date
            TERM_2010.split("\n\n")[0] + "\n\n10.1 This Agreement shall be valid and enforceable "
            "from the date of this Agreement unless and until either Party serves on the other "
            "Party at least fourteen (14) days' prior written notice of termination.\n",
            "en",
            "end_date",
            "indefinite",
        ),
    ],
)
def test_general_effective_date_and_notice_wording(
    text: str, language: str, field: str, expected: str
) -> None:
    assert value(terms(text, language=language), field) == expected


DATED_2010 = (
    "SUPPLY AGREEMENT\n\nThis Supply Agreement is dated as of March 1, 2010 between Foo Inc. "
    '("Foo") and Bar Corp. ("Bar").\n\n'
)


@pytest.mark.parametrize(
    ("text", "language", "field", "expected"),
    [
        (
            DATED_2010 + "5. Term. The duration of this Agreement is five (5) years.",
            "en",
            "initial_term",
            "P5Y",
        ),
        (
            DATED_2010 + "5. Term. This Agreement is for a five (5) year term.",
            "en",
            "initial_term",
            "P5Y",
        ),
        (
            DATED_2010 + "5. Term. This Agreement shall continue in effect for an initial five "
            "(5) year term.",
            "en",
            "initial_term",
            "P5Y",
        ),
        (
            DATED_2010 + "5. Term. Unless sooner terminated, the term of this Agreement shall be "
            "from the date hereof until midnight on December 31, 2012.",
            "en",
            "end_date",
            "2012-12-31",
        ),
        (  # a term that counts from nothing runs from the signing date; the last day is the end
            DATED_2010 + "5. Term. This Agreement shall continue for a period of three (3) years.",
            "en",
            "end_date",
            "2013-02-28",
        ),
        (
            "OVEREENKOMST\n\nAldus overeengekomen en ondertekend te Utrecht op 3 maart 2021.\n\n"
            "Artikel 2 Duur\n2.1 Deze overeenkomst wordt aangegaan voor een periode van twee (2) "
            "jaar.\n",
            "nl",
            "end_date",
            "2023-03-02",
        ),
    ],
)
def test_general_term_and_end_wording(text: str, language: str, field: str, expected: str) -> None:
    assert value(terms(text, language=language), field) == expected


def test_a_term_counted_from_an_event_gets_no_end_from_the_signing_date() -> None:
    found = terms(
        DATED_2010 + "5. Term. This Agreement shall have a term of three years commencing on the "
        "date on which the first Product is delivered.",
        language="en",
    )
    assert value(found, "initial_term") == "P3Y"
    assert "end_date" not in found
    assert "start_date" not in found


def test_an_end_computed_from_the_signing_date_is_marked_computed() -> None:
    found = terms(
        DATED_2010 + "5. Term. This Agreement shall continue for a period of three (3) years.",
        language="en",
    )
    assert found["end_date"].source == FactSource.computed
    assert found["end_date"].confidence == 0.5


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            'AGREEMENT\n\nThis Agreement is entered into between Acme Corp. ("Acme") and Widget '
            'Ltd. ("Widget").\n\nAGREED AND ACCEPTED this 5th day of May, 2010.\n\nACME CORP.\n'
            "By: ____\n",
            "en",
            "2010-05-05",
        ),
        (
            'AGREEMENT\n\nThis Agreement is entered into between Acme Corp. ("Acme") and Widget '
            'Ltd. ("Widget").\n\nSigned for and on behalf of Acme Corp. on 5 May 2010\n______\n\n'
            "Signed for and on behalf of Widget Ltd. on 7 May 2010\n______\n",
            "en",
            "2010-05-07",
        ),
        (
            "OVEREENKOMST\n\nPartijen komen het volgende overeen.\n\nVoor akkoord getekend "
            "namens Stichting Zorg Oost op 5 mei 2010\n______\n\nVoor akkoord getekend namens "
            "Bouw B.V. op 7 mei 2010\n______\n",
            "nl",
            "2010-05-07",
        ),
    ],
)
def test_signed_on_behalf_of_and_agreed_and_accepted(
    text: str, language: str, expected: str
) -> None:
    assert value(terms(text, language=language), "signing_date") == expected


MADE_2011 = (
    "DISTRIBUTION AGREEMENT\n\nThis Distribution Agreement is made and entered into as of May 5, "
    '2011 by and between Acme Corp. ("Acme") and Widget LLC ("Distributor").\n\n'
)
SIGNED_2011 = (
    "\n\nIN WITNESS WHEREOF\n\nACME CORP.\nBy: /s/ A\nDate: May 9, 2011\n\nWIDGET LLC\n"
    "By: /s/ B\nDate: May 12, 2011\n"
)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            MADE_2011 + '1. Definitions.\n(g) "Effective Date" shall have the meaning set forth '
            "in the preamble.\n",
            "en",
            "2011-05-05",
        ),
        (
            MADE_2011 + '1. Definitions.\n(g) "Effective Date" has the meaning given to it in '
            "the first paragraph of this Agreement.\n",
            "en",
            "2011-05-05",
        ),
        (
            MADE_2011 + "2. Term. The Term shall commence upon the execution of this Agreement by "
            "both parties." + SIGNED_2011,
            "en",
            "2011-05-12",
        ),
    ],
)
def test_effective_date_by_reference_to_the_preamble_or_the_signing(
    text: str, language: str, expected: str
) -> None:
    assert value(terms(text, language=language), "start_date") == expected


@pytest.mark.parametrize(
    ("text", "language", "kind", "period"),
    [
        (
            TERM_2010 + "2.2 Renewal. This Agreement shall automatically renew for successive "
            "Renewal Terms unless either party gives notice of non-renewal at least 90 days prior "
            "to the end of the then-current term. Each Renewal Term shall be one (1) year.\n",
            "en",
            "automatic",
            "P1Y",
        ),
        (
            "Artikel 3 Duur\n3.1 De overeenkomst wordt aangegaan voor een periode van drie (3) "
            "jaar.\n3.2 Daarna wordt de overeenkomst stilzwijgend verlengd, tenzij een partij "
            "uiterlijk drie maanden voor het einde opzegt. De verlengingsperiode bedraagt telkens "
            "twaalf (12) maanden.\n",
            "nl",
            "automatic",
            "P12M",
        ),
        (
            TERM_2010 + "2.2 Renewal. Licensee may, at its option, extend the Term for up to two "
            "(2) additional periods of three (3) years each by written notice to Licensor at least "
            "six (6) months prior to expiry.\n",
            "en",
            "option",
            "P3Y",
        ),
        (
            TERM_2010 + "2.2 Renewal. Unless terminated, this Agreement shall continue in full "
            "force and effect for additional consecutive one year periods.\n",
            "en",
            "automatic",
            "P1Y",
        ),
        (
            TERM_2010 + "2.2 Renewal. This Agreement shall thereafter renew for consecutive "
            "terms of twenty-four (24) months each.\n",
            "en",
            "automatic",
            "P24M",
        ),
    ],
)
def test_renewal_period_stated_apart_and_more_renewal_wording(
    text: str, language: str, kind: str, period: str
) -> None:
    renewal = value(terms(text, language=language), "renewal")
    assert (renewal["type"], renewal["period"]) == (kind, period)


@pytest.mark.parametrize(
    ("sentence", "kind", "period"),
    [
        (  # "annual renewals": a year each
            "The term of this Agreement shall be two (2) years from the Effective Date with "
            "automatic annual renewals thereafter provided either party does not provide sixty "
            "(60) days notice of termination prior to the renewal date.",
            "automatic",
            "P1Y",
        ),
        (
            "This Agreement shall be renewed annually unless terminated by either party on "
            "ninety (90) days notice.",
            "automatic",
            "P1Y",
        ),
        (  # the option with a clause between "option" and "to extend"
            "Licensee shall have the option, subject to Licensor's approval in its sole "
            "discretion, to extend the Term of this Agreement for an additional 12 months.",
            "option",
            "P12M",
        ),
        (
            "The Agreement shall be renewable on an annual basis for one (1) year terms for up "
            "to another ten (10) years on the same terms and conditions.",
            "option",
            "P1Y",
        ),
        (
            "The Term will be 3 years from the Effective Date with automatic 2 "
            "year term extensions unless otherwise advised by one of the Parties.\n",
            "automatic",
            "P2Y",
        ),
        (
            "At Rogers' option, this Agreement shall renew for a subsequent term "
            "of two (2) years on the terms and conditions herein.\n",
            "option",
            "P2Y",
        ),
        (
            "This Agreement is renewed tacitly every year.\n",
            "automatic",
            "P1Y",
        ),
        (
            "The Initial Term shall automatically be extended for an additional "
            "period of half a year unless either party gives notice.\n",
            "automatic",
            "P6M",
        ),
        (  # the three months are a deadline ("within"), the renewal is twelve months
            "Unless Customer notifies Supplier of its intent not to renew this Agreement in "
            "writing within a period of three (3) months following the Renewal Notice, this "
            "Agreement shall automatically renew at the end of the Initial Term on the same "
            "terms (including pricing terms) for one (1) twelve-month period.",
            "automatic",
            "P12M",
        ),
        (
            "When this Agreement expires, you will have the option to continue the franchise "
            "relationship with us for two (2) additional terms of ten (10) years each.",
            "option",
            "P10Y",
        ),
        (
            "This Agreement shall automatically continue following the Initial Term, for an "
            "additional period of three (3) years, unless a party provides written notice of "
            "termination at least sixty (60) days prior to the expiration of the Initial Term.",
            "automatic",
            "P3Y",
        ),
        (
            "Unless written notice to the contrary is provided at least 30 days prior to the "
            "expiration of the then-current term, this Agreement shall be renewed for additional, "
            "successive periods of one (1) year each.",
            "automatic",
            "P1Y",
        ),
        (
            "This Agreement shall automatically renew beyond the Initial Term for successive one "
            '(I) year terms (each, a "Renewal Term").',
            "automatic",
            "P1Y",
        ),
    ],
)
def test_renewal_wording_from_more_contracts(sentence: str, kind: str, period: str) -> None:
    """Renewal kinds and periods after the initial term of ``TERM_2010``: annual renewals,
    options with a clause or a named party, tacit renewal, half a year, periods after a comma
    or a parenthesis, a deadline "within" a period that is no renewal period."""
    renewal = value(terms(TERM_2010 + "2.2 " + sentence + "\n", language="en"), "renewal")
    assert (renewal["type"], renewal["period"]) == (kind, period)


def test_the_term_clause_outweighs_a_covenant_period_after_the_expiration() -> None:
    text = (
        'This Agreement is made as of March 1, 2010 (the "Effective Date").\n'
        "2 TERM AND RENEWAL\n2.1 Term. The term of this Agreement starts on the Effective Date "
        "and, unless this Agreement is earlier terminated in accordance with its provisions, will "
        "expire ten (10) years from the Effective Date.\n"
        "19.4 You further covenant and agree that, for a continuous period of two (2) years after "
        "(1) the expiration of this Agreement, (2) the non-renewal of this Agreement, you will not "
        "compete with us.\n"
    )
    assert value(terms(text, language="en", with_clauses=True), "initial_term") == "P10Y"


@pytest.mark.parametrize(
    "recital",
    [
        "D. ICC and the Phoenix Parties have previously entered into a Selling Agreement, "
        "effective as of December 1, 2002.",
        "D. ICC AND THE PHOENIX PARTIES HAVE PREVIOUSLY ENTERED INTO A SELLING AGREEMENT, "
        "EFFECTIVE AS OF DECEMBER 1, 2002.",
    ],
)
def test_a_date_of_another_agreement_named_with_a_or_in_capitals(recital: str) -> None:
    text = "SERVICES AGREEMENT\n\nRECITALS\n" + recital + "\n\n1. Services.\n"
    assert "start_date" not in terms(text, language="en")


NL_PARTIES = (
    "OVEREENKOMST\n\nDe ondergetekenden:\n1. Stichting Zorg Oost, gevestigd te Enschede, hierna: "
    '"Opdrachtgever";\n2. Bouw B.V., gevestigd te Hengelo, hierna: "Opdrachtnemer",\nkomen '
    "overeen als volgt:\n\n"
)


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        (
            NL_PARTIES + "Artikel 2 Duur\n2.1 De overeenkomst heeft een looptijd van 24 maanden "
            "vanaf 1 februari 2024.\n",
            "start_date",
            "2024-02-01",
        ),
        (
            NL_PARTIES + "Artikel 2 Duur\n2.1 De overeenkomst loopt van 1 februari 2024 tot en met "
            "31 januari 2026. Opdrachtgever heeft het recht de overeenkomst tweemaal met een jaar "
            "te verlengen.\n",
            "renewal",
            ("option", "P1Y", 2),
        ),
        (
            NL_PARTIES + "Artikel 2 Duur\n2.1 Deze overeenkomst treedt in werking op 1 maart 2024 "
            "en eindigt van rechtswege na drie jaar.\n",
            "initial_term",
            "P3Y",
        ),
        (
            NL_PARTIES + "Artikel 2 Looptijd\nDe huurovereenkomst wordt aangegaan voor de duur van "
            "vijf jaren, ingaande op 1 juli 2023 en lopende tot en met 30 juni 2028. Na het "
            "verstrijken van deze periode wordt de overeenkomst voortgezet voor aansluitende "
            "perioden van vijf jaren.\n",
            "renewal",
            ("automatic", "P5Y", None),
        ),
    ],
)
def test_more_dutch_term_wording(text: str, field: str, expected: Any) -> None:
    got = value(terms(text), field)
    if field == "renewal":
        got = (got["type"], got["period"], got["max"])
    assert got == expected


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        (
            NL_PARTIES + "Artikel 3 Duur\n3.1 Deze overeenkomst wordt gesloten voor de periode 1 "
            "januari 2025 tot en met 31 december 2027.\n",
            "start_date",
            "2025-01-01",
        ),
        (
            NL_PARTIES + "Artikel 3 Duur\n3.1 De overeenkomst wordt aangegaan voor een jaar, met "
            "ingang van 1 januari 2025. De overeenkomst wordt na afloop van die termijn telkens "
            "met een jaar verlengd, tenzij Opdrachtgever uiterlijk drie maanden voor afloop "
            "opzegt.\n",
            "renewal",
            "P1Y",
        ),
        (
            NL_PARTIES + "Artikel 3 Duur\n3.1 Looptijd: 1 januari 2025 t/m 31 december 2026\n"
            "3.2 Opzegtermijn: 3 maanden\n",
            "start_date",
            "2025-01-01",
        ),
        (
            NL_PARTIES + "Artikel 3 Duur\n3.1 Looptijd: 1 januari 2025 t/m 31 december 2026\n"
            "3.2 Opzegtermijn: 3 maanden\n",
            "notice_period",
            "P3M",
        ),
        (
            "SERVICES AGREEMENT\n\n4. Term: From March 1, 2013 through February 28, 2014\n"
            "4.1 Notice period: 60 days\n",
            "notice_period",
            "P60D",
        ),
    ],
)
def test_periods_and_numbered_label_rows(text: str, field: str, expected: str) -> None:
    got = value(terms(text, language="en" if text.startswith("SERVICES") else "nl"), field)
    assert (got["period"] if isinstance(got, dict) else got) == expected


def test_an_ocr_page_reads_digits_that_ocr_took_for_letters() -> None:
    text = "CO-BRANDING AGREEMENT\n\nThis Agreement is made this 2lst day of January 2003 by X.\n"
    page = PageText(1, text, 0, TextSource.ocr)
    found = recognise_terms(ExtractedText((page,), "en", 1), (), "en", DOC)
    assert {f.field: f.value for f in found}["signing_date"] == "2003-01-21"
    assert "signing_date" not in terms(text, language="en")  # a text layer: "2lst" is no day


EN_DATED = (
    'This Agreement is made and entered into as of January 5, 2011 (the "Effective Date").\n\n'
)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (EN_DATED + "This Agreement shall remain in effect until the end of calendar year 2012.",
         "en", "2012-12-31"),
        (EN_DATED + "The Agreement expires at the end of the year 2013.", "en", "2013-12-31"),
        ("Deze overeenkomst wordt aangegaan per 1 februari 2011 en loopt tot en met het einde "
         "van het kalenderjaar 2012.", "nl", "2012-12-31"),
    ],
)
def test_an_end_at_the_end_of_a_named_year(text: str, language: str, expected: str) -> None:
    found = terms(text, language=language)
    assert value(found, "end_date") == expected
    assert found["end_date"].source is FactSource.computed
    assert str(expected[:4]) in found["end_date"].evidence.quote


def test_the_end_of_a_named_year_in_another_sense_is_no_end() -> None:
    text = EN_DATED + ("The term of this Agreement is three (3) years. Supplier shall deliver the "
                       "annual report within sixty days of the end of calendar year 2012.")
    assert value(terms(text, language="en"), "end_date") != "2012-12-31"


@pytest.mark.parametrize(
    "sentence",
    [
        "This is a five-year agreement commencing on the Effective Date.",
        "This Agreement shall be a five (5) year agreement, beginning on the Effective Date.",
    ],
)
def test_the_agreement_described_by_its_length_gives_its_term(sentence: str) -> None:
    assert value(terms(EN_DATED + sentence, language="en"), "initial_term") == "P5Y"


def test_another_agreement_of_some_length_is_not_the_term() -> None:
    text = EN_DATED + "Supplier has entered into a five-year agreement with a third party."
    assert value(terms(text, language="en"), "initial_term") is None


def test_effective_for_a_period_gives_the_term() -> None:
    text = EN_DATED + ("This Agreement shall be effective for a period of ten (10) years "
                       "commencing on the date first written above.")
    assert value(terms(text, language="en"), "initial_term") == "P10Y"


def test_made_at_a_place_this_day() -> None:
    text = ("SUPPLY AGREEMENT\n\nThis Agreement, made and entered into at Chicago, Illinois, this "
            "3rd day of June 2008, by and between Acme Inc. and Beta LLC.")
    assert value(terms(text, language="en"), "signing_date") == "2008-06-03"


def test_ingaande_op_gives_the_start() -> None:
    text = ("HUUROVEREENKOMST\n\nArtikel 3 Duur\nDe huurovereenkomst is aangegaan voor een periode "
            "van vijf (5) jaren, ingaande op 1 juli 2023 en lopende tot en met 30 juni 2028.")
    found = terms(text, language="nl", with_clauses=True)
    assert value(found, "start_date") == "2023-07-01"
    assert value(found, "end_date") == "2028-06-30"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("De overeenkomst wordt aangegaan met ingang van 1 januari 2025 voor een periode van twee "
         "jaar en kan daarna door Opdrachtgever twee keer met een jaar worden verlengd.", 2),
        ("De overeenkomst wordt aangegaan met ingang van 1 januari 2025 voor een periode van twee "
         "jaar en wordt daarna stilzwijgend verlengd met telkens een jaar. Opdrachtnemer "
         "factureert twee keer per jaar.", None),
    ],
)
def test_how_many_times_a_renewal_may_happen(sentence: str, expected: int | None) -> None:
    renewal = value(terms("DIENSTVERLENINGSOVEREENKOMST\n\n" + sentence, language="nl"), "renewal")
    assert renewal is not None and renewal["max"] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("SERVICES AGREEMENT\n\nThis Agreement is made on February 2, 2012 by and between Acme "
         "Inc. and Beta LLC.\n\n1. This Agreement shall commence on the Commencement Date, being "
         "1 April 2013.", "en", "2013-04-01"),
        ("SERVICES AGREEMENT\n\nThis Agreement is made on February 2, 2012 by and between Acme "
         "Inc. and Beta LLC.\n\n1. This Agreement shall be effective retroactively to January 1, "
         "2012.", "en", "2012-01-01"),
        ("OVEREENKOMST\n\nDeze overeenkomst is getekend op 2 februari 2012.\n\nArtikel 2 Duur\n"
         "De overeenkomst geldt met terugwerkende kracht per 1 januari 2012.", "nl", "2012-01-01"),
        ("OVEREENKOMST\n\nDeze overeenkomst is getekend op 2 februari 2012.\n\nArtikel 2 Duur\n"
         "De overeenkomst gaat in op de ingangsdatum, zijnde 1 maart 2012.", "nl", "2012-03-01"),
    ],
)
def test_a_start_named_after_its_date_or_retroactive(text: str, language: str,
                                                       expected: str) -> None:
    found = terms(text, language=language, with_clauses=True)
    assert value(found, "start_date") == expected
    assert value(found, "signing_date") == "2012-02-02"  # signing stays the signing


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            TERM_2010 + "2.2 Thereafter, this Agreement shall automatically continue in effect "
            "until either party gives the other at least six (6) months prior written notice of "
            "termination.\n",
            "en",
        ),
        (
            TERM_2010 + "2.2 This Agreement shall thereafter automatically renew for an "
            "unlimited period of time unless otherwise terminated in accordance with Section 9.\n",
            "en",
        ),
        (
            TERM_2010 + "2.2 This Agreement shall continue for an initial term of one (1) year "
            "and indefinitely after that until terminated by either party giving at least twelve "
            "(12) months' prior written notice.\n",
            "en",
        ),
        (
            "Artikel 3 Duur\n3.1 De overeenkomst wordt aangegaan voor een periode van drie (3) "
            "jaar, ingaande 1 januari 2020, en wordt daarna stilzwijgend voortgezet voor "
            "onbepaalde tijd, tenzij een partij uiterlijk drie maanden voor het einde opzegt.\n",
            "nl",
        ),
        (
            "Artikel 3 Duur\n3.1 De huurovereenkomst wordt aangegaan voor de duur van twee jaar, "
            "ingaande 1 maart 2021.\n3.2 Na afloop van deze periode gaat de huurovereenkomst "
            "over in een overeenkomst voor onbepaalde tijd.\n",
            "nl",
        ),
    ],
)
def test_after_the_term_the_contract_runs_on_for_an_indefinite_period(
    text: str, language: str
) -> None:
    found = terms(text, language=language)
    renewal = value(found, "renewal")
    assert (renewal["type"], renewal["period"]) == ("automatic", "indefinite")
    assert value(found, "end_date") != "indefinite"  # the initial term still ends


@pytest.mark.parametrize(
    ("sentence", "field", "expected"),
    [
        (
            'The "Term" shall begin on the date hereof and shall expire December 31, 2023, '
            "subject to early termination pursuant to Section 19.",
            "end_date",
            "2023-12-31",
        ),
        (
            "This Agreement shall begin on June 1, 2010 and shall terminate June 1, 2011.",
            "end_date",
            "2011-06-01",
        ),
        (
            "This Agreement will continue in full force beginning on the Effective Date and "
            'ending two (2) years thereafter ("Term").',
            "initial_term",
            "P2Y",
        ),
        (
            "This Agreement shall commence on the Effective Date and shall continue for a period "
            'of twelve (12) full calendar months ("Initial Term").',
            "initial_term",
            "P12M",
        ),
        (
            "This Agreement shall apply and remain in effect from the Effective Date and "
            "perpetually thereafter unless terminated pursuant to the Section entitled "
            '"Termination."',
            "end_date",
            "indefinite",
        ),
    ],
)
def test_end_and_term_wording_without_on_or_with_thereafter(
    sentence: str, field: str, expected: str
) -> None:
    found = terms(DATED_2010 + "5. Term. " + sentence + "\n", language="en")
    assert value(found, field) == expected


MADE_2000 = (
    'LICENSE AGREEMENT\n\nThis Agreement is made as of March 3, 2000 (the "Effective Date").\n\n'
)


@pytest.mark.parametrize(
    ("sentence", "field", "expected"),
    [
        (
            "The Term shall commence on the date of this Agreement and, unless earlier "
            "terminated, shall end as of December 31, 2000.",
            "end_date",
            "2000-12-31",
        ),
        (
            'The term of this Agreement (the "Term") shall commence on the Effective Date and '
            "conclude on October 31, 2001, unless renewed by agreement.",
            "end_date",
            "2001-10-31",
        ),
        (
            "The initial term of the Services shall continue up to and including 28 February "
            '2002 ("the Initial Term").',
            "end_date",
            "2002-02-28",
        ),
        (
            "The Term of this Agreement shall begin on the Effective Date and shall end fifteen "
            "months therefrom.",
            "initial_term",
            "P15M",
        ),
        (
            "The initial term shall continue until five (5) years following the Effective Date.",
            "initial_term",
            "P5Y",
        ),
        (
            "The term of this Agreement shall commence on the Effective Date and shall continue "
            "in effect for a FIVE (5) year period.",
            "initial_term",
            "P5Y",
        ),
        (
            "The initial term shall commence on the Effective Date, and shall continue thereafter "
            'for a period of twelve (12) months (the "Initial Term").',
            "initial_term",
            "P12M",
        ),
        (
            "The initial term of the contracted agreement is 5 years from the commencement date.",
            "initial_term",
            "P5Y",
        ),
        (  # the later of a fixed anniversary and an event states no end (as with a date)
            "The term of this Agreement shall continue in effect until the later of (a) the "
            "fourth (4th) anniversary of the Effective Date, or (b) the completion of the "
            "Research.",
            "end_date",
            None,
        ),
        (
            "This Agreement shall expire upon the earlier of (i) the first anniversary of the "
            "Effective Date and (ii) the date that all Shares have been sold.",
            "end_date",
            "2001-03-03",
        ),
        (  # the term runs until another agreement ends: no fixed end
            "This Agreement shall begin on the Effective Date and shall continue until the "
            "termination of the Strategic Alliance Agreement.",
            "end_date",
            "indefinite",
        ),
        (
            "The term of this Agreement will commence on the date the Registration Form is "
            "approved and will end when terminated by either party.",
            "end_date",
            "indefinite",
        ),
        (
            "This Agreement will commence on the Effective Date and will continue until "
            "termination as provided below.",
            "end_date",
            "indefinite",
        ),
        (
            "This agreement shall be for a term of five years from the date of this document.",
            "initial_term",
            "P5Y",
        ),
        (
            "INITIAL TERM shall mean the Effective Date through the day prior to the second "
            "anniversary of the Effective Date.",
            "end_date",
            "2002-03-02",
        ),
        (  # counted from the date of the agreement, not from a later start
            'The term of this Agreement (the "Term") will begin on April 1, 2000 and end on the '
            "first anniversary of the date of this Agreement.",
            "end_date",
            "2001-03-03",
        ),
        (
            "This Agreement shall expire on the earlier of (i) five (5) years from the date "
            "hereof, or (ii) the completion of the Services.",
            "initial_term",
            "P5Y",
        ),
        (
            "This Agreement shall continue for the entire four (4) year term unless earlier "
            "terminated.",
            "initial_term",
            "P4Y",
        ),
        (
            "The initial term of this Agreement shall expire in five (5) years from the date of "
            "Effective Date.",
            "initial_term",
            "P5Y",
        ),
        (
            "This Agreement shall commence on the Effective Date and shall continue until the "
            "four-year anniversary of the Effective Date.",
            "end_date",
            "2004-03-03",
        ),
        (  # an amendment's extension
            "The Term of the Agreement is hereby extended to January 20, 2012 unless sooner "
            "terminated as provided for in the Agreement.",
            "end_date",
            "2012-01-20",
        ),
        (
            "Unless this Agreement is early terminated, the term of the validity of this "
            "Agreement shall be one year from the effective date.",
            "initial_term",
            "P1Y",
        ),
        (
            "Unless terminated earlier as provided herein, this Agreement shall terminate on the "
            "date three (3) years from the Effective Date.",
            "initial_term",
            "P3Y",
        ),
        (
            "This Agreement shall commence on the Effective Date and shall remain in full force "
            "and effect until one (1) year subsequent to the Effective Date.",
            "initial_term",
            "P1Y",
        ),
        (
            "The term shall commence on the Effective Date and ends at April 30, 2009 (the "
            '"Term").',
            "end_date",
            "2009-04-30",
        ),
        ("This agreement will be in effect until the end of 2006.", "end_date", "2006-12-31"),
        (
            "The term of this Agreement is three years from and including the date of this "
            'Agreement (the "Initial Term").',
            "start_date",
            "2000-03-03",
        ),
        (
            "This Agreement commences on the date first above written, and will remain in effect "
            "for the period of five (5) years.",
            "initial_term",
            "P5Y",
        ),
        (
            "The term of the Franchise shall be twenty (20) years, commencing on the Effective "
            "Date.",
            "initial_term",
            "P20Y",
        ),
    ],
)
def test_term_wording_after_a_made_on_date(sentence: str, field: str, expected: str | None) -> None:
    """End, term and start wording read after "This Agreement is made as of March 3, 2000 (the
    "Effective Date")" (the later of an anniversary and an event states no end: None)."""
    found = terms(MADE_2000 + "2. Term. " + sentence + "\n", language="en")
    assert value(found, field) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a contract (not an agreement) counted from the date first above written
            "TRANSPORTATION CONTRACT\n\nThis contract is made as of June 1, 1998.\n\n1. This "
            "contract shall be for a term of one year commencing on the date first above "
            "written.\n",
            {"start_date": "1998-06-01", "initial_term": "P1Y"},
        ),
        (
            "OUTSOURCING AGREEMENT\n\n1. The commencement date for this contract will be 16th "
            "June 2004. The initial term of the contracted agreement is 5 years from the "
            "commencement date.\n",
            {"start_date": "2004-06-16", "initial_term": "P5Y"},
        ),
        (  # an end-date label row outside a sentence about the term
            "SUPPLY AGREEMENT\n\nThis Agreement is made as of March 3, 2019.\n\nEffective Date: "
            "January 1, 2019\nTermination Date: December 31, 2023\n",
            {"start_date": "2019-01-01", "end_date": "2023-12-31"},
        ),
        (
            "SERVICES CONTRACT\n\nThis contract is made as of May 17, 2017.\n\n1. This contract "
            'shall remain in effect initially for the five (5) year term ("Initial Term") from '
            "the date signed.\n",
            {"initial_term": "P5Y"},
        ),
    ],
)
def test_whole_texts_of_contracts_and_label_rows(text: str, expected: dict[str, str]) -> None:
    found = terms(text, language="en")
    assert {k: value(found, k) for k in expected} == expected


def test_an_end_at_the_earlier_of_an_anniversary_and_an_event_is_less_certain() -> None:
    plain = terms(
        MADE_2000 + "2. Term. This Agreement shall expire on the first anniversary of the "
        "Effective Date.\n",
        language="en",
    )
    either = terms(
        MADE_2000 + "2. Term. This Agreement shall expire upon the earlier of (i) the first "
        "anniversary of the Effective Date and (ii) the date that all Shares have been sold.\n",
        language="en",
    )
    assert plain["end_date"].value == either["end_date"].value == "2001-03-03"
    assert either["end_date"].confidence < plain["end_date"].confidence


@pytest.mark.parametrize(
    ("sentence", "field"),
    [
        # no term at all, or obligations that survive: no continuation after a term
        ("This Agreement shall continue until terminated by either party on 30 days notice.",
         "renewal"),
        ("Thereafter, these confidentiality obligations shall continue indefinitely.", "renewal"),
        # until its own term ends, or obligations until another term ends: no indefinite end
        ("This Agreement shall continue until the expiration of the Term.", "end_date"),
        (
            "The confidentiality obligations shall continue until the expiration of the Royalty "
            "Term.",
            "end_date",
        ),
    ],
)
def test_wording_that_is_no_indefinite_end_or_continuation(sentence: str, field: str) -> None:
    found = terms(MADE_2000 + "2. Term. " + sentence + "\n", language="en")
    got = value(found, field)
    assert (got.get("period") if isinstance(got, dict) else got) != "indefinite"


@pytest.mark.parametrize(
    "sentence",
    [
        "The term of this Agreement shall commence upon April 1, 2010 and shall continue for a "
        "period of six (6) months.",
        "The present Agreement is effective as from 1 April 2010.",
    ],
)
def test_commence_upon_and_effective_as_from(sentence: str) -> None:
    found = terms(DATED_2010 + "5. Term. " + sentence + "\n", language="en")
    assert value(found, "start_date") == "2010-04-01"


@pytest.mark.parametrize(
    ("sentence", "notice"),
    [
        (
            "A six (6) months notice must be given by either party of their intention to terminate "
            "relations due to any reason other than breach of this agreement.",
            "P6M",
        ),
        (
            "This Agreement will automatically renew for one or more annual periods unless either "
            "party gives notice of non-renewal at least one hundred eighty (180) days prior to the "
            "beginning of any Renewal Term.",
            "P180D",
        ),
        (
            "Following the Initial Term, either Party may terminate this Agreement upon written "
            "notice to the other Party of at least 3 months.",
            "P3M",
        ),
        (
            "This Agreement shall automatically renew for successive one-year terms unless one "
            "party gives the other party written notice of non-renewal at least six months prior "
            "to automatic renewal.",
            "P6M",
        ),
    ],
)
def test_notice_wording_from_more_contracts(sentence: str, notice: str) -> None:
    text = TERM_2010 + "2.2 This Agreement shall automatically renew for one-year terms.\n"
    found = terms(text + "2.3 " + sentence + "\n", language="en")
    assert value(found, "notice_period") == notice


def test_a_notice_to_cure_a_breach_is_still_no_notice_period() -> None:
    found = terms(
        TERM_2010 + "2.2 Licensee may terminate this Agreement upon written notice to Licensor of "
        "at least thirty (30) days if Licensor fails to cure a material breach.\n",
        language="en",
    )
    assert value(found, "notice_period") is None


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        (
            "WIJZIGINGSOVEREENKOMST\n\nArtikel 1\n1.1 De looptijd van de Overeenkomst wordt "
            "hierbij verlengd tot en met 31 december 2026.\n",
            "end_date",
            "2026-12-31",
        ),
        (
            "OVEREENKOMST\n\nGetekend te Utrecht op 3 maart 2021.\n\nIngangsdatum: 1 april 2021\n"
            "Einddatum: 31-03-2024\n",
            "end_date",
            "2024-03-31",
        ),
        (
            "Artikel 2 Duur\n2.1 Deze overeenkomst gaat in op 1 april 2021 en loopt tot het einde "
            "van 2023.\n",
            "end_date",
            "2023-12-31",
        ),
    ],
)
def test_dutch_extended_until_an_end_date_row_and_the_end_of_a_year(
    text: str, field: str, expected: str
) -> None:
    assert value(terms(text, language="nl"), field) == expected


def test_the_initial_term_in_a_renewal_sentence_is_not_the_renewal_period() -> None:
    found = terms(
        DATED_2010 + "5. Term. This contract shall remain in effect initially for the five (5) "
        'year term ("Initial Term") from the date signed and shall be automatically extended '
        'for one (1) year periods after the Initial Term ("Renewal Term").\n',
        language="en",
    )
    assert value(found, "initial_term") == "P5Y"
    assert value(found, "renewal")["period"] == "P1Y"


@pytest.mark.parametrize(
    ("sentence", "from_event"),
    [
        (
            "The term of this Agreement shall continue for one (1) year following the Launch Date.",
            True,
        ),
        (
            "This Agreement shall continue for a period of five (5) years from the Reseller's "
            "first purchase order.",
            True,
        ),
        ("The initial term is one (1) year from the date of delivery of the Product.", True),
        ("The term of this Agreement is five (5) years from the Effective Date.", False),
        ("The term of this Agreement is five (5) years from the date hereof.", False),
        (
            "This Agreement shall remain effective for two (2) years from and after the Effective "
            "Date.",
            False,
        ),
        (
            "This Agreement shall expire on the day that is twenty-four (24) months from that "
            "date.",
            False,
        ),
        (
            "This Agreement shall continue for a period of one year from the date of its "
            "execution.",
            False,
        ),
    ],
)
def test_a_term_counted_from_an_event_is_read_with_a_low_confidence(
    sentence: str, from_event: bool
) -> None:
    found = terms(MADE_2000 + "2. Term. " + sentence + "\n", language="en")
    low = found["initial_term"].confidence <= EVENT_TERM_CONFIDENCE
    assert low is from_event


def test_a_dutch_term_counted_from_delivery_is_read_with_a_low_confidence() -> None:
    after = terms(
        "Artikel 2 Duur\n2.1 Deze overeenkomst gaat in op 1 januari 2020 en heeft een looptijd van "
        "twaalf maanden na oplevering van het systeem.\n"
    )
    from_start = terms(
        "Artikel 2 Duur\n2.1 Deze overeenkomst gaat in op 1 januari 2020 en heeft een looptijd van "
        "twaalf maanden vanaf de ingangsdatum.\n"
    )
    assert after["initial_term"].confidence <= EVENT_TERM_CONFIDENCE
    assert from_start["initial_term"].confidence > EVENT_TERM_CONFIDENCE


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        (
            'The Effective Date of this Agreement (herein called the "Effective Date") is '
            "September 21, 1998.",
            "1998-09-21",
        ),
        ("This Agreement is effective on the day of May 1, 2013.", "2013-05-01"),
        (
            '"EFFECTIVE DATE" means 12:01 a.m. Eastern Standard Time on March 3, 2003.',
            "2003-03-03",
        ),
        ('"Commencement Date" means: 1st January 2013.', "2013-01-01"),
        ("THE EFFECTIVE DATE OF THIS RESELLER AGREEMENT SHALL BE: Sept 29, 2004", "2004-09-29"),
        ("The effective date of the Franchise will be January 1, 2016.", "2016-01-01"),
        (
            "The term of this Agreement shall commence January 1, 1996, and shall continue for a "
            "period of three (3) years.",
            "1996-01-01",
        ),
        (
            "The Joint Venture is a fixed term Joint Venture beginning November 27, 2018 and "
            "ending November 30th, 2019.",
            "2018-11-27",
        ),
    ],
)
def test_more_start_wording(sentence: str, start: str) -> None:
    found = terms("AGREEMENT\n\n1. " + sentence + "\n", language="en")
    assert value(found, "start_date") == start


@pytest.mark.parametrize(
    "sentence",
    [
        "This Agreement shall become effective on the date of execution and shall continue in "
        "force and effect for an indefinite term thereafter unless terminated pursuant to "
        "Article 16.",
        "This Agreement shall continue in effect until either Party informs the other Party with "
        "thirty (30) day prior written notice of termination of this Agreement.",
        "The Agreement shall continue, subject to the remaining terms of this Agreement, until "
        "terminated by either party giving the other notice.",
        "This Agreement shall continue to be in full force and effect for so long as both "
        "parties remain shareholders of the Company.",
        "This Agreement will commence on the Effective Date and continue through the completion "
        "or termination of Developer's services.",
        "This IP Agreement shall extend until the last date of expiration of the Intellectual "
        "Property rights licensed under this IP Agreement.",
    ],
)
def test_more_terms_without_a_fixed_end(sentence: str) -> None:
    found = terms(MADE_2000 + "2. Term. " + sentence + "\n", language="en")
    assert value(found, "end_date") == "indefinite"
    assert found["end_date"].confidence < 0.95


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Outsourcing Base Agreement\n\nEFFECTIVE DATE JUNE 1, 1998\n", "1998-06-01"),
        (
            "MAINTENANCE AGREEMENT\n\nCOMMENCEMENT DATE FOR MAINTENANCE UNDER THIS ADDENDUM: "
            "MARCH 1, 2001\n",
            "2001-03-01",
        ),
        (
            "ENDORSEMENT AGREEMENT\n\n1. The Term of this Agreement shall be for a period of two "
            "years commencing the 1st day of September 2004.\n",
            "2004-09-01",
        ),
    ],
)
def test_start_date_label_rows_and_commencing_the_nth_day(text: str, start: str) -> None:
    assert value(terms(text, language="en"), "start_date") == start


def test_a_financial_year_commencing_is_no_start_date() -> None:
    found = terms(
        DATED_2010 + "7. Fees. For the financial year commencing 01 March 2011 and thereafter, the "
        "revenue share percentage shall be 10%.\n",
        language="en",
    )
    assert value(found, "start_date") != "2011-03-01"


CONTRACT_YEARS = (
    "GAS TRANSPORTATION AGREEMENT\nThis Agreement is made and entered into on April 14, 2015 "
    "(the “Effective Date”).\n3.1 Term. This Agreement shall commence on the Effective Date and "
    "continue in full force and effect until the end of the fifteenth (15th) Contract Year, and "
    "shall continue in full force and effect thereafter until terminated by either Party by "
    "providing thirty (30) calendar days' prior written notice of termination.\n"
)


def test_a_term_until_the_end_of_the_nth_contract_year_then_running_on() -> None:
    found = terms(CONTRACT_YEARS, language="en")
    # fifteen years from the start, the last day of the term; to be checked (a defined year)
    assert value(found, "end_date") == "2030-04-13"
    assert found["end_date"].confidence < 0.7
    # after it the contract runs on until notice: no fixed end, no option of fifteen years
    assert value(found, "renewal")["type"] == "automatic"
    assert value(found, "renewal")["period"] == "indefinite"
    assert value(found, "notice_period") == "P30D"


@pytest.mark.parametrize(
    ("definition", "end"),
    [
        # counted from the effective date: the same end
        ("“Contract Year” means each twelve months from the Effective Date.", "2030-04-13"),
        # counted from another day: no end date computed from the start
        (
            "“Contract Year” shall mean a period commencing on the Commencement Date and ending on "
            "the same day of the following calendar year.",
            None,
        ),
    ],
)
def test_a_contract_year_defined_from_another_day_gives_no_end(
    definition: str, end: str | None
) -> None:
    found = terms(CONTRACT_YEARS + "\n1. Definitions. " + definition + "\n", language="en")
    assert value(found, "end_date") == end
    assert value(found, "renewal")["period"] == "indefinite"


def test_dutch_term_until_the_end_of_the_fifth_lease_year() -> None:
    found = terms(
        "HUUROVEREENKOMST\nDeze huurovereenkomst is aangegaan op 1 januari 2024.\n"
        "3.1 De huurovereenkomst gaat in op 1 februari 2024 en loopt tot het einde van het vijfde "
        "huurjaar.\n",
    )
    assert value(found, "end_date") == "2029-01-31"



@pytest.mark.parametrize(
    ("text", "signed"),
    [
        (
            "JOINT FILING AGREEMENT\nThe undersigned agree to file the statement jointly.\n\n"
            "IN WITNESS WHEREOF, the undersigned hereby execute this Agreement as of February 20, "
            "2020. UNIFORM INVESTCO LP\nBy: /s/ A. Lee\n",
            "2020-02-20",
        ),
        (
            "JOINT FILING AGREEMENT\nThe undersigned agree to file the statement jointly.\n\n"
            "IN WITNESS WHEREOF, the undersigned hereby execute this Agreement this 14t h day of "
            "February 2020. CLARUS IV-A, L.P.\nBy: /s/ A. Lee\n",
            "2020-02-14",
        ),
        # the date of the agreement in its last clause, pages after the preamble
        (
            "COOPERATION AGREEMENT\n"
            + "".join(f"{n}. Clause {n}. The parties cooperate as agreed.\n" for n in range(1, 200))
            + "14.6 This Agreement is dated April 29, 2010.\n(NO TEXT BELOW)\n",
            "2010-04-29",
        ),
    ],
)
def test_the_date_the_agreement_is_executed_or_dated_at_its_end(text: str, signed: str) -> None:
    assert value(terms(text, language="en"), "signing_date") == signed


@pytest.mark.parametrize(
    "sentence",
    [
        "Consistent with the actions taken by the Board, and as of the date hereof, Mr. Glazer "
        "will be appointed as Chairman of the Board.",
        "(a) The standstill period (the “Standstill Period”) begins on the date of this Agreement "
        "and shall extend until thirty (30) days prior to the annual meeting.",
        "Licensee shall pay a Royalty Advance on the first day of each fiscal quarter, commencing "
        "with the Licensee's fiscal year which begins on April 1, 2011.",
        "3.3 Phases of Cooperation. Phase I will commence on August 1, 2011 and end on July 31, "
        "2012.",
    ],
)
def test_a_start_said_of_something_else_is_no_start_date(sentence: str) -> None:
    found = terms(MADE_2011 + "4. Undertakings. " + sentence + "\n", language="en")
    assert value(found, "start_date") is None


@pytest.mark.parametrize(
    "clause",
    [
        "11. Termination. Notwithstanding any provisions of this Agreement to the contrary, this "
        "Agreement shall terminate upon the Trust's payment to the Company of the sum of the "
        "premiums paid under the Policy.\n",
        "Section 10. Termination of Remarketing Agreement.\n(a) This Agreement shall terminate as "
        "to the Remarketing Agent upon the earliest to occur of (a) the resignation of the "
        "Remarketing Agent, (b) the completion of the remarketing.\n",
    ],
)
def test_a_contract_that_ends_on_an_event_has_no_fixed_end(clause: str) -> None:
    found = terms(MADE_2011 + "10. Assignment. No assignment.\n\n" + clause, language="en",
                  with_clauses=True)
    assert value(found, "end_date") == "indefinite"
    assert found["end_date"].confidence < 0.6


def test_an_event_termination_beside_a_fixed_term_leaves_the_term() -> None:
    found = terms(
        MADE_2011 + "2. Term. This Agreement shall remain in effect for three years.\n\n"
        "11. Termination. This Agreement shall terminate upon the earliest to occur of (a) a "
        "material breach, (b) the insolvency of a party.\n",
        language="en",
        with_clauses=True,
    )
    assert value(found, "end_date") == "2014-05-04"
    assert value(found, "initial_term") == "P3Y"


@pytest.mark.parametrize(
    "sentence",
    [
        # a deadline to act, not a notice
        "Unless this Agreement has been earlier terminated, at least eighteen (18) months prior to "
        "the expiration of the Term, Supplier shall submit to Customer a written proposal for "
        "renewal of this Agreement.",
        "Within ninety (90) days prior to the expiration of each Contract Year, the parties will "
        "discuss and agree on the minimum quantities for the next Contract Year.",
        # an insurance policy's notice
        "In the event of cancellation, non-renewal or material modification of any such policy "
        "the Sponsor shall receive thirty (30) days written notice thereof.",
        # a price change announced ahead of a renewal
        "The Company reserves the right to change the applicable charges at the end of the "
        "Initial Term or the then current renewal term, upon 30 days prior notice to you.",
        # termination for cause
        "This Agreement may be terminated by either party with cause upon thirty (30) days "
        "written notice.",
    ],
)
def test_no_notice_period_from_deadlines_policies_or_for_cause(sentence: str) -> None:
    found = terms(
        MADE_2011 + "2. Term. This Agreement shall remain in effect for one year and renews "
        "automatically for successive one year periods.\n\n9. Miscellaneous. " + sentence + "\n",
        language="en",
    )
    assert value(found, "notice_period") is None


@pytest.mark.parametrize(
    ("sentence", "notice"),
    [
        (
            "This Agreement shall automatically renew for consecutive one (1) year periods, unless "
            "terminated by Reseller within sixty (60) days prior to the expiration of the Initial "
            "Term.",
            "P60D",
        ),
        (
            "This Agreement shall automatically be renewed for successive one (1) year increments "
            "unless either party request in writing, at least ninety (90) days prior to the "
            "anniversary date, that this Agreement not to be renewed.",
            "P90D",
        ),
    ],
)
def test_notice_against_renewal_without_the_word_notice(sentence: str, notice: str) -> None:
    found = terms(MADE_2011 + "2. Term. " + sentence + "\n", language="en")
    assert value(found, "notice_period") == notice


@pytest.mark.parametrize(
    "sentence",
    [
        "In no event shall the Term extend beyond the term of the Joint Use and Management "
        "Agreement by and between the City of San Diego and Padres, L.P. dated as of February 1, "
        "2000.",
        "Confidential information will be exchanged under the Agreement for Exchange of "
        "Confidential Information executed by IBM on August 3, 2001 (the “AECI”).",
        "The Supplier has confirmed by letter dated November 30, 2007 that it agrees to the "
        "proposal.",
    ],
)
def test_the_date_of_another_document_is_no_signing_date(sentence: str) -> None:
    found = terms(
        "SPONSORSHIP AGREEMENT\nAcme Inc. and Zenith LLC agree as follows.\n\n"
        "2. Term. The term shall commence on November 1, 2007 and end on October 31, 2008.\n\n"
        "3. Background. " + sentence + "\n",
        language="en",
    )
    assert value(found, "signing_date") is None  # nor the start of the term
    assert value(found, "start_date") == "2007-11-01"


def test_a_renewal_by_mutual_agreement_is_not_automatic() -> None:
    found = terms(
        MADE_2011 + "7. Term. The term of this Agreement shall continue for one (1) year. This "
        "Agreement may be renewed for any number of successive one (1) year terms by mutual "
        "written agreement of the parties prior to the conclusion of the term.\n",
        language="en",
    )
    assert value(found, "renewal")["type"] == "option"
    assert value(found, "renewal")["period"] == "P1Y"


def test_a_cure_period_is_no_term_and_a_date_extended_is_no_end() -> None:
    found = terms(
        MADE_2011 + "5.2 Termination. Acme may terminate this Agreement upon (f) any failure by "
        "Distributor to perform its obligations where such failure continues for thirty (30) "
        "days after written notice thereof.\n7.1 This Agreement may be terminated if the Closing "
        "shall not have occurred on or before September 30, 2017 (the “Long Stop Date”), "
        "provided that if approvals are pending, the Long Stop Date shall be extended until "
        "December 31, 2017.\n",
        language="en",
    )
    assert value(found, "initial_term") is None
    assert value(found, "end_date") is None


def test_the_earlier_of_the_events_below_and_a_split_ordinal_anniversary() -> None:
    found = terms(
        "COOPERATION AGREEMENT\nThis Agreement is made as of June 2, 2015.\n\n6.2 This Agreement "
        "shall remain in effect until the earlier of the below events occur: (a) The fifth (5t h) "
        "anniversary of this Agreement; and (b) the Investor ceasing to own shares.\n",
        language="en",
    )
    assert value(found, "end_date") == "2020-06-02"
    assert found["end_date"].confidence < 0.7  # the earlier of a date and an event: to check


def test_a_start_of_the_original_contract_is_not_this_ones() -> None:
    found = terms(
        "MAINTENANCE CONTRACT\nThis contract replaces in full the Annex 7 which was an integral "
        "part of the original Swisscom PURCHASE & LICENSE CONTRACT, made effective on 06 April "
        "1998.\n2. Duration. It shall be effective on 06 October 2000 and shall have a duration of "
        "two years.\n",
        language="en",
    )
    assert value(found, "start_date") == "2000-10-06"


def test_an_amendment_dated_under_its_title_not_the_agreement_it_amends() -> None:
    found = terms(
        "AMENDMENT NO. 2\n\n\n\nDated as of March 27, 2006\n\n\n\nReference is hereby made to "
        "that certain fully executed Wireless Content License Agreement Number 12965 dated as of "
        "December 16, 2004, as amended November 11, 2005, (“Agreement”), between Fox Inc. and "
        "Glu Inc. The parties agree to modify the Agreement as follows.\n",
        language="en",
    )
    assert value(found, "signing_date") == "2006-03-27"


def test_a_document_named_with_a_is_another_document() -> None:
    found = terms(
        "REMARKETING AGREEMENT\n\nThe Company issued the Units pursuant to a Unit Agreement (the "
        "“Unit Agreement”) dated as of December 18, 2001. The Trust was formed pursuant to a "
        "trust agreement dated as of February 8, 2001.\n",
        language="en",
    )
    assert value(found, "signing_date") is None


def test_a_document_dated_after_its_nested_defined_names_is_another_document() -> None:
    filler = "The Company issued units to the Underwriters, who will remarket them. " * 22
    found = terms(
        "AMENDED AND RESTATED REMARKETING AGREEMENT\n\nFebruary 15, 2011\n\nBarclays Capital "
        "Inc.\n\nLadies and Gentlemen:\n\n" + filler + "\n\nThe Trust is governed by the Original "
        "Trust Agreement, as amended and restated by the Amended and Restated Trust Agreement (the "
        '"Amended and Restated Trust Agreement" and, together with the Original Trust Agreement, '
        'the "Trust Agreement")) dated as of December 18, 2001, among the Company and the '
        "Trustee.\n",
        language="en",
    )
    assert value(found, "signing_date") == "2011-02-15"


def test_a_term_that_lasts_as_long_as_another_agreement_and_perpetual_secrecy() -> None:
    found = terms(
        "SUPPLY AGREEMENT\nThis Agreement is made as of May 1, 2019.\n\n15. Term. This Agreement "
        "comes into force as of the Effective Date and shall remain valid during the term of the "
        "LSA.\n\n9.1.1 All Confidential Information furnished during the term of this Agreement "
        "shall be kept confidential and not used except as authorised by this Agreement, and "
        "shall not be disclosed to any third party in perpetuity.\n",
        language="en",
    )
    assert value(found, "end_date") == "indefinite"
    assert "LSA" in found["end_date"].evidence.quote  # read from the term, not the secrecy clause
    assert found["end_date"].confidence < 0.6


def test_end_dates_of_counting_periods_and_quotes_are_not_the_terms() -> None:
    found = terms(
        "SPONSORSHIP AGREEMENT\nThis Sponsorship Agreement dated as of January 29, 2007 (the "
        "“Effective Date”) is by and between Acme Inc. and Zenith Corp.\n1. Definitions. "
        "“Processing Year 1” means the period commencing on the Effective Date and ending on June "
        "30, 2007.\n2. Term. The initial term of this Agreement shall be four (4) Processing Years "
        "commencing on the Effective Date of this Agreement and ending on June 30, 2010.\n3. Fees. "
        "The fee is computed by the following formula for the period from the Effective Date "
        "through September 30, 2007.\n4. Quotes. The Quote issued by Acme in relation to a "
        "customer shall remain valid for at least six months.\n",
        language="en",
    )
    assert value(found, "end_date") == "2010-06-30"
    assert value(found, "initial_term") != "P6M"


def test_a_date_filled_into_a_blank() -> None:
    found = terms(
        "EXCLUSIVE DISTRIBUTOR AGREEMENT\nTHIS EXCLUSIVE DISTRIBUTOR AGREEMENT (the “Agreement”) "
        "shall be effective as of _Dec. 8, 2005 (hereinafter “Effective Date”), by and between "
        "Acme Inc. and Zenith Corp.\n",
        language="en",
    )
    assert value(found, "start_date") == "2005-12-08"


def test_the_sooner_of_a_period_and_records_kept_after_the_term() -> None:
    found = terms(
        "CONSULTING AGREEMENT\nThis Consulting Agreement is made and entered into as of May 1, "
        "2019 (“Effective Date”).\n\n3. Term. The initial term of this Agreement shall be the "
        "sooner of six (6) months from the Effective Date, or replacement of this Agreement with "
        "a subsequent agreement.\n\n9. Records. Consultant keeps written records of all "
        "Inventions made during the term of this Agreement, and for a period of three (3) years "
        "thereafter.\n",
        language="en",
    )
    assert value(found, "initial_term") == "P6M"
    assert found["initial_term"].confidence < 0.9  # "the sooner of": at most six months


def test_an_anniversary_in_a_list_under_the_earlier_of() -> None:
    found = terms(
        "COOPERATION AGREEMENT\nThis Agreement is made as of June 2, 2015.\n\n6.2 This Agreement "
        "shall remain in effect until the earlier of the below events occur:\n\n (a) The fifth "
        "(5t h) anniversary of this Agreement; and\n\n (b) the Investor ceasing to own shares.\n",
        language="en",
    )
    assert value(found, "end_date") == "2020-06-02"
    assert found["end_date"].confidence < 0.7  # the earlier of a date and an event


@pytest.mark.parametrize(
    ("sentence", "kind", "period"),
    [
        (
            "The term of this Agreement shall be for one (1) year commencing on the Effective Date "
            "and automatically renewing annually thereafter, unless either party provides a "
            "thirty-day notice of written termination.",
            "automatic",
            "P1Y",
        ),
        (
            "This Agreement shall remain in force until one (1) year after the Effective Date. "
            "Furthermore, for a thirty (30) day period, beginning thirty (30) days prior to the "
            "first anniversary of this Agreement, Tickets shall have the right to renew the "
            "Agreement for another year.",
            "option",
            "P1Y",
        ),
        (
            "This Agreement shall have an initial term of three (3) years, and may be renewed for "
            "successive one (1) year terms pursuant to mutual written agreement of the parties, "
            "unless terminated earlier pursuant to this Section 12.1.",
            "option",
            "P1Y",
        ),
    ],
)
def test_renewals_annually_for_another_year_and_by_mutual_agreement(
    sentence: str, kind: str, period: str
) -> None:
    found = terms(MADE_2011 + "2. Term. " + sentence + "\n", language="en")
    assert (value(found, "renewal")["type"], value(found, "renewal")["period"]) == (kind, period)


@pytest.mark.parametrize(
    "text",
    [
        "DISTRIBUTOR AGREEMENT\nThis Agreement is entered into by and between Accuray "
        "Incorporated (“Accuray”), and Siemens AG, a corporation with its registered offices "
        "located at Berlin and Munich (“Siemens”), as of June 8, 2010 (“Effective Date”).\n",
        "SUPPLY AGREEMENT\nBetween Apollo Inc. and Establishment Labs S.A.\n1. Definitions\n1.5 "
        "“Effective Date” shall mean June 8, 2010.\n",
    ],
)
def test_a_fixed_effective_date_stands_in_for_an_undated_signing(text: str) -> None:
    found = terms(text, language="en")
    assert value(found, "start_date") == "2010-06-08"
    assert value(found, "signing_date") == "2010-06-08"
    assert found["signing_date"].confidence == 0.5  # to be checked


def test_another_named_agreement_remaining_in_effect_gives_no_start() -> None:
    found = terms(
        MADE_2011 + "9. Other hosting. The Company shall not be deemed in breach of this Agreement "
        "by virtue of the Globix Agreement remaining in effect after this Agreement has been "
        "executed by both Parties.\n",
        language="en",
    )
    assert value(found, "start_date") is None


@pytest.mark.parametrize(
    ("sentence", "field", "expected"),
    [
        # the notice of the party that may extend is the option's exercise notice
        (
            "Either party, if not in default, may extend the term of this Agreement for an "
            "additional one year, provided the extending party gives the other party at least "
            "sixty (60) days written notice.",
            "exercise_notice",
            "P60D",
        ),
        # "prior to any year's Expiration Date"
        (
            "The Term will automatically renew for successive periods of one (1) year each, "
            "provided that neither party provided the other party with notice of its intention "
            "not to renew this Agreement at least thirty (30) days prior to any year's Expiration "
            "Date.",
            "notice_period",
            "P30D",
        ),
    ],
)
def test_exercise_notice_and_a_yearly_expiration_date(
    sentence: str, field: str, expected: str
) -> None:
    found = terms(MADE_2011 + "2. Term. " + sentence + "\n", language="en")
    got = value(found, "renewal")["exercise_notice"] if field == "exercise_notice" else (
        value(found, "notice_period")
    )
    assert got == expected


def test_a_cure_period_before_the_end_of_such_period_is_no_notice_period() -> None:
    found = terms(
        MADE_2011 + "2. Term. This Agreement shall automatically renew for each subsequent "
        "one-year term.\n18. Termination. (a) Either party shall have the right to terminate this "
        "Agreement after thirty (30) days written notice to the other in the event the other is "
        "in breach of this Agreement unless the breaching party cures the breach before the "
        "expiration of such period.\n",
        language="en",
    )
    assert value(found, "notice_period") is None


def test_executed_as_of_the_date_first_above_and_effective_simultaneously() -> None:
    found = terms(
        "INTELLECTUAL PROPERTY AGREEMENT\nThis Agreement is entered into in ShenZhen on February "
        "08, 2007 between the following two parties.\n6.1 This Agreement has been duly executed "
        "as of the date first set forth above and shall be effective simultaneously.\n",
        language="en",
    )
    assert value(found, "start_date") == "2007-02-08"


def test_extending_a_date_of_its_own_is_no_renewal() -> None:
    found = terms(
        MADE_2011 + "4. Conversion. TAG may extend the Conversion Date to a date that is six (6) "
        "months after the transition of the services.\n",
        language="en",
    )
    assert value(found, "renewal") is None


def test_a_term_of_exclusivity_that_expires_is_not_the_contracts_end() -> None:
    found = terms(
        "AMENDMENT NO. 1\nDated as of November 11, 2005\n\n3. EXCLUSIVITY. Licensee's term of "
        "exclusivity with respect to the Video Clips shall expire on October 29, 2005.\n",
        language="en",
    )
    assert value(found, "end_date") is None
    found = terms(
        "LICENSE AGREEMENT\nThis Agreement is made as of May 1, 2004.\n\n9. Term. This Agreement "
        "shall expire on December 31, 2006; the exclusivity granted in Section 2 ends with it.\n",
        language="en",
    )
    assert str(value(found, "end_date")) == "2006-12-31"


def test_executed_on_their_behalf_this_day_is_the_signing_date() -> None:
    found = terms(
        "JOINT FILING AGREEMENT\nThe undersigned agree to the joint filing of a statement on "
        "Schedule 13G. In evidence whereof, the undersigned have caused this Agreement to be "
        "executed on their behalf this 7th day of April, 2020.\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "2020-04-07"


def test_notice_of_a_party_that_wishes_to_extend_is_the_options_exercise_notice() -> None:
    found = terms(
        "ENDORSEMENT AGREEMENT\nThis Agreement is made as of June 15, 2015.\n\n2. Term. The "
        "initial term of this Agreement shall be for a period of four (4) years, commencing on the "
        "Effective Date, which term may be extended for up to three (3) years by written agreement "
        "of both Parties. In the event that either Party wishes to extend the Term, it shall "
        "provide the other Party with written notice at least ninety (90) days prior to the "
        "expiration of the Term.\n",
        language="en",
    )
    assert value(found, "renewal")["type"] == "option"
    assert value(found, "renewal")["exercise_notice"] == "P90D"
    assert value(found, "notice_period") is None


def test_date_after_a_signature_mark_is_a_signing_date() -> None:
    found = terms(
        "Cooperation Agreement\nParty A: People's Government of Anxi County\nParty B: Lanshan "
        "Solar Energy Co., Ltd.\nI. Party A supports the project.\n\nParty A: People's Government "
        "of Anxi County (seal) Li Wen (signature) June 25, 2014\nParty B: Lanshan Solar Energy "
        "Co., Ltd. (seal) Zhou Min (signature) June 27, 2014\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "2014-06-27"


def test_date_labels_of_signature_columns_run_together() -> None:
    found = terms(
        "SUPPLY AGREEMENT\nThis Agreement is made by and between Alpha Farms LLC and Beta Foods, "
        "Inc.\n1. Effective Date: March 1, 2020.\nIN WITNESS WHEREOF, the Parties have executed "
        "this Agreement. Alpha Farms LLC Beta Foods, Inc. BY: /s/ A. Gallo BY: /s/ T. Orr Date: "
        "1/26/2020 Date: 1/27/2020 Name: A. Gallo Name: T. Orr\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "2020-01-27"
    assert str(value(found, "start_date")) == "2020-03-01"


@pytest.mark.parametrize(
    "sentence",
    [
        "For purposes of this Agreement, “Standstill Period” shall mean the period commencing on "
        "the date of this Agreement and ending on the date of the annual meeting.",
        "Except as otherwise contemplated in this Agreement, at all times during the period "
        "commencing on the date hereof and ending on the date of the annual meeting, the "
        "Investor shall vote its shares.",
    ],
)
def test_a_period_of_its_own_that_begins_on_the_agreements_date_is_no_start(
    sentence: str,
) -> None:
    found = terms(
        "COOPERATION AGREEMENT\nThis Agreement, dated as of June 27, 2017, is made by Meet Corp. "
        f"and Harvest LP.\n1. Board Matters. {sentence}\n",
        language="en",
    )
    assert value(found, "start_date") is None
    found = terms(
        "COOPERATION AGREEMENT\nThis Agreement, dated as of June 27, 2017, is made by Meet Corp. "
        "and Harvest LP.\n1. Term. This Agreement shall remain in effect for the period commencing "
        "on the date hereof and ending on December 31, 2018.\n",
        language="en",
    )
    assert str(value(found, "start_date")) == "2017-06-27"


def test_effect_upon_the_signatures_and_seals_of_both_parties() -> None:
    found = terms(
        "TRANSPORTATION AGREEMENT\nParty A: Alpha Express Co., Ltd.\nParty B: Beta Logistics "
        "Ltd.\n1. Party B transports the goods.\n9. This Agreement takes effect upon the "
        "signatures and seals of both Parties in triplicate.\nParty A: Alpha Express Co., Ltd. "
        "Company seal: /s/ Date: December 22, 2014\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "2014-12-22"
    assert str(value(found, "start_date")) == "2014-12-22"


def test_the_date_of_an_appendix_after_the_signatures_is_no_signing_date() -> None:
    found = terms(
        "FIRM TRANSPORTATION AGREEMENT\nThis Agreement is between Lakes Gas LP and River "
        "Pipeline Company.\n1. TERM: November 01, 2014 to October 31, 2017\nAGREED TO BY:\n"
        "LAKES GAS LP\n/s/ Steven Jay\nRIVER PIPELINE COMPANY\n/s/ Joe Pollard\n\n"
        "Dated: December 14, 2015 Dated: December 14, 2015\n\n\nAPPENDIX A\n\nContract "
        "Identification FT18150\n\nDate: November 01, 2016 Supersedes Appendix Dated: "
        "November 01, 2015\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "2015-12-14"


def test_made_and_effective_for_all_purposes_and_in_all_respects_as_of() -> None:
    found = terms(
        "SECOND AMENDMENT\nTHIS SECOND AMENDMENT (this “Amendment”) is made and entered into, "
        "effective for all purposes and in all respects as of the 23rd day of February, 1998, by "
        "and between PC Star, Inc. and A.B. Lane, Inc.\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "1998-02-23"
    assert str(value(found, "start_date")) == "1998-02-23"


def test_preamble_date_after_the_last_partys_defined_term() -> None:
    found = terms(
        "Reseller Agreement\n\nThis Agreement is made and entered into by and between 695014 B.C. "
        "Ltd., having a principal office at 200 Water Street, Vancouver (“Galaxy”) and Telnet SRL, "
        "having a principal office at Aleea Malinului, Nr. 11, Bl. D, Constanta, Romania "
        "(“Telnet”) as of the 1st day of June, 2004.\n\nWHEREAS: Galaxy sells services.\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "2004-06-01"


def test_the_date_an_unnamed_earlier_agreement_was_executed_is_not_this_ones() -> None:
    found = terms(
        "INTELLECTUAL PROPERTY AGREEMENT\nThis Intellectual Property Agreement (this “Agreement”) "
        "is entered into on May 12, 2020 (“Effective Date”) by Marv LLC and Premier, Inc.\n"
        "WHEREAS, Premier has an Exclusive License via an Agreement executed by Marv and Premier "
        "on May 12, 2010 (“2010 Agreement”).\n",
        language="en",
    )
    assert str(value(found, "signing_date")) == "2020-05-12"


def test_a_renewal_a_party_chooses_is_an_option_even_when_it_then_runs_automatically() -> None:
    found = terms(
        MADE_2011 + "2. Term. The initial term shall end on the fifth anniversary of the "
        "Effective Date. MBE shall have the right to elect by written notice to the Company at "
        "any time between two (2) and six (6) months prior to the end of such initial term to "
        "notify the Company that MBE elects to seek to extend such term for additional two "
        "(2)-year periods (each a “Renewal Period”). If MBE notifies the Company of its intent to "
        "so renew prior to the end of such initial term, the term of this Agreement shall "
        "automatically be extended for the Renewal Period.\n",
        language="en",
    )
    renewal = value(found, "renewal")
    assert (renewal["type"], renewal["period"]) == ("option", "P2Y")
    assert renewal["exercise_notice"] == "P6M"
    assert value(found, "notice_period") is None


def test_a_stated_option_wins_over_an_offer_and_a_denied_right() -> None:
    found = terms(
        MADE_2011 + "3.1 Initial Term. The initial term of this Agreement shall expire ten (10) "
        "years from the Effective Date. You shall have no right or option to extend or renew the "
        "term of this Agreement except as provided in Section 3.2.\n3.2 Options to Renew. You "
        "shall have the option to renew the term of this Agreement for four (4) additional ten "
        "(10) year terms, upon written notice given by you to us not less than six (6) months "
        "prior to the scheduled expiration date.\n3.3 Renewal of Existing Agreement. If we are "
        "revising our form of agreement, we may offer to extend the term of this Agreement on a "
        "month-to-month basis following the expiration of the term.\n",
        language="en",
    )
    renewal = value(found, "renewal")
    assert (renewal["type"], renewal["period"], renewal["max"]) == ("option", "P10Y", 4)


@pytest.mark.parametrize(
    "sentence",
    [
        "At least one (1) year before the expiration of the Initial Term, we agree to give you "
        "written notice of any deficiencies in your operation that could cause us not to renew.",
        "MBRK may terminate this Agreement upon 60 days notice for a Change of Control.",
        "Should you choose to renew the Franchise, you must provide us with written notice of that "
        "intent no later than one (1) year before the expiration of the Initial Term.",
    ],
)
def test_notices_that_are_no_notice_period(sentence: str) -> None:
    found = terms(
        MADE_2011 + "2. Term. This Agreement shall have an initial term of ten (10) years and "
        "shall automatically renew for each subsequent one-year term. " + sentence + "\n",
        language="en",
    )
    assert value(found, "notice_period") is None


def test_end_of_a_year_period_from_the_effective_date_to_a_date_the_earlier_of() -> None:
    found = terms(
        "DISTRIBUTION AGREEMENT\nThis Agreement is effective as of 1 August 2011 (the “Effective "
        "Date”).\n1. Definitions. “Term” means the earlier of: (a) the end of the two year period "
        "from the Effective Date to 31 July 2013; or (b) the last day of the calendar month within "
        "which the Maximum Distribution Commitment is reached.\n",
        language="en",
    )
    assert str(value(found, "end_date")) == "2013-07-31"
    assert found["end_date"].confidence <= 0.6  # an event may end it sooner: to check
    found = terms(
        MADE_2011 + "4. Fees. Licensee shall pay (a) the following formula for the period from "
        "the Effective Date through September 30, 2011: ten percent of sales.\n",
        language="en",
    )
    assert value(found, "end_date") is None


def test_a_period_during_which_something_is_done_does_not_start_the_contract() -> None:
    found = terms(
        "PROMOTION AGREEMENT\nCharity Tunes agrees that during the period beginning October 1, "
        "2009 and ending March 31, 2010, Charity Tunes shall not enable another food company to "
        "sponsor the program.\n",
        language="en",
    )
    assert value(found, "start_date") is None


@pytest.mark.parametrize(
    "head",
    [
        "TRANSPORTATION CONTRACT\nSPECIFIC CONDITIONS\n\nDate Bogota D.C. January 30, 2012\n\n",
        "HOSTING AGREEMENT\n\nHosting Agreement between ELEPHANT TALK and T-Mobile, 30/1/2012\n\n",
    ],
)
def test_a_line_near_the_top_that_dates_the_document(head: str) -> None:
    found = terms(head + "1. Purpose. The Sender ships crude oil.\n", language="en")
    assert str(value(found, "signing_date")) == "2012-01-30"
    assert found["signing_date"].confidence <= 0.5


def test_contract_start_and_end_rows() -> None:
    found = terms(
        "CONTENT LICENSE AGREEMENT\n2. Term\n2.1 Contract start: 04-01-06\n2.2 Contract end: "
        "04-01-08\n",
        language="en",
    )
    assert (str(value(found, "start_date")), str(value(found, "end_date"))) == (
        "2006-04-01",
        "2008-04-01",
    )


def test_a_holdover_required_by_law_and_a_right_not_to_renew_are_no_renewal() -> None:
    found = terms(
        MADE_2011 + "5. Term. The initial term of this Agreement shall be ten (10) years. Pretzel "
        "Time may, at its option, with reasonable cause and upon written notice, elect not to "
        "renew the Franchise Agreement. If applicable law requires that Pretzel Time give longer "
        "notice to Franchisee prior to the expiration of the term than is specified in the "
        "Franchise Agreement, the Franchise Agreement will remain in effect on a month-to-month "
        "basis until the requisite notice has been given.\n",
        language="en",
    )
    assert value(found, "renewal") is None


def test_an_automatic_renewal_the_law_requires_is_a_renewal() -> None:
    found = terms(
        MADE_2011 + "F. Termination. 2. This Agreement shall terminate, subject to any automatic "
        "renewal or extension for one year as required by law, upon either party giving at least "
        "one hundred twenty (120) days advance written notice to the other.\n",
        language="en",
    )
    assert value(found, "renewal")["period"] == "P1Y"


def test_effective_dates_label_and_representations_made_as_of_execution() -> None:
    found = terms(
        "CONTENT LICENSE AGREEMENT\nEffective Dates: September 1, 2006, August 31, 2007\n",
        language="en",
    )
    assert str(value(found, "start_date")) == "2006-09-01"
    found = terms(
        "LICENSE AGREEMENT\nThis Agreement is entered into as of June 12, 2019 (the “Execution "
        "Date”) by and between Eta Inc. and Auk Inc.\n12.3 Other than the representations of "
        "Sections 12.1.5 and 12.2.13, which are made as of the date of execution of this "
        "Agreement, all representations shall be true on the Effective Date.\n",
        language="en",
    )
    assert value(found, "start_date") is None


def test_two_signature_dates_on_one_line_and_the_date_last_written_below() -> None:
    text = (
        "DISTRIBUTOR AGREEMENT\n\nThis Nonexclusive Value Added Distributor Agreement "
        '("Agreement"), between A Inc., a South Carolina corporation ("Distributor"), and B Inc., '
        'a California corporation ("Cisco") is entered into as of the date last written below '
        '("the Effective Date").\n\nA Inc. B Inc. By: /s/ J. Yelton By: /s/ F. Calderon Name: J. '
        "Yelton Name: F. Calderon Title: VP Title: VP\n\nDate: 1/19/07 Date: January 22, 2007\n\n"
        "1.0 DEFINITIONS.\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2007-01-22"  # the later of the two signatures
    assert value(found, "start_date") == "2007-01-22"


def test_effective_when_counterparts_have_been_signed_by_each_party() -> None:
    text = (
        "INTELLECTUAL PROPERTY AGREEMENT\n\nThis INTELLECTUAL PROPERTY AGREEMENT is dated as of "
        "September 27, 2018 by and between A Inc. and B Inc.\n\n11.5 Counterparts. This Agreement "
        "may be executed in one or more counterparts, all of which counterparts shall be "
        "considered one and the same agreement, and shall become effective when one or more "
        "counterparts have been signed by each Party and delivered to the other Party.\n"
    )
    assert value(terms(text, language="en"), "start_date") == "2018-09-27"


@pytest.mark.parametrize(
    "sentence",
    [
        "6. Term. This Agreement shall become effective as of the day and year first above written "
        "and shall govern the relations between the parties hereto thereafter.",
        "WHEREAS, it is agreed that this Agreement is to be effective as of the date first listed "
        "above;",
    ],
)
def test_effective_as_of_the_day_and_year_first_above_written(sentence: str) -> None:
    text = (
        "SPONSORSHIP AGREEMENT\n\nThis Sponsorship Agreement is made as of February 4, 2005 by "
        "and between A Trust and B Inc.\n\n" + sentence + "\n"
    )
    assert value(terms(text, language="en"), "start_date") == "2005-02-04"


def test_effective_date_means_the_date_of_last_signature() -> None:
    text = (
        "RESELLER AGREEMENT\n\nThis Reseller Agreement is entered into by A Inc. and B Ltd.\n\n"
        '1. Definitions. "Effective Date" means the date of last signature on this Agreement.\n\n'
        "A Inc. By: /s/ J. Doe Name: J. Doe Title: CEO Date: 04/20/2018\n\n"
        "B Ltd. By: /s/ R. Roe Name: R. Roe Title: CFO Date: 04/25/2018\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2018-04-25"
    assert value(found, "start_date") == "2018-04-25"


def test_effective_date_written_as_one_word_and_a_term_sheet_signed_earlier() -> None:
    text = (
        "DEVELOPMENT AGREEMENT\n\nThis Development Agreement is entered into on April 15 , 2010 "
        '("EffectiveDate") by and between Cargill, Incorporated and Bioamber S.A.S.\n\n'
        '4.1 "Confidential Information" means all information related to the Work Plan and the '
        "Term Sheet executed by the parties on December 4, 2009.\n\n"
        "10.1 This Development Agreement will begin on the Effective Date and continue for four "
        "(4) years unless earlier terminated.\n"
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2010-04-15"
    assert value(found, "signing_date") == "2010-04-15"
    assert value(found, "initial_term") == "P4Y"


def test_exclusive_rights_granted_for_a_term_are_not_the_contract_term() -> None:
    text = (
        "SUPPLY AGREEMENT\n\nTHIS AGREEMENT is made on the 15th day of January 2018.\n\n"
        "1.1 Commencement This agreement commences upon execution of this document. 1.2 Term "
        "This agreement is for a term of ten (10) years.\n\n"
        "13.2 The Manufacturer grants exclusive rights to the Customer for the term of five (5) "
        "years from the date of the signing of this agreement.\n"
    )
    found = terms(text, language="en")
    assert value(found, "initial_term") == "P10Y"
    assert found["initial_term"].evidence.quote.startswith("1.2 Term")


def test_a_defined_contract_period_ends_the_term_before_a_services_period() -> None:
    text = (
        "ENDORSEMENT AGREEMENT\n\nTHIS ENDORSEMENT AGREEMENT by and between A Inc. and B Bank.\n\n"
        "1. DEFINITIONS. The following terms shall be defined in the Agreement as follows: a) "
        '"CONTRACT PERIOD" means that period of time commencing upon the full execution of this '
        "Agreement by both Parties and terminating on May 31, 2016 unless sooner terminated "
        'under this Agreement. b) "SERVICES PERIOD" means that period of time commencing upon the '
        "full execution of this Agreement by both Parties and terminating on May 31, 2014 unless "
        'sooner terminated under this Agreement. c) "FINANCIAL SERVICES" shall mean banking and '
        "insurance products offered by B Bank.\n"
    )
    assert value(terms(text, language="en"), "end_date") == "2016-05-31"


def test_a_convention_signed_on_its_own_date_is_not_the_signing() -> None:
    text = (
        "JOINT SUPPLY AND MARKETING AGREEMENT\n\nThis Agreement is made and entered into this 10th "
        "day of January, 2020 between A Inc. and B Inc.\n\n18.1 Each Party will comply with the "
        "principles described in the Convention on Combating Bribery of Foreign Public Officials "
        "in International Business Transactions signed in Paris in December 19, 1997, which "
        "entered into force on February 15, 1999.\n"
    )
    assert value(terms(text, language="en"), "signing_date") == "2020-01-10"


def test_a_place_and_date_right_after_the_witness_clause_is_the_signing() -> None:
    text = (
        "JOINT VENTURE AGREEMENT\n\nThis Agreement is entered into by Kiromic Inc. and Molipharma "
        "s.r.l.\n\n1. The Parties shall cooperate.\n\nIN WITNESS WHEREOF, Parties have severally "
        "subscribed to these articles by their respective officers thereunto duly authorized.\n\n"
        "Rome/Houston, 2 April 2020 Kiromic Inc. Molipharma s.r.l.\n\n"
        "Prof Maurizio Chiriva Avv. Giovanni Meliado -17-\n"
    )
    assert value(terms(text, language="en"), "signing_date") == "2020-04-02"


def test_a_letter_agreements_date_over_the_address_and_salutation() -> None:
    text = (
        "Exhibit 1.1   400,000 Shares   ACME GROWTH REIT, INC.   AGENCY AGREEMENT   May 25, 2016   "
        "Compass Research & Trading, LLC 1055 Jefferson Street N.W. Suite 303 Washington, DC 20007"
        "   As Sales Agent   Dear Ladies and Gentlemen:   Acme Growth REIT, Inc. (the "
        '"Company") agrees with you as follows.\n'
    )
    assert value(terms(text, language="en"), "signing_date") == "2016-05-25"


@pytest.mark.parametrize(
    ("block", "signed"),
    [
        (
            "By: /s/ P. Barry          By: /s/ M. Gray\n\nPatrick C. Barry   1/9/02   Maura Lynch "
            "Gray   1/14/02 ------------- ------------- Name (type or print)   Date\n",
            "2002-01-14",
        ),
        (
            "/s/ J. Staboch     /s/ J. Huc Signature     Signature\n\nVP     Director Title     "
            "Title\n\nDecember 8, 2005     December 7, 2005 ---------- ---------- Date   Date\n",
            "2005-12-08",
        ),
        (
            "Acme Inc.   JOHN CECIL   Signature   John Cecil   Name   Chairman & CEO   Title   "
            "Markham, ON 24 OCT 2011   Place Date   Petro Ltd.\n",
            "2011-10-24",
        ),
    ],
)
def test_signature_dates_with_their_labels_run_in_after_them(block: str, signed: str) -> None:
    text = (
        "HOSTING AGREEMENT\n\nThis Agreement is entered into by A Inc. and B Inc.\n\n"
        "1. Services. A shall host the website of B.\n\n" + block
    )
    assert value(terms(text, language="en"), "signing_date") == signed


def test_effective_on_the_day_after_the_last_signature() -> None:
    text = (
        "HOSTING AGREEMENT\n\nThis Agreement will be effective beginning on 12:01 a.m., Eastern "
        "Time, on the day after the date of last signature to these Base Terms (\"Effective "
        'Date") and ending on the expiration date.\n\nBy: /s/ P. Barry\n\nDate: January 14, 2002\n'
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2002-01-14"
    assert value(found, "start_date") == "2002-01-15"


def test_an_earlier_period_ending_does_not_hide_the_terms_end() -> None:
    text = (
        "JOINT SUPPLY AND MARKETING AGREEMENT\n\n3.2 If the last ledger statement includes the "
        "three-month period ending on September 30, 2019, the first ledger statement shall also "
        "include October 2019.\n\n5.1 The term of this JSMA shall commence on May 1, 2020 (the "
        '"Commencement Date") and ends at April 30, 2029 (the "Term").\n'
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2020-05-01"
    assert value(found, "end_date") == "2029-04-30"


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        (
            "12.1 Unless sooner terminated, the initial term of this Agreement (\"Initial Term\") "
            "will be ten (10) years from the Effective Date.",
            "P10Y",
        ),
        (
            "4. The Initial Term of this Technical Infrastructure Maintenance Agreement is twelve "
            "months, commencing on the Effective Date.",
            "P12M",
        ),
    ],
)
def test_the_initial_term_of_this_named_agreement_is(sentence: str, term: str) -> None:
    text = (
        "MAINTENANCE AGREEMENT\n\nThis Agreement is entered into as of January 10, 2020 (the "
        '"Effective Date") by and between A Inc. and B Inc.\n\n' + sentence + "\n"
    )
    assert value(terms(text, language="en"), "initial_term") == term


@pytest.mark.parametrize(
    "sentence",
    [
        '1.37 "Contract Year" means (a) with respect to the first Contract Year, the period of '
        "time commencing on the Effective Date and ending on September 30, 2020 and (b) each "
        "subsequent twelve months.",
        "The Company has operated in conformity with the requirements for taxation as a real "
        "estate investment trust for its taxable years ended December 31, 2010 through December "
        "31, 2015.",
    ],
)
def test_an_accounting_period_ending_is_not_the_contracts_end(sentence: str) -> None:
    text = (
        "COLLABORATION AGREEMENT\n\nThis Agreement is effective as of September 13, 2019 "
        '("Effective Date") and is between A Inc. and B Inc.\n\n' + sentence + "\n"
    )
    assert value(terms(text, language="en"), "end_date") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "8. DURATION\n\nThis JV Agreement shall become effective on the signing date and shall "
        "have a duration of three years.",
        '(c) This Agreement shall be effective on the date of signed acceptance ("Effective Date") '
        "by MMMW.",
        "22.2 The Agreement shall become effective upon the completion of the execution by both "
        'Parties (hereinafter referred to as the "Effective Date").',
    ],
)
def test_effective_on_the_signing_said_in_other_words(sentence: str) -> None:
    text = (
        "COLLABORATION AGREEMENT\n\nThis Agreement is entered into by A Co., Ltd. and B Co., "
        "Ltd.\n\n" + sentence + "\n\nParty A: A Co., Ltd. /s/ A Co., Ltd. [signature "
        "authenticated by third party document depository on December 17, 2018]\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2018-12-17"
    assert value(found, "start_date") == "2018-12-17"


def test_a_stray_full_stop_between_month_and_year_keeps_one_sentence() -> None:
    text = (
        "STRATEGIC ALLIANCE AGREEMENT\n\nThis STRATEGIC ALLIANCE AGREEMENT is made and entered "
        'into this 16 day of August. 2012 (the "Effective Date") by and between A Corp. and B.\n'
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2012-08-16"


def test_a_duration_and_notice_before_the_natural_expiry_date() -> None:
    text = (
        "JOINT VENTURE AGREEMENT\n\nThis Agreement is made on 2 April 2020 by A Inc. and B srl.\n\n"
        "8. DURATION\n\nThis JV Agreement shall become effective on the signing date and shall "
        "have a duration of three years, extendable for a further three years, unless notice of "
        "non-renewal is sent one year before the natural expiry date.\n"
    )
    found = terms(text, language="en")
    assert value(found, "initial_term") == "P3Y"
    assert value(found, "notice_period") == "P1Y"


def test_a_blank_line_after_an_abbreviation_still_ends_the_quoted_sentence() -> None:
    text = (
        "AGREEMENT\n\nThis Agreement is entered into as of January 10, 2020 (the \"Effective "
        'Date") by A Inc. and B Inc.\n\n12.1 Unless sooner terminated, the initial term of this '
        'Agreement ("Initial Term") will be ten (10) years from the Effective Date.\n'
    )
    found = terms(text, language="en")
    assert found["start_date"].evidence.quote.endswith("by A Inc. and B Inc.")
    assert found["initial_term"].evidence.quote.startswith("12.1 Unless sooner terminated")


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        (
            'This Agreement shall be effective on the later of the dates that it is executed by A '
            'and B (the "Effective Date").',
            "2017-04-28",
        ),
        ("1. Definitions. Commencement Date means the date of this Agreement;", "2017-04-20"),
        (
            "The Effective Date of this Agreement shall be the later of the dates shown by the "
            "signatures below.",
            "2017-04-28",
        ),
    ],
)
def test_start_on_the_later_signature_or_on_the_agreements_date(sentence: str, start: str) -> None:
    text = (
        "STRATEGIC ALLIANCE AGREEMENT\n\nTHIS AGREEMENT IS MADE ON THE 20 DAY OF APRIL, 2017 "
        "between A Inc. and B Inc.\n\n" + sentence + "\n\nA Inc. By: /s/ J. Doe Date: 4/26/2017\n\n"
        "B Inc. By: /s/ R. Roe Date: 4/28/2017\n"
    )
    assert value(terms(text, language="en"), "start_date") == start


@pytest.mark.parametrize(
    "sentence",
    [
        # the end of a phase of the work
        "3.3 Phases of Cooperation. Phase I will commence on August 1, 2010 and end on July 31, "
        "2011.",
        # the end of a renewal period the parties may choose
        "8.1 The Company may renew this Agreement on the same terms and conditions for one (1) "
        "additional five year period that shall begin on January 1, 2015 and end on December 31, "
        "2019, by providing a written notice of its intent to renew.",
        # a purchase commitment during the term
        'During the Term of this Agreement, Buyer shall be required to purchase a Minimum Annual '
        'Order Volume ("MAOV") for the twelve-month period commencing July 1, 2010 and ending '
        "June 30, 2011.",
    ],
)
def test_the_end_of_something_else_is_no_end_date(sentence: str) -> None:
    text = (
        "AGREEMENT\n\nThis Agreement is made as of January 1, 2010 by A Inc. and B Inc.\n\n"
        "1. Term. The term of this Agreement shall begin on January 1, 2010 and continue for an "
        "initial period of five (5) years.\n\n" + sentence + "\n"
    )
    found = terms(text, language="en")
    assert "end_date" not in found
    assert value(found, "initial_term") == "P5Y"  # the dossier computes 2014-12-31 from it


def test_the_term_of_the_cooperation_is_the_initial_term() -> None:
    text = (
        "INTERNET CHANNEL COOPERATION AGREEMENT\n\nThis Agreement is dated April 29, 2010.\n\n"
        "ARTICLE III TERM OF THIS AGREEMENT\n\n3.1 Term\n(a) This Agreement will be effective as "
        "of the date of its execution, and term of the Cooperation will be four years from the "
        "date on which the channel is uploaded.\n\nARTICLE X TERMINATION\n\n10.1 If Party B elects "
        "to terminate this Agreement, it will notify Party A in writing and this Agreement will "
        "terminate upon receipt of such written notice by Party A.\n"
    )
    found = terms(text, language="en")
    assert value(found, "initial_term") == "P4Y"
    assert "end_date" not in found  # not "indefinite": four years from an event


def test_a_term_label_after_a_sentence_on_the_same_line() -> None:
    # text whose line breaks were lost: the label "Term:" follows the previous sentence
    text = (
        "CONSULTING AGREEMENT This CONSULTING AGREEMENT effective as of this 1st day of March "
        "2020 is entered into between A LLC and B Inc. Services: managing the affairs of the "
        "Company. Term: twelve (12) months from the date of the Agreement which term shall "
        "automatically renew for an additional twelve (12) months on such date if the Agreement "
        "is not otherwise terminated. Compensation: B pays A a fee.\n"
    )
    found = terms(text, language="en")
    assert value(found, "initial_term") == "P12M"
    assert value(found, "renewal")["period"] == "P12M"


def test_termination_at_any_partys_option_upon_notice_is_an_indefinite_term() -> None:
    text = (
        "SERVICE AGREEMENT\n\nThis Agreement is entered into as of 9/28/2004 by and among A Trust "
        "and B Company.\n\n6. Termination. This Agreement shall terminate (a) at the option of any "
        "party, upon 90 days' advance written notice to the other parties hereto; or (b) in the "
        "event of a material breach that has not been cured within ten days following a written "
        "notice of breach to the breaching party.\n"
    )
    assert value(terms(text, language="en"), "end_date") == "indefinite"
    # for cause only: no indefinite term
    for_cause = text.split("6. Termination.")[0] + (
        "6. Termination. This Agreement shall terminate upon written notice by a party if the "
        "other party commits a material breach that has not been cured within ten days.\n"
    )
    assert "end_date" not in terms(for_cause, language="en")


@pytest.mark.parametrize(
    "sentence",
    [
        "The minimum monthly compensation payable during the term shall expire on September 1, "
        "2011.",
        "Term and compensation. This compensation shall expire on September 1, 2011.",
    ],
)
def test_when_a_fee_expires_the_contract_does_not_end(sentence: str) -> None:
    text = "AGREEMENT\n\nThis Agreement is made as of January 1, 2010 by A Inc. and B Inc.\n\n"
    assert "end_date" not in terms(text + sentence + "\n", language="en")
    # the contract's own end in the same words is kept
    own = "Term. This Agreement shall expire on September 1, 2011."
    assert value(terms(text + own + "\n", language="en"), "end_date") == "2011-09-01"


@pytest.mark.parametrize(
    "sentence",
    ["2.2 Fase 1 eindigt op 31 december 2010.",
     "2.3 Opdrachtgever kan de overeenkomst verlengen met een aanvullende periode van twee jaar "
     "die eindigt op 31 december 2016."],
)
def test_dutch_end_of_a_phase_or_of_a_renewal_is_no_end_date(sentence: str) -> None:
    text = (
        "OVEREENKOMST\n\nDeze overeenkomst is gesloten op 1 januari 2010 tussen A B.V. en B B.V."
        "\n\nArtikel 2 Looptijd\n2.1 Deze overeenkomst wordt aangegaan voor een periode van vijf "
        "(5) jaar met ingang van 1 januari 2010.\n" + sentence + "\n"
    )
    found = terms(text)
    assert "end_date" not in found
    assert value(found, "initial_term") == "P5Y"


def test_a_notice_about_the_insurance_policies_of_the_sentence_before_is_no_notice_period() -> None:
    text = (
        "SPONSORSHIP AGREEMENT\n\nThis Agreement is made as of March 21, 2008 by SDBF LLC and B "
        "Inc.\n\nSponsor shall name SDBF as additional insured. All policies shall be endorsed to "
        "provide a Waiver of Subrogation in favor of SDBF. In the event of cancellation, "
        "non-renewal or material modification SDBF shall receive thirty (30) days written notice "
        "thereof.\n"
    )
    assert "notice_period" not in terms(text, language="en")
    # the same words about the contract itself are its notice period
    own = text.replace("All policies shall be endorsed to provide", "B shall pay A")
    own = own.replace("of cancellation,", "of cancellation of this Agreement,")
    assert value(terms(own, language="en"), "notice_period") == "P30D"


@pytest.mark.parametrize(
    "condition",
    [
        "if STAAR and Distributor expressly agree in writing",
        "if the parties so agree in writing",
    ],
)
def test_renewal_only_if_both_parties_agree_is_no_automatic_renewal(condition: str) -> None:
    text = (
        "DISTRIBUTION AGREEMENT\n\nThis Agreement is made as of 1 May 2018 by STAAR Inc. and "
        "Distributor Ltd.\n\n3. Term The term of this Agreement shall commence on 1 May 2018 and "
        "terminate on 30 April 2020; provided, however, that this Agreement may be renewed for "
        f"successive one (1) year periods {condition} prior to the foregoing termination date.\n"
    )
    renewal = value(terms(text, language="en"), "renewal")
    assert renewal["type"] == "option" and renewal["period"] == "P1Y"


def test_dutch_renewal_only_if_the_parties_agree_is_no_automatic_renewal() -> None:
    text = (
        "OVEREENKOMST\n\nDeze overeenkomst is gesloten op 1 mei 2018 tussen A B.V. en B B.V.\n\n"
        "Artikel 3 Looptijd\n3.1 Deze overeenkomst wordt aangegaan voor een periode van twee jaar "
        "met ingang van 1 mei 2018 en kan worden verlengd met telkens een jaar indien partijen dat "
        "schriftelijk overeenkomen.\n"
    )
    renewal = value(terms(text), "renewal")
    assert renewal["type"] != "automatic"


def test_entered_on_a_day_and_deemed_effective_as_of_another() -> None:
    text = (
        'MAINTENANCE AND SUPPORT AGREEMENT\n\nThis Maintenance and Support Agreement (this '
        '"Agreement") is entered on this 9th day of October, 2001 and is deemed effective as of '
        'October 1, 2001 (the "Effective Date"), by and between A Inc. and B LLC.\n'
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2001-10-09"
    assert value(found, "start_date") == "2001-10-01"


def test_dated_for_reference_purposes_as_of() -> None:
    text = (
        'SPONSORSHIP AGREEMENT\n\nTHIS AGREEMENT, dated for reference purposes as of July 12, 1999 '
        '(the "Agreement"), is by and between FOOTBALL NORTHWEST LLC ("FNW") and MERCATA, Inc. '
        '("Sponsor").\n\nRECITALS\n\nA. Pursuant to that certain Use Agreement dated January 7, '
        "1997, between King County and FNW, FNW holds the advertising rights.\n"
    )
    assert value(terms(text, language="en"), "signing_date") == "1999-07-12"


def test_a_date_at_the_end_of_a_signers_row_is_a_signature_date() -> None:
    text = (
        "SPONSORSHIP AGREEMENT\n\nSDBF and Sponsor agree as follows.\n\nUpon execution by both "
        "parties, this Agreement is a binding legal contract.   SAN DIEGO BALLPARK FUNDING LLC "
        "SPONSOR:       Rubio's Fresh Mexican Grill     By: /s/ James M. Ballweg\n\nJames M. "
        "Ballweg Its: Vice President/Sales Date:  3/21/08\n\nBy: /s/ LA Rusinko\n\nLawrence A. "
        "Rusinko Its: SVP of Marketing & Product Development Date:  3/18/08\n"
    )
    found = terms(text, language="en")
    assert value(found, "signing_date") == "2008-03-21"  # the later of the two signatures


def test_renewal_only_upon_mutual_written_agreement_is_no_automatic_renewal() -> None:
    text = (
        "MAINTENANCE AGREEMENT\n\nThis Agreement is made on October 9, 2001 by A Inc. and B LLC."
        '\n\n3. Term. The initial period of this Agreement (the "Initial Term") shall commence '
        "upon the Effective Date and continue until March 31, 2003. Thereafter, this Agreement "
        "shall renew only upon the mutual written agreement of the parties for up to three "
        'additional renewal terms of one year each (each, a "Renewal Term").\n'
    )
    renewal = value(terms(text, language="en"), "renewal")
    assert (renewal["type"], renewal["period"], renewal["max"]) == ("option", "P1Y", 3)


def test_a_period_named_for_another_purpose_is_no_end_and_the_own_term_gives_it() -> None:
    text = (
        "OUTSOURCING AGREEMENT\n\nA Inc. and B LLC hereby enter into this Agreement dated "
        "November 28, 2001.\n\n2. Operations.\n\n(a) Notwithstanding anything to the contrary "
        "contained herein for purposes of the period commencing December 1, 2001 and ending "
        "December 31, 2001, the Minimum BCF shall be One Dollar ($1.00).\n\n5. Term. The term "
        'of this Agreement (the "Term") shall commence on December 1, 2001. Unless earlier '
        "terminated in accordance with the terms hereof, the term of this Agreement shall end "
        "on the seventh anniversary of the date hereof.\n"
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2001-12-01"
    # the seventh anniversary of the date of the agreement, the day the term ends
    assert value(found, "end_date") == "2008-11-28"
    assert found["end_date"].source == FactSource.computed


def test_a_period_of_time_extended_by_an_arbitration_is_no_renewal() -> None:
    text = (
        "SERVICES AGREEMENT\n\nThis Agreement is made on March 1, 2010 by A Inc. and B LLC.\n\n"
        "3. Term. This Agreement shall continue until February 28, 2015.\n\n20. Arbitration. "
        "Whenever the action is required to be taken under this Agreement within a specified "
        "period of time and the taking of such action is materially affected by a matter "
        "submitted to arbitration, such period shall automatically be extended by the number of "
        "days, plus ten (10), that are taken for the determination of that matter.\n"
    )
    found = terms(text, language="en")
    assert value(found, "end_date") == "2015-02-28"
    assert value(found, "renewal") is None


def test_the_day_a_termination_takes_effect_is_no_start() -> None:
    text = (
        "SPONSORSHIP AND SERVICES AGREEMENT\n\nThis Agreement is made and entered into as of the "
        "19th day of December, 2018, by and among A LLC and B Inc.\n\n3. Term. The term of this "
        "Agreement shall commence effective as of the date hereof and shall expire on December "
        "31, 2028.\n\n(c) Right to Terminate. B may terminate this Agreement, effective as of "
        "December 31, 2023, in the event that B shall have provided to A written notice.\n"
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2018-12-19"
    assert value(found, "end_date") == "2028-12-31"


# dates of other agreements and of quantities are no start, end or signing date of this one
OTHER_DATES = {
    "other agreements named without a title of their own": (
        "MEDIA LICENSE AGREEMENT\n\nTHIS MEDIA LICENSE AGREEMENT is made and effective as of the "
        'date of the Closing (the "Effective Date"), between A Inc. and B LLC.\n\n1.4 "Merger '
        'Agreement" means that certain Agreement and Plan of Merger, dated September 16, 2019, '
        "by and among C Inc. and D LLC.\n\n2.6 B acknowledges the existence of agreements in "
        "effect as of the Effective Date, including that certain agreement effective as of June "
        "25, 2013 among NFL Enterprises LLC and A.\n"
    ),
    "an agreement in small letters after a preposition": (
        "DEVELOPMENT AGREEMENT\n\nTHIS AGREEMENT is made between LEO Ltd. and GALEN Ltd.\n\n"
        "WHEREAS GALEN and BMS have entered into an option agreement in which GALEN has options "
        "to acquire all of BMS's rights under the agreement dated September 28, 1989 between "
        "BMS and LEO;\n\nNOW THEREFORE the parties agree as follows:\n\n7.1 This Agreement "
        "will be effective when signed by both Parties.\n"
    ),
    "a quantity counted over a period": (
        "DEVELOPMENT AGREEMENT\n\n7.2 This Agreement shall terminate if the aggregate turnover "
        "of the Products in the U.S. during the period 1 July 2004 - 30 June 2005, as measured by "
        "IMS, is equal to or less than US$50,000,000.\n"
    ),
}


@pytest.mark.parametrize("text", OTHER_DATES.values(), ids=OTHER_DATES.keys())
def test_dates_of_other_things_are_no_term_dates(text: str) -> None:
    found = terms(text, language="en")
    assert [value(found, f) for f in ("signing_date", "start_date", "end_date")] == [None] * 3


def _license_expiring(end: str) -> str:
    return (
        "LICENSE AGREEMENT\n\nThis License Agreement is entered into effective as of December "
        '16, 2004 (the "Effective Date").\n\n4. TERM: The rights granted hereunder shall be '
        f'effective as of the Effective Date and shall expire on {end} (the "Term"); provided, '
        "however, that with respect to each Property, all rights and licenses granted herein "
        "will continue in full force and effect for a period of eighteen (18) months after the "
        "initial theatrical release of that Property.\n"
    )


def test_a_weak_term_that_contradicts_the_stated_dates_is_dropped() -> None:
    # eighteen months from an event (a release) beside a term that ends on a stated day
    found = terms(_license_expiring("December 31, 2006"), language="en")
    assert (value(found, "start_date"), value(found, "end_date")) == ("2004-12-16", "2006-12-31")
    assert value(found, "initial_term") is None  # dossier.derive computes it from the dates


def test_a_weak_term_that_agrees_with_the_stated_dates_stays() -> None:
    found = terms(_license_expiring("June 15, 2006"), language="en")
    assert value(found, "end_date") == "2006-06-15"
    assert value(found, "initial_term") == "P18M"
    assert found["initial_term"].confidence == EVENT_TERM_CONFIDENCE


@pytest.mark.parametrize(
    "written", ["April. 1st 2019", "Apr. 1, 2019", "Apr. 1st, 2019", "April 1, 2019"]
)
def test_a_full_stop_after_a_month_ends_no_sentence(written: str) -> None:
    text = (
        f'SERVICE AGREEMENT\n\nThis Service Agreement ("Agreement") is entered into on {written} '
        '("Effective Date") by and between A Inc. and B Ltd.\n'
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2019-04-01"


def test_the_article_outside_the_brackets_of_the_effective_date() -> None:
    text = (
        'SPONSORSHIP AGREEMENT\n\nTHIS SPONSORSHIP AGREEMENT (this "Agreement") is made and '
        'entered into as of June 13, 2012 the ("Effective Date"), by and between A Inc. and B '
        "LLC.\n\n2. (a) This Agreement shall commence on the Effective Date and shall continue "
        "for ten (10) Contract Years.\n"
    )
    found = terms(text, language="en")
    assert value(found, "start_date") == "2012-06-13"
    assert value(found, "initial_term") == "P10Y"


def test_it_is_renewed_tacitly_every_year() -> None:
    text = (
        "OUTSOURCING AGREEMENT\n\nThis Agreement is made on March 1, 2009 between A S.A. and B "
        "S.L.\n\n13.1. The present Agreement is effective as from 1 January 2009. It is "
        "established by calendar year and renewed tacitly every year.\n"
    )
    renewal = value(terms(text, language="en"), "renewal")
    assert (renewal["type"], renewal["period"]) == ("automatic", "P1Y")


def test_the_day_a_dutch_termination_takes_effect_is_no_start() -> None:
    text = (
        "OVEREENKOMST\n\n7.2 Opdrachtgever kan de Overeenkomst schriftelijk opzeggen met ingang "
        "van 1 januari 2026, met inachtneming van een opzegtermijn van drie maanden.\n"
    )
    found = terms(text)
    assert value(found, "start_date") is None
    assert value(found, "notice_period") == "P3M"
