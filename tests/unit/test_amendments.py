"""Amendments: detection, what they amend, and their new values (not the old ones)."""

from __future__ import annotations

import datetime as dt

from contractdossier.recognise import clauses as clause_mod
from contractdossier.recognise.amendments import detect
from contractdossier.recognise.terms import recognise_terms
from contractdossier.records import ExtractedText, PageText

DOC = "c" * 64

AMENDMENT_NL = """Eerste wijzigingsovereenkomst
bij de Overeenkomst SaaS-dienstverlening Zorgplatform van 12 december 2024, kenmerk ELZ-ICT-2024-031

DE ONDERGETEKENDEN:
1. Elzenhoeve Zorg B.V., gevestigd te Amsterdam, hierna te noemen 'Opdrachtgever';
2. Wolkenveld Software B.V., gevestigd te Utrecht, hierna te noemen 'Opdrachtnemer';

NEMEN HET VOLGENDE IN AANMERKING:
A. Partijen hebben op 12 december 2024 de Overeenkomst SaaS-dienstverlening Zorgplatform gesloten
(hierna: de 'Overeenkomst'), met als Ingangsdatum 1 januari 2025.
B. Op grond van artikel 5.1 van de Overeenkomst eindigt de initiële looptijd van drie (3) jaar op
31 december 2027.

EN KOMEN OVEREEN ALS VOLGT:

Artikel 1 Wijziging van de looptijd
1.1 Artikel 5.1 van de Overeenkomst komt te luiden: “Deze Overeenkomst treedt in werking op
1 januari 2025 (de 'Ingangsdatum') en wordt aangegaan voor een initiële looptijd van vier (4)
jaar, eindigend op 31 december 2028.”
1.2 Artikel 5.2 van de Overeenkomst, op grond waarvan de Overeenkomst na afloop van de initiële
looptijd telkens stilzwijgend wordt verlengd met een periode van twaalf (12) maanden, blijft
ongewijzigd.

Artikel 2 Wijziging van de opzegtermijn
2.1 In artikel 5.3 van de Overeenkomst worden de woorden 'drie (3) maanden' vervangen door 'zes (6)
maanden'.

Artikel 4 Slotbepalingen
4.1 Deze wijzigingsovereenkomst treedt in werking op 1 oktober 2026.

Opdrachtgever\tOpdrachtnemer
Naam: J.H. Verbeek\tNaam: R.P.M. Hoogland
Plaats: Amsterdam\tPlaats: Utrecht
Datum: 22 september 2026\tDatum: 29 september 2026
"""


def extracted(text: str, language: str = "nl") -> ExtractedText:
    return ExtractedText((PageText(1, text, 0),), language, 1)


def test_dutch_amendment_is_detected_with_what_it_amends() -> None:
    text = extracted(AMENDMENT_NL)
    info = detect(text, clause_mod.segment(text, DOC), "nl", DOC)
    assert info is not None
    assert info.kind == "eerste wijzigingsovereenkomst"
    assert info.number == 1
    assert info.amends == "Overeenkomst SaaS-dienstverlening Zorgplatform"
    assert info.amends_date == dt.date(2024, 12, 12)
    assert info.amends_reference == "ELZ-ICT-2024-031"
    assert info.effective_date == dt.date(2026, 10, 1)
    assert info.matches("OVEREENKOMST SAAS-DIENSTVERLENING ZORGPLATFORM")
    assert not info.matches("Huurovereenkomst kantoorruimte Kadewerf")
    assert info.evidence.document == DOC


def test_replacement_gives_the_new_value_only() -> None:
    text = extracted(AMENDMENT_NL)
    clauses = clause_mod.segment(text, DOC)
    info = detect(text, clauses, "nl", DOC)
    assert info is not None
    [rep] = info.replacements
    assert (rep.old, rep.new) == ("drie (3) maanden", "zes (6) maanden")
    assert rep.amended_clause == "5.3"
    assert (rep.field, rep.new_value) == ("notice_period", "P6M")
    facts = {f.field: f for f in recognise_terms(text, clauses, "nl", DOC)}
    assert facts["notice_period"].value == "P6M"


def test_amendment_terms_are_its_own_and_the_new_ones() -> None:
    text = extracted(AMENDMENT_NL)
    facts = {f.field: f for f in recognise_terms(text, clause_mod.segment(text, DOC), "nl", DOC)}
    assert facts["start_date"].value == "2026-10-01"  # not the restated 1 januari 2025
    assert facts["end_date"].value == "2028-12-31"  # not the old end in recital B
    assert facts["signing_date"].value == "2026-09-29"
    assert facts["renewal"].value["type"] == "automatic"
    assert "initial_term" not in facts  # start + term would mix the amendment's own start in


def test_english_amendment_title() -> None:
    text = extracted(
        "FIRST AMENDMENT TO SUPPLY AND MANUFACTURING AGREEMENT\n"
        "This First Amendment (this “Amendment”) is entered into as of June 22, 2018 by and "
        "between Cerus Corporation and Fenwal, Inc. Section 3.1 of the Agreement is amended by "
        "replacing “thirty (30) days” with “sixty (60) days” in the notice provision.\n",
        language="en",
    )
    info = detect(text, (), "en", DOC)
    assert info is not None
    assert info.amends == "SUPPLY AND MANUFACTURING AGREEMENT"
    assert info.matches("Supply and Manufacturing Agreement")
    [rep] = info.replacements
    assert (rep.old, rep.new, rep.new_value) == ("thirty (30) days", "sixty (60) days", "P60D")
    assert rep.field == "notice_period"


def test_a_main_contract_is_no_amendment() -> None:
    text = extracted(
        "ICT-BEHEEROVEREENKOMST\n\nArtikel 24 Slotbepalingen\n24.1 Wijzigingen van en aanvullingen "
        "op de Overeenkomst zijn slechts geldig indien zij schriftelijk zijn overeengekomen. Een "
        "addendum wordt door beide Partijen ondertekend.\n"
    )
    assert detect(text, (), "nl", DOC) is None


def test_an_addendum_listed_among_the_contracts_documents_makes_no_amendment() -> None:
    text = extracted(
        "RESELLER AGREEMENT\n\nAGREEMENT NUMBER: 200-04-634-00\n\nTHE EFFECTIVE DATE OF THIS "
        "RESELLER AGREEMENT SHALL BE: Sept 29, 2004\n\nThe following documents are incorporated "
        "herein by reference:\n\nReseller Agreement\n\nPremier Addendum\n\n3. TERM\nThe initial "
        "term of this Agreement shall be for a period of one (1) year from the Effective Date.\n",
        "en",
    )
    assert detect(text, (), "en", DOC) is None
    facts = {f.field: f.value for f in recognise_terms(text, (), "en", DOC)}
    assert facts.get("initial_term") == "P1Y"
