"""Clause segmentation, clause types and titles on short texts written for these tests."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractdossier.recognise import nlp
from contractdossier.recognise.clauses import (
    CLAUSE_TYPES,
    classify,
    classify_all,
    segment,
    title_of,
)
from contractdossier.records import ExtractedText, PageText

NL_SYNTH = Path("/work/shared/corpus/nl-synth")


def doc(*pages: str, language: str = "nl") -> ExtractedText:
    out, offset = [], 0
    for number, text in enumerate(pages, start=1):
        out.append(PageText(number=number, text=text, offset=offset))
        offset += len(text) + 1
    return ExtractedText(pages=tuple(out), language=language, page_count=len(out))


def tops(clauses: tuple) -> list[tuple[str, str]]:
    return [(c.ref, c.heading) for c in clauses if c.level == 1]


DUTCH = doc(
    "SAMENWERKINGSOVEREENKOMST\nDatum versie: 3 maart 2025\nVERTROUWELIJK\n",
    "Inhoudsopgave\n"
    "Artikel 1 Begrippen ........................ 3\n"
    "Artikel 2 Prijs en betaling ................ 3\n"
    "Artikel 3 Toepasselijk recht ............... 4\n"
    "Bijlage 1 Tarieven ......................... 5\n",
    "Artikel 1 – Begrippen\n"
    "1.1 In deze overeenkomst wordt verstaan onder Dienst: de hulp die Leverancier biedt.\n"
    "1.2 Onder Werkdag wordt verstaan maandag tot en met vrijdag.\n"
    "\n"
    "Artikel 2 – Prijs en betaling\n"
    "2.1 De vergoeding bedraagt per maand\n"
    "1.500 euro exclusief btw, te betalen binnen dertig dagen na factuurdatum.\n"
    "2.2 Het budget voor het eerste jaar is begroot op\n"
    "3.2 miljoen euro en wordt per kwartaal geëvalueerd. Partijen bespreken:\n"
    "a. de besteding;\n"
    "b. de planning;\n"
    "c. de risico's.\n"
    "3\n",
    "Artikel 3 – Toepasselijk recht\n"
    "3.1 Op deze overeenkomst is Nederlands recht van toepassing. Artikel 7:290 BW\n"
    "is niet van toepassing.\n"
    "Bijlage 1 Tarieven\n"
    "Tarief per uur: € 95,00.\n",
)


def test_dutch_articles_prefer_the_heading_with_a_body_over_the_table_of_contents() -> None:
    clauses = segment(DUTCH, "doc")
    assert tops(clauses) == [
        ("1", "Begrippen"),
        ("2", "Prijs en betaling"),
        ("3", "Toepasselijk recht"),
        ("Bijlage 1", "Tarieven"),
    ]
    first = next(c for c in clauses if c.ref == "1")
    assert first.page_start == 3  # the body, not the contents on page 2
    assert first.text.startswith("Artikel 1 – Begrippen")


def test_amounts_page_numbers_and_statute_references_are_not_clauses() -> None:
    refs = [c.ref for c in segment(DUTCH, "doc")]
    assert "1.500" not in refs and "3.2" not in refs and "7" not in refs
    assert refs.count("3") == 1  # the lone page number "3" is not article 3
    assert [c.ref for c in segment(DUTCH, "doc") if c.level == 2 and c.ref[0] == "2"] == [
        "2.1",
        "2.2",
    ]


def test_sub_clauses_and_lettered_items_nest_inside_their_article() -> None:
    clauses = segment(DUTCH, "doc")
    by_ref = {c.ref: c for c in clauses}
    assert by_ref["2.2"].level == 2
    assert [c.ref for c in clauses if c.level == 3] == ["2.2 (a)", "2.2 (b)", "2.2 (c)"]
    art2 = by_ref["2"]
    assert art2.start < by_ref["2.2 (c)"].start < by_ref["2.2 (c)"].end <= art2.end
    assert by_ref["2.2 (c)"].text.startswith("c. de risico's.")
    full = DUTCH.full_text
    for c in clauses:
        assert full[c.start : c.end] == c.text


def test_clause_pages_follow_page_offsets() -> None:
    clauses = segment(DUTCH, "doc")
    art2 = next(c for c in clauses if c.ref == "2")
    annex = next(c for c in clauses if c.ref == "Bijlage 1")
    assert (art2.page_start, art2.page_end) == (3, 3)
    assert (annex.page_start, annex.page_end) == (4, 4)


def test_numbered_headings_without_the_word_artikel() -> None:
    text = doc(
        "HUUROVEREENKOMST\n"
        "De ondergetekenden:\n"
        "1. Verhuur B.V., gevestigd te Delft, hierna: “Verhuurder”;\n"
        "2. Huur B.V., gevestigd te Gouda, hierna: “Huurder”;\n"
        "komen overeen als volgt:\n"
        "1. Het gehuurde\n"
        "1.1 Verhuurder verhuurt aan Huurder een opslagruimte.\n"
        "2. Duur en beëindiging\n"
        "2.1 De huur loopt een jaar.\n"
        "2.1.1 Zij wordt daarna stilzwijgend verlengd.\n"
        "2.1.2 Opzegging geschiedt schriftelijk.\n"
        "3. Slotbepaling\n"
        "Deze overeenkomst vervangt eerdere afspraken.\n"
    )
    clauses = segment(text, "doc")
    assert tops(clauses) == [
        ("1", "Het gehuurde"),
        ("2", "Duur en beëindiging"),
        ("3", "Slotbepaling"),
    ]
    levels = {c.ref: c.level for c in clauses}
    assert levels["2.1.2"] == 3 and levels["2.1"] == 2


def test_keyword_articles_win_over_the_numbered_paragraphs_inside_them() -> None:
    # a Dutch model agreement: the parties in a numbered list, then "Artikel N" headings
    # whose paragraphs are numbered "1.", "2." again in every article
    text = doc(
        "OVEREENKOMST VAN OPDRACHT\n"
        "Partijen\n"
        "1. Brugwachter B.V., gevestigd te Zwolle en kantoorhoudende aan de Kade 4, hierna te\n"
        "noemen: “Opdrachtgever”;\n"
        "en\n"
        "2. Lindeboom Advies, gevestigd te Deventer, hierna te noemen: “Opdrachtnemer”;\n"
        "Partijen komen het volgende overeen\n"
        "Artikel 1 De opdracht\n"
        "1. Opdrachtnemer verricht voor Opdrachtgever de werkzaamheden uit bijlage A.\n"
        "Artikel 2 Uitvoering van de opdracht\n"
        "1. Opdrachtnemer deelt zijn werkzaamheden zelfstandig in.\n"
        "2. Opdrachtnemer volgt de arbeidstijden van Opdrachtgever waar dat nodig is.\n"
        "3. Opdrachtgever en Opdrachtnemer verstrekken elkaar alle informatie benodigd\n"
        "voor een goede uitvoering van de opdracht.\n"
        "Artikel 3 Duur van de overeenkomst\n"
        "1. De opdracht vangt aan op 1 februari 2025 en eindigt op 31 januari 2026.\n"
        "Artikel 4 Opzegging\n"
        "1. Ieder der Partijen kan de overeenkomst opzeggen met een termijn van één maand.\n"
        "2. Partijen mogen de overeenkomst met onmiddellijke ingang opzeggen indien:\n"
        "1. de andere Partij in verzuim is;\n"
        "2. de onderneming van de andere Partij wordt overgedragen.\n"
        "3. Opzegging geschiedt per aangetekende brief.\n"
        "Artikel 5 Slotbepalingen\n"
        "a. Wijzigingen zijn alleen geldig als Partijen ze schriftelijk overeenkomen:\n"
        "1. per brief; of\n"
        "2. per e-mail.\n"
    )
    clauses = segment(text, "doc")
    assert tops(clauses) == [
        ("1", "De opdracht"),
        ("2", "Uitvoering van de opdracht"),
        ("3", "Duur van de overeenkomst"),
        ("4", "Opzegging"),
        ("5", "Slotbepalingen"),
    ]
    # the numbered paragraphs are the leden, cited "2.3" as Dutch contracts cite "artikel 2.3";
    # the list inside lid 4.2 runs while its items end in ";" and is part of it; a single
    # paragraph, or numbers under "a.", make no leden
    levels = [c.ref for c in clauses if c.level == 2]
    assert levels == ["2.1", "2.2", "2.3", "4.1", "4.2", "4.3", "5 (a)"]
    by_ref = {c.ref: c for c in clauses}
    assert by_ref["2.3"].text.endswith("voor een goede uitvoering van de opdracht.")
    assert by_ref["4.2"].text.endswith("wordt overgedragen.")
    assert by_ref["4.3"].text == "3. Opzegging geschiedt per aangetekende brief."
    # a numbered definition inside Section 5 is not a Section 6
    english = doc(
        "AGENCY AGREEMENT\n"
        "Section 1. The Offering. The Company intends to offer and sell up to 2,000,000 shares.\n"
        "Section 2. Retention of Agent; Compensation. The Company appoints the Agent as its\n"
        "exclusive financial advisor for the Offering.\n"
        "Section 3. Sale and Delivery of Shares. The Company agrees to issue the Shares sold.\n"
        "Section 4. Representations and Warranties. The Company represents as follows:\n"
        "(a) The following terms have the meanings given:\n"
        '1. "Applicable Time" means each date when a purchaser committed to purchase Shares.\n'
        '2. "Prospectus" means the prospectus relating to the offered Shares.\n'
        "(b) The Company has been duly incorporated and is validly existing in good standing.\n"
        "Section 5. Covenants. The Company shall file all reports required of it.\n"
        '6. "Permitted Prospectus" means a prospectus consented to by the Agent and\n'
        "filed with the Commission in accordance with the rules that apply to it at that time and\n"
        "kept by the Company as its records require for three years after its first use.\n",
        language="en",
    )
    assert [ref for ref, _ in tops(segment(english, "doc"))] == ["1", "2", "3", "4", "5"]


def test_a_heading_may_start_with_a_brand_in_small_letters() -> None:
    text = doc(
        "Artikel 3.10 – Informatievoorziening aan de gemeente\n"
        "Opdrachtnemer informeert de gemeente over de geleverde ondersteuning.\n"
        "Artikel 3.11 – iWmo\n"
        "Partijen gebruiken het berichtenverkeer van de iWmo-standaard.\n"
        "Artikel 3.12 – Onverschuldigde betaling\n"
        "Opdrachtnemer betaalt onverschuldigde bedragen terug.\n"
    )
    assert tops(segment(text, "doc")) == [
        ("3.10", "Informatievoorziening aan de gemeente"),
        ("3.11", "iWmo"),
        ("3.12", "Onverschuldigde betaling"),
    ]


def test_a_long_article_heading_is_no_sentence_for_the_clause_under_it() -> None:
    # the heading line is long and ends in a small letter, like a wrapped sentence; "7.1" on
    # the next line still starts a sub-clause
    text = doc(
        "Artikel 6 Inwerkingtreding\n"
        "6.1 Deze wijzigingsovereenkomst treedt in werking op 1 april 2025.\n"
        "Artikel 7 Toepasselijk recht en bevoegde rechter bij geschillen tussen partijen\n"
        "7.1 Op deze wijzigingsovereenkomst is Nederlands recht van toepassing.\n"
        "7.2 Geschillen worden voorgelegd aan de Rechtbank Zeeland-West-Brabant.\n"
    )
    assert [c.ref for c in segment(text, "doc")] == ["6", "6.1", "7", "7.1", "7.2"]


def test_a_short_numbered_paragraph_is_an_article_of_its_own() -> None:
    # "14." has one short line after its first: it is still a section, and the assignment
    # clause is not read into section 13
    text = doc(
        "12. Upon termination of this Agreement, mPhase shall immediately cease use of the\n"
        "Co-Branding Logo on all Goods it sells after the date of such termination.\n"
        "13. Neither Party shall be liable to the other for special, incidental, or\n"
        "consequential damages, even if such Party has been advised of the\n"
        "possibility of such damages.\n"
        "14. This Agreement shall not be assigned by mPhase without the prior\n"
        "written consent of Lucent.\n"
        "15. The validity, construction and performance of this Agreement shall be\n"
        "governed by the laws of the State of New York.\n",
        language="en",
    )
    clauses = classify_all(segment(text, "d"), "en")
    assert [c.ref for c in clauses] == ["12", "13", "14", "15"]
    typed = {c.ref: set(c.types) for c in clauses}
    assert "assignment" in typed["14"] and "assignment" not in typed["13"]


def test_edgar_style_articles_sections_and_exhibit_markers() -> None:
    text = doc(
        "EX-10.2\nExhibit 10.2\nCONFIDENTIAL\nSOFTWARE LICENSE AGREEMENT\n"
        "This Software License Agreement is made by and between Alpha Corp. and Beta LLC.\n"
        "ARTICLE I\nDEFINITIONS\n"
        "Section 1.01 Affiliate. Affiliate means an entity that controls a party.\n"
        "Section 1.02 Software. Software means the programs listed in Exhibit A.\n"
        "ARTICLE II\nGRANT\n"
        "Section 2.01 License. Licensor grants Licensee a license under this Agreement.\n"
        "(a) the license is non-exclusive;\n"
        "(b) the license is non-transferable.\n"
        "ARTICLE III – GOVERNING LAW\n"
        "This Agreement is governed by the laws of the State of New York.\n",
        language="en",
    )
    clauses = segment(text, "doc")
    assert tops(clauses) == [("I", "DEFINITIONS"), ("II", "GRANT"), ("III", "GOVERNING LAW")]
    subs = {c.ref: c.heading for c in clauses if c.level == 2}
    assert subs == {"1.01": "Affiliate", "1.02": "Software", "2.01": "License"}
    assert [c.ref for c in clauses if c.level == 3] == ["2.01 (a)", "2.01 (b)"]
    assert title_of(text) == "SOFTWARE LICENSE AGREEMENT"


def test_a_wrapped_sentence_is_not_taken_for_a_section_heading() -> None:
    text = doc(
        "1. DEFINITIONS.\n"
        "1.1 The terms in this agreement have the meaning given to them in the schedules and in\n"
        "Section\n"
        "5.2 below and the schedules to this agreement, unless the context requires otherwise.\n"
        "1.2 Words in the singular include the plural.\n"
        "2. TERM.\n"
        "2.1 This agreement starts on the effective date.\n",
        language="en",
    )
    assert [c.ref for c in segment(text, "doc")] == ["1", "1.1", "1.2", "2", "2.1"]


def test_no_structure_gives_no_clauses() -> None:
    assert segment(doc("Een brief zonder artikelen.\nMet vriendelijke groet."), "d") == ()
    assert segment(doc(""), "d") == ()


def test_classify_by_heading_and_by_body() -> None:
    clauses = segment(DUTCH, "doc")
    typed = {c.ref: c.types for c in classify_all(clauses, "nl")}
    assert "governing_law" in typed["3"]
    assert "payment" in typed["2"]
    body_only = next(c for c in clauses if c.ref == "3.1")
    assert body_only.heading == ""
    assert "governing_law" in classify(body_only, "nl")  # "recht van toepassing" in the body
    assert classify(next(c for c in clauses if c.ref == "1.2"), "nl") == ()


def test_classify_english_liability_and_confidentiality() -> None:
    text = doc(
        "1. LIMITATION OF LIABILITY\n"
        "In no event shall either party's aggregate liability exceed the fees paid.\n"
        "2. Miscellaneous\n"
        "Each party shall keep the Confidential Information of the other party in strict "
        "confidence and shall not disclose it.\n",
        language="en",
    )
    typed = {c.ref: c.types for c in classify_all(segment(text, "d"), "en")}
    assert typed["1"] == ("liability_cap",)
    assert typed["2"] == ("confidentiality",)


def test_a_filings_redaction_legend_is_no_confidentiality_clause() -> None:
    legend = (
        "Confidential Information has been omitted in places marked \"[***]\" and has been "
        "filed separately with the Securities and Exchange Commission. Confidential Treatment "
        "has been requested with respect to this omitted information.\n\n"
    )
    text = doc(
        "1. Counterparts\n"
        "This Agreement may be executed in one or more counterparts.\n\n" + legend + "2. "
        "Miscellaneous\nEach party shall keep the Confidential Information of the other party "
        "in strict confidence and shall not disclose it.\n\n" + legend,
        language="en",
    )
    typed = {c.ref: c.types for c in classify_all(segment(text, "d"), "en")}
    assert typed["1"] == ()
    assert typed["2"] == ("confidentiality",)

def test_boilerplate_that_names_convenience_or_exclusivity_is_not_that_clause() -> None:
    text = doc(
        "1. Captions\n"
        "The captions and headings used in this Agreement are for convenience only and do not "
        "affect its interpretation.\n"
        "2. License\n"
        "Licensor grants Licensee a non-exclusive license to use the Marks.\n"
        "3. Jurisdiction\n"
        "The courts of New York have exclusive jurisdiction, and this is the sole and exclusive "
        "remedy of the parties.\n"
        "4. Non-Exclusivity\n"
        "Nothing in this Agreement restricts Licensee from similar agreements.\n"
        "5. Termination\n"
        "Either party may terminate this Agreement at any time upon written notice to the other "
        "party.\n"
        "6. Exclusive Distributor\n"
        "Supplier appoints Distributor as its exclusive distributor in the Territory.\n",
        language="en",
    )
    typed = {c.ref: set(c.types) for c in classify_all(segment(text, "d"), "en")}
    assert "termination_for_convenience" not in typed["1"]
    assert "exclusivity" not in typed["2"] | typed["3"] | typed["4"]
    assert "termination_for_convenience" in typed["5"]
    assert "exclusivity" in typed["6"]


def test_assignment_minimum_commitment_and_liability_cap_read_their_own_words() -> None:
    text = doc(
        "1. Binding Effect\n"
        "This Agreement binds the parties and their respective successors and assigns.\n"
        "2. Miscellaneous\n"
        "This Agreement shall not be assigned by Reseller without the prior written consent of "
        "Supplier.\n"
        "3. Initial Order\n"
        "Reseller commits to purchase a minimum of 100 Units within the first six months.\n"
        "4. Indemnification\n"
        "Each party shall indemnify the other from all claims, damages and liabilities arising "
        "from its breach.\n"
        "5. Warranty\n"
        "Supplier's liability shall not exceed the fees paid by Reseller in the last year.\n",
        language="en",
    )
    typed = {c.ref: set(c.types) for c in classify_all(segment(text, "d"), "en")}
    assert "assignment" not in typed["1"] and "assignment" in typed["2"]
    assert "minimum_commitment" in typed["3"]
    assert "liability_cap" not in typed["4"] and "liability_cap" in typed["5"]


def test_a_dutch_liability_clause_is_a_cap_where_it_limits_or_excludes() -> None:
    text = doc(
        "Artikel 1 Diensten\n"
        "1.1 Opdrachtnemer levert de Diensten.\n"
        "Artikel 2 Overige bepalingen\n"
        "2.1 Een Partij die toerekenbaar tekortschiet, is aansprakelijk voor de schade die de "
        "andere Partij daardoor lijdt.\n"
        "2.2 De aansprakelijkheid van een Partij voor directe schade is beperkt tot "
        "€ 250.000,00 per gebeurtenis.\n"
        "2.3 Verhuurder is niet aansprakelijk voor diefstal van of schade aan voertuigen.\n"
    )
    typed = {c.ref: set(c.types) for c in classify_all(segment(text, "d"), "nl")}
    assert "liability_cap" not in typed["2.1"]
    assert "liability_cap" in typed["2.2"] and "liability_cap" in typed["2.3"]


def test_sections_lettered_in_capitals_are_the_articles() -> None:
    text = doc(
        "AGENCY AGREEMENT\n"
        "A. AUTHORITY OF AGENCY\n"
        "The Agency is authorized to:\n"
        "1. Solicit proposals for insurance contracts in the Territory.\n"
        "2. Deliver certificates of insurance in accordance with the guidelines.\n"
        "B. BILLED POLICIES\n"
        "1. The Company bills and collects all premiums.\n"
        "C. ERRORS AND OMISSIONS INSURANCE\n"
        "The Agency will maintain valid errors and omissions insurance, with minimum limits of "
        "$1,000,000 per incident.\n"
        "D. MISCELLANEOUS\n"
        "1. Applicable Law. This Agreement is governed by the laws of Nevada.\n"
        "2. Counterparts. This Agreement may be signed in counterparts.\n",
        language="en",
    )
    clauses = classify_all(segment(text, "d"), "en")
    assert tops(clauses) == [
        ("A", "AUTHORITY OF AGENCY"),
        ("B", "BILLED POLICIES"),
        ("C", "ERRORS AND OMISSIONS INSURANCE"),
        ("D", "MISCELLANEOUS"),
    ]
    by_ref = {c.ref: c for c in clauses}
    assert (by_ref["D.1"].heading, by_ref["D.2"].heading) == ("Applicable Law", "Counterparts")
    assert "insurance" in by_ref["C"].types
    assert "governing_law" in by_ref["D.1"].types


def test_classify_all_agrees_with_classify() -> None:
    clauses = segment(DUTCH, "doc")
    assert [c.types for c in classify_all(clauses, "nl")] == [classify(c, "nl") for c in clauses]


def test_clause_type_patterns_cover_exactly_the_documented_types() -> None:
    patterns = nlp.clause_type_patterns()
    assert set(patterns) == set(CLAUSE_TYPES)
    for ctype, langs in patterns.items():
        assert set(langs) == {"nl", "en"}, ctype
        for parts in langs.values():
            assert parts["heading"], ctype
            for p in parts["heading"] + parts.get("strong", []) + parts.get("body", []):
                assert p == p.lower().strip(), (ctype, p)


def test_heading_types_come_back_as_plain_strings() -> None:
    found = nlp.heading_types("Artikel 17 – Aansprakelijkheid en vrijwaring", "nl")
    assert found == frozenset({"liability_cap", "indemnity"})
    assert all(isinstance(t, str) for t in found)
    assert nlp.heading_types("Beroepsaansprakelijkheidsverzekering", "nl") == {"insurance"}


def test_title_skips_cover_noise_and_joins_a_second_capital_line() -> None:
    text = doc(
        "Kenmerk: ABC/2025-001\nVERTROUWELIJK\nHUUROVEREENKOMST\nKANTOORRUIMTE\n"
        "Datum versie: 1 april 2025\ntussen\nVerhuur B.V.\n"
    )
    assert title_of(text) == "HUUROVEREENKOMST KANTOORRUIMTE"
    assert title_of(doc("")) == ""


LINES = [
    "Artikel 1 – Duur",
    "ARTICLE II GRANT",
    "1.1 De overeenkomst loopt een jaar.",
    "1.2",
    "2. Betaling",
    "2.1 Betaling binnen dertig dagen en",
    "a. eerste punt;",
    "(b) second item",
    "1.500 euro per maand",
    "Bijlage A – Prijzen",
    "Schedule 2",
    "Inhoudsopgave",
    "Artikel 2 Prijs ........ 3",
    "",
    "12",
    "Section 3.01 Notices. Notices are in writing.",
    "\f",
    # capital-letter sections and numbered paragraphs ("leden") under Dutch articles
    "A. AUTHORITY OF AGENCY",
    "B. BILLED POLICIES",
    "C. MISCELLANEOUS",
    "1. Opdrachtnemer levert de Diensten.",
    "2. Partijen mogen opzeggen indien:",
    "1. de andere Partij in verzuim is;",
    "3. Applicable Law. This Agreement is governed by Dutch law.",
    "Artikel 3.11 – iWmo",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_segment_invariants_on_shuffled_lines(lines: list[str]) -> None:
    pages = "\n".join(lines).split("\f")
    text = doc(*pages)
    full = text.full_text
    clauses = segment(text, "d")
    assert [c.start for c in clauses] == sorted(c.start for c in clauses)
    for c in clauses:
        assert 0 <= c.start < c.end <= len(full)
        assert full[c.start : c.end] == c.text
        assert c.level >= 1 and c.ref
        assert 1 <= c.page_start <= c.page_end <= len(pages)
    for c, typed in zip(clauses, classify_all(clauses, "nl"), strict=True):
        assert set(typed.types) <= set(CLAUSE_TYPES) and typed.ref == c.ref


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).lower().replace("–", "-").split())


@pytest.mark.skipif(not NL_SYNTH.is_dir(), reason="development corpus not available")
def test_nl_synth_heading_recall_and_titles() -> None:
    labels = [json.loads(x) for x in (NL_SYNTH / "labels.jsonl").read_text().splitlines() if x]
    found = total = titles = 0
    for label in labels:
        raw = (NL_SYNTH / "text" / (label["file"][:-4] + ".txt")).read_text(encoding="utf-8")
        text = doc(*raw.split("\f"))
        got = {(c.ref, _norm(c.heading)) for c in segment(text, "x") if c.level == 1}
        gold = [(h["number"], _norm(h["heading"])) for h in label["clause_headings"]]
        found += sum(1 for g in gold if g in got)
        total += len(gold)
        titles += _norm(title_of(text)) == _norm(label["title"])
    assert found / total >= 0.95
    assert titles >= 9


def test_a_title_ending_on_a_joining_word_goes_on_over_the_next_line() -> None:
    from contractdossier.recognise.clauses import title_of
    from contractdossier.records import ExtractedText, PageText

    text = "Leveringsovereenkomst meubilair en\nstoffering\nPartijen\n1. Een B.V."
    page = PageText(1, text, 0)
    assert (
        title_of(ExtractedText((page,), "nl", 1)) == "Leveringsovereenkomst meubilair en stoffering"
    )
    single = "Huurovereenkomst bedrijfsruimte\nkenmerk X-1\nPartijen"
    page = PageText(1, single, 0)
    assert title_of(ExtractedText((page,), "nl", 1)) == "Huurovereenkomst bedrijfsruimte"


def test_a_page_footer_with_its_number_is_no_clause() -> None:
    # each page one long paragraph, then its footer "1 │ Page", "2 │ Page", ...: the footers
    # counting 1, 2, 3 are no sections; 6 and 8 are
    long = "The Developer shall build the Application and the Client shall pay the fees. " * 6
    text = doc(
        "APPLICATION DEVELOPMENT AGREEMENT This Agreement is entered into as of March 20, 2020. "
        + long
        + "\n\n1 │ Page\n\n(b) Responsibilities after Termination. "
        + long
        + "\n\n2 │ Page\n\n6. CONFIDENTIAL INFORMATION. The Developer keeps it secret. "
        + long
        + "\n\n3 │ Page\n\n8. WARRANTIES. (a) Performance. The Developer warrants. "
        + long
        + "\n\n4 │ Page\n\n"
        + long
        + "\n\n5 │ Page\n",
        language="en",
    )
    assert [(c.ref, c.heading) for c in segment(text, "d")] == [
        ("6", "CONFIDENTIAL INFORMATION"),
        ("8", "WARRANTIES"),
    ]
