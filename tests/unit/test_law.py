"""Governing law and forum on short clauses written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contractdossier.recognise import nlp
from contractdossier.recognise.clauses import classify_all, segment
from contractdossier.recognise.law import forum, governing_law
from contractdossier.records import ExtractedText, Fact, PageText

NL_SYNTH = Path("/work/shared/corpus/nl-synth")


def doc(*pages: str, language: str = "nl") -> ExtractedText:
    out, offset = [], 0
    for number, text in enumerate(pages, start=1):
        out.append(PageText(number=number, text=text, offset=offset))
        offset += len(text) + 1
    return ExtractedText(pages=tuple(out), language=language, page_count=len(out))


def run(text: ExtractedText) -> tuple[Fact | None, Fact | None]:
    lang = text.language
    clauses = classify_all(segment(text, "d"), lang)
    return governing_law(clauses, text, lang, "d"), forum(clauses, text, lang, "d")


def value(fact: Fact | None) -> object:
    return None if fact is None else fact.value


def test_dutch_law_and_district_court_with_location() -> None:
    text = doc(
        "1. Stichting Zorg Noord, een stichting naar Nederlands recht, hierna: “Klant”;\n"
        "Artikel 1 – Levering\n1.1 Leverancier levert de goederen.\n",
        "Artikel 2 – Toepasselijk recht en bevoegde rechter\n"
        "2.1 Op deze overeenkomst is Nederlands recht van toepassing.\n"
        "2.2 Geschillen worden uitsluitend voorgelegd aan de bevoegde rechter van de Rechtbank\n"
        "Zeeland-West-Brabant, locatie Breda.\n",
    )
    law, court = run(text)
    assert value(law) == "Netherlands"
    assert value(court) == "Rechtbank Zeeland-West-Brabant (locatie Breda)"
    assert law is not None and law.evidence is not None
    assert law.evidence.clause_ref == "2.1" and law.evidence.page == 2
    assert law.evidence.quote == "Op deze overeenkomst is Nederlands recht van toepassing."
    assert court is not None and court.evidence is not None
    assert court.evidence.clause_ref == "2.2"
    assert law.confidence >= 0.9


def test_beheerst_door_and_the_competent_court_of_a_city() -> None:
    text = doc(
        "Artikel 9 Geschillen\n"
        "Deze overeenkomst wordt beheerst door Nederlands recht. Alle geschillen worden "
        "beslecht door de bevoegde rechter te Utrecht.\n"
    )
    law, court = run(text)
    assert value(law) == "Netherlands"
    assert value(court) == "Rechtbank Midden-Nederland (locatie Utrecht)"


def test_incorporation_is_not_governing_law() -> None:
    text = doc(
        "This Agreement is made between Redwood Labs, Inc., a Delaware corporation (“Licensor”),\n"
        "and Fjord Data Ltd, a company incorporated under the laws of England and Wales\n"
        "(“Licensee”), and Ocean Co., organized under the laws of the State of Texas (“Ocean”).\n"
        "1. GOVERNING LAW\n"
        "This Agreement shall be governed by and construed in accordance with the laws of the\n"
        "State of New York, without regard to its conflict of laws principles.\n",
        language="en",
    )
    law, _ = run(text)
    assert value(law) == "New York"


def test_only_incorporation_gives_no_governing_law() -> None:
    english = doc(
        "This Agreement is made between Redwood Labs, Inc., a Delaware corporation, and Fjord\n"
        "Data Ltd, a company incorporated under the laws of England and Wales.\n"
        "1. Services\nFjord shall provide the services.\n",
        language="en",
    )
    dutch = doc(
        "1. Stichting Zorg Noord, een stichting naar Nederlands recht, gevestigd te Assen;\n"
        "Artikel 1 Diensten\nLeverancier levert de diensten.\n"
    )
    assert run(english) == (None, None)
    assert run(dutch) == (None, None)


def test_english_law_and_the_courts_of_london() -> None:
    text = doc(
        "14. Governing Law and Jurisdiction\n"
        "14.1 This Agreement is governed by English law.\n"
        "14.2 The parties submit to the exclusive jurisdiction of the courts of London.\n",
        language="en",
    )
    law, court = run(text)
    assert value(law) == "England and Wales"
    assert value(court) == "courts of London"


def test_state_and_federal_courts_located_in_a_county() -> None:
    text = doc(
        "12. Venue. Any action arising out of this Agreement shall be brought exclusively in "
        "the state and federal courts located in Santa Clara County, California, and each "
        "party submits to their jurisdiction.\n",
        language="en",
    )
    # "located in" / "sitting in" read as "in": one canonical name for the same courts
    assert value(run(text)[1]) == "state and federal courts in Santa Clara County, California"


def test_arbitration_institute_with_its_seat() -> None:
    dutch = doc(
        "Artikel 12 – Geschillen\n"
        "12.1 Alle geschillen worden beslecht door arbitrage overeenkomstig het "
        "Arbitragereglement van het Nederlands Arbitrage Instituut. De plaats van arbitrage is "
        "Rotterdam.\n"
        "12.2 Dit laat onverlet dat een partij een voorziening kan vragen aan de "
        "voorzieningenrechter van de Rechtbank Rotterdam.\n"
    )
    english = doc(
        "20. Arbitration. Any dispute shall be finally settled by binding arbitration under the "
        "Rules of Arbitration of the International Chamber of Commerce (ICC). The seat of "
        "arbitration shall be Geneva.\n",
        language="en",
    )
    assert value(run(dutch)[1]) == "Nederlands Arbitrage Instituut (arbitrage, Rotterdam)"
    assert value(run(english)[1]) == "International Chamber of Commerce (arbitration, Geneva)"


def test_excluded_arbitration_gives_way_to_the_court() -> None:
    text = doc(
        "Artikel 10 Geschillen\n"
        "10.1 In afwijking van de algemene voorwaarden is arbitrage uitgesloten. Geschillen "
        "worden beslecht door de bevoegde rechter van de Rechtbank Gelderland, zittingsplaats "
        "Arnhem.\n"
    )
    assert value(run(text)[1]) == "Rechtbank Gelderland (zittingsplaats Arnhem)"


def test_no_forum_clause_gives_none() -> None:
    text = doc(
        "Artikel 8 Slotbepalingen\n"
        "8.1 Op deze overeenkomst is Nederlands recht van toepassing.\n"
        "8.2 Partijen lossen een geschil eerst in onderling overleg op, zo nodig met een "
        "bemiddelaar.\n"
        "8.3 Een verzoek in kort geding kan altijd worden gedaan.\n"
    )
    law, court = run(text)
    assert value(law) == "Netherlands"
    assert court is None


def test_a_party_acronym_is_not_an_arbitration_institute() -> None:
    text = doc(
        "There are no claims, actions, suits or proceedings (arbitration or otherwise) pending "
        "against ICC or its affiliates.\n",
        language="en",
    )
    assert run(text)[1] is None


def test_legal_mentions_return_plain_records() -> None:
    [mentions] = nlp.legal_mentions(["Acme Inc., a Delaware corporation."], "en")
    assert mentions == (nlp.Mention(13, 21, "INCORPORATION", "Delaware", "Delaware"),)
    [mentions] = nlp.legal_mentions(
        ["Op deze overeenkomst is Nederlands recht van toepassing."], "nl"
    )
    assert [(m.label, m.key) for m in mentions] == [("GOVERNING_LAW", "Netherlands")]


def test_pipelines_are_blank_with_rule_components() -> None:
    for lang in ("nl", "en"):
        pipe = nlp.pipeline(lang)
        assert pipe.lang == lang
        assert pipe.pipe_names == ["cd_legal_ruler", "cd_law_context", "cd_clause_heading_types"]
        assert not pipe.meta.get("vectors", {}).get("width")  # no model, no vectors
    assert nlp.pipeline("nl") is nlp.pipeline("nl")  # built once


def test_new_words_get_the_lower_case_the_patterns_read_and_nothing_more() -> None:
    from spacy.attrs import LOWER

    for lang in ("nl", "en"):
        pipe = nlp.pipeline(lang)
        assert list(pipe.vocab.lex_attr_getters) == [LOWER]
        doc = pipe.make_doc("Governed by the LAWS of the State of QWXZVILLE")
        assert [t.lower_ for t in doc][-1] == "qwxzville"
    [mentions] = nlp.legal_mentions(["This Agreement is GOVERNED BY THE LAWS OF DELAWARE."], "en")
    assert [(m.label, m.key) for m in mentions] == [("GOVERNING_LAW", "Delaware")]


@pytest.mark.skipif(not NL_SYNTH.is_dir(), reason="development corpus not available")
def test_nl_synth_law_and_forum_from_ground_truth_text() -> None:
    labels = [json.loads(x) for x in (NL_SYNTH / "labels.jsonl").read_text().splitlines() if x]
    laws = forums = 0
    for label in labels:
        raw = (NL_SYNTH / "text" / (label["file"][:-4] + ".txt")).read_text(encoding="utf-8")
        law, court = run(doc(*raw.split("\f")))
        laws += value(law) == "Netherlands"
        forums += value(court) == label["forum"]
    assert laws == len(labels)
    assert forums >= len(labels) - 1


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_peoples_republic_of_china_with_either_apostrophe(apostrophe: str) -> None:
    text = doc(
        "12. Governing Law. The formation, validity and performance of this Agreement shall be "
        f"governed by the laws of the People{apostrophe}s Republic of China.\n",
        language="en",
    )
    assert value(run(text)[0]) == "China"


def test_a_court_name_misread_by_ocr_is_named_after_its_location() -> None:
    text = doc(
        "7. Toepasselijk recht en geschillen\n7.1 Op deze huurovereenkomst is Nederlands recht "
        "van toepassing.\n7.2 Geschillen worden voorgelegd aan de bevoegde rechter van de "
        "Rechtbank Nootd- Holland,\nlocatie Haarlem.\n"
    )
    assert value(run(text)[1]) == "Rechtbank Noord-Holland (locatie Haarlem)"


def test_courts_sitting_in_a_city() -> None:
    text = doc(
        "14. Jurisdiction. The parties submit to the exclusive jurisdiction of the courts "
        "sitting in New York County, New York.\n",
        language="en",
    )
    assert value(run(text)[1]) == "courts in New York County, New York"


def test_the_competent_court_in_a_district() -> None:
    text = doc(
        "Artikel 9 Toepasselijk recht\nOp deze overeenkomst is uitsluitend Nederlands recht van "
        "toepassing. Geschillen worden beslecht door de bevoegde rechter in het arrondissement "
        "Overijssel.\n"
    )
    assert value(run(text)[1]) == "Rechtbank Overijssel"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "This Agreement shall be governed in all respects by the laws of the United States of "
            "America and the State of Ohio.",
            "Ohio",
        ),
        (
            "12. Choice of Law. The validity of this Agreement shall be determined under Nevada "
            "law.",
            "Nevada",
        ),
        (
            "This Agreement shall be governed exclusively by the laws of the State of Israel.",
            "Israel",
        ),
    ],
)
def test_more_ways_to_choose_the_law(sentence: str, expected: str) -> None:
    assert value(run(doc(sentence + "\n", language="en"))[0]) == expected


def test_dutch_law_chosen_with_beheerst_in_alle_opzichten() -> None:
    text = doc(
        "Artikel 14\nDeze overeenkomst wordt in alle opzichten beheerst door Nederlands recht.\n"
    )
    assert value(run(text)[0]) == "Netherlands"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # the law first, the verb after it
            "The laws of the State of New York (excluding any laws that direct the application of "
            "another jurisdiction's law) govern all matters arising out of this Agreement.",
            "New York",
        ),
        ("The laws of the province of Ontario, Canada, govern this AGREEMENT.", "Ontario"),
        (
            "Effective legislation of the Republic of Kazakhstan shall apply to any relations of "
            "the Parties arising out of this Contract.",
            "Kazakhstan",
        ),
        (
            "This agreement will be construed in accordance with the laws of Papua New Guinea.",
            "Papua New Guinea",
        ),
        ("This Agreement is governed by the laws of Victoria, Australia.", "Victoria"),
        ("Op deze overeenkomst is Roemeens recht van toepassing.", "Romania"),
        (
            "Even with foreign Software Publishers, the law of the Federal Republic of Germany "
            "applies.",
            "Germany",
        ),
        (
            "This Agreement, its interpretation and construction, and the remedies for its "
            "enforcement are to be applied in accordance with the laws of the State of New Jersey.",
            "New Jersey",
        ),
    ],
)
def test_the_law_named_before_its_verb_and_more_jurisdictions(sentence: str, expected: str) -> None:
    language = "nl" if "overeenkomst" in sentence else "en"
    law, _ = run(doc("12. Governing law\n" + sentence + "\n", language=language))
    assert value(law) == expected


def test_a_country_named_without_a_choice_of_law_is_no_governing_law() -> None:
    law, _ = run(
        doc(
            "3. Delivery\nBuyer is a Colombian company; the goods are delivered in Colombia.\n",
            language="en",
        )
    )
    assert law is None


def test_the_law_named_as_law_wins_over_an_address_run_into_the_sentence() -> None:
    # no full stop after the notice address: it runs into the governing-law sentence
    law, _ = run(
        doc(
            "12. Notices\nIf to Distributor: Attn. Business Development Manager, Tahlia Street, "
            "P.O. Box 10485, Riyadh 11433 Saudi Arabia   B. This Agreement shall be governed by, "
            "and construed in accordance with, the laws of the State of Delaware, USA.\n",
            language="en",
        )
    )
    assert value(law) == "Delaware"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a time zone, a trustee, an incorporation: no choice of law
        (
            "During the period ending at 11:59 pm New York Time on the date of the meeting, as "
            "determined by applicable law, the Investors shall vote their shares.",
            None,
        ),
        (
            "The Trust is governed by the Trust Agreement among the Company and the Delaware "
            "Trustee.",
            None,
        ),
        (
            "The Company is duly organized, validly existing and in good standing as a "
            "corporation under the laws of the State of Tennessee.",
            None,
        ),
        # the law named by reference back to the place
        (
            "This Agreement is accepted by Company in the State of Nevada and shall be governed "
            "by and construed in accordance with the laws thereof.",
            "Nevada",
        ),
        # the state named some way after "the laws"
        (
            "This Distributor Agreement shall be exclusively governed, construed, enforced and "
            "controlled by the laws of the United States of America and of the State of Texas.",
            "Texas",
        ),
    ],
)
def test_a_place_the_sentence_does_not_call_its_law_is_no_governing_law(
    sentence: str, expected: str | None
) -> None:
    law, _ = run(doc("4. Representations\n" + sentence + "\n", language="en"))
    assert value(law) == expected


def test_federal_law_named_outside_a_choice_of_law_is_no_governing_law() -> None:
    text = doc(
        "MAINTENANCE AGREEMENT\n12. Termination\n12.1 Either party may terminate this Agreement if "
        "the other files a petition seeking reorganization under the federal bankruptcy laws or "
        "any other applicable law or statute of the United States of America.\n",
        language="en",
    )
    assert value(run(text)[0]) is None
    chosen = doc(
        "14. Governing Law. This Agreement shall be governed by the federal laws of the United "
        "States of America.\n",
        language="en",
    )
    assert value(run(chosen)[0]) == "United States"


def test_arbitration_subject_to_the_application_of_a_national_law() -> None:
    text = doc(
        "JOINT VENTURE AGREEMENT\n\n12. Disputes. All disputes shall be finally settled under the "
        "Rules of Arbitration of the International Chamber of Commerce. Any such arbitration "
        "shall (i) be subject to the application of the Italian Law, (ii) take place in Paris, "
        "France and (iii) be conducted in English.\n",
        language="en",
    )
    law, court = run(text)
    assert value(law) == "Italy"
    assert value(court) is not None
