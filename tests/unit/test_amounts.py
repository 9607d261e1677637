"""Money amounts in Dutch and English contract text."""

from __future__ import annotations

from typing import Any

import pytest

from contractdossier.recognise import clauses as clause_mod
from contractdossier.recognise.amounts import find_amounts, parse_money
from contractdossier.records import ExtractedText, PageText

DOC = "a" * 64


def amounts(text: str, language: str = "nl", with_clauses: bool = False) -> list[dict[str, Any]]:
    extracted = ExtractedText((PageText(1, text, 0),), language, 1)
    clauses = clause_mod.segment(extracted, DOC) if with_clauses else ()
    facts = find_amounts(extracted, clauses, language, DOC)
    for fact in facts:
        assert fact.field == "amount"
        assert 0.0 <= fact.confidence <= 1.0
        assert fact.evidence is not None and fact.evidence.quote
    return [dict(f.value, confidence=f.confidence) for f in facts]


@pytest.mark.parametrize(
    ("number", "scale", "expected"),
    [
        ("12.500,00", None, 12500.0),
        ("1,200.00", None, 1200.0),
        ("5,000", None, 5000.0),
        ("12.000", None, 12000.0),
        ("5.000,-", None, 5000.0),
        ("1.250.000", None, 1250000.0),
        ("0,0150", None, 0.015),
        ("38,75", None, 38.75),
        ("9.99", None, 9.99),
        ("2.5", "million", 2_500_000.0),
        ("3", "miljoen", 3_000_000.0),
    ],
)
def test_parse_money(number: str, scale: str | None, expected: float) -> None:
    parsed = parse_money(number, scale)
    assert parsed is not None
    assert parsed[0] == pytest.approx(expected)


def test_dutch_amount_with_vat_and_period() -> None:
    [found] = amounts(
        "6.1 Voor de Dienst is Opdrachtgever een vaste vergoeding verschuldigd van € 12.500,00 "
        "excl. btw per maand."
    )
    assert found["value"] == 12500.0
    assert found["currency"] == "EUR"
    assert found["text"] == "€ 12.500,00"
    assert found["vat"] == "excl"
    assert found["period"] == "P1M"
    assert found["what"] == "vaste vergoeding"


def test_words_and_figures_are_one_amount() -> None:
    found = amounts(
        "10.1 Bij overtreding verbeurt Distributeur een boete van vijfduizend euro (€ 5.000,-) per "
        "overtreding, te vermeerderen met € 500,- voor iedere dag dat de overtreding voortduurt."
    )
    assert [(a["value"], a["text"]) for a in found] == [
        (5000.0, "vijfduizend euro (€ 5.000,-)"),
        (500.0, "€ 500,-"),
    ]
    assert found[0]["period"] is None
    assert found[1]["period"] == "P1D"


def test_figures_then_words() -> None:
    [found] = amounts(
        "Inlener is een vergoeding verschuldigd van € 15.000,00 (zegge: vijftienduizend euro) "
        "excl. btw."
    )
    assert found["value"] == 15000.0
    assert found["text"] == "€ 15.000,00 (zegge: vijftienduizend euro)"
    assert found["vat"] == "excl"
    [english] = amounts(
        "5.1 Customer shall pay an annual licence fee of EUR 48,000.00 (forty-eight thousand "
        "euros), exclusive of VAT, invoiced annually in advance.",
        language="en",
    )
    assert english["value"] == 48000.0
    assert english["text"] == "EUR 48,000.00 (forty-eight thousand euros)"
    assert english["vat"] == "excl"
    assert english["period"] == "P1Y"


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("The fee is EUR 1,200.00 per month.", 1200.0, "EUR"),
        ("Customer shall pay $5,000 upon signing.", 5000.0, "USD"),
        ("a cap of USD 250,000 in aggregate", 250000.0, "USD"),
        ("a daily rate of GBP 1,150.00", 1150.0, "GBP"),
        ("a bank guarantee of EUR 12.000 from a Dutch bank", 12000.0, "EUR"),
        ("a one-off fee of €9,500.00, exclusive of VAT", 9500.0, "EUR"),
        ("US$ 2.5 million in total", 2_500_000.0, "USD"),
    ],
)
def test_currencies_and_separators(text: str, value: float, currency: str) -> None:
    [found] = amounts(text, language="en")
    assert found["value"] == pytest.approx(value)
    assert found["currency"] == currency


def test_amount_in_words_only() -> None:
    [found] = amounts("Nadere Opdrachten met een waarde van meer dan vijfentwintigduizend euro.")
    assert found["value"] == 25000.0
    assert found["text"] == "vijfentwintigduizend euro"
    assert found["confidence"] < 0.9  # words only: less sure than printed figures


def test_vat_inclusive_and_following_phrase() -> None:
    found = amounts(
        "3.1 De huurprijs bedraagt € 185,00 per parkeerplaats per maand, in totaal € 950,00 per "
        "maand, te vermeerderen met de verschuldigde omzetbelasting, zijnde € 1.149,50 per maand "
        "inclusief btw."
    )
    assert [(a["value"], a["vat"], a["period"]) for a in found] == [
        (185.0, "excl", "P1M"),
        (950.0, "excl", "P1M"),
        (1149.5, "incl", "P1M"),
    ]


def test_document_wide_vat_statement_applies_to_prices_only() -> None:
    found = amounts(
        "Abonnementsvergoeding € 51,00 per gebruiker per maand.\n"
        "Alle bedragen zijn exclusief btw.\n"
        "7.1 De aansprakelijkheid van Leverancier is beperkt tot € 25.000,00 per jaar.\n"
    )
    assert [(a["value"], a["vat"]) for a in found] == [(51.0, "excl"), (25000.0, None)]
    assert found[1]["period"] == "P1Y"


def test_once_per_clause() -> None:
    text = (
        "Artikel 1 Prijs\n\n1.1 De prijs is € 100,00. Ter verduidelijking: € 100,00 is de "
        "prijs.\n\n"
        "Artikel 2 Boete\n\n2.1 De boete is € 100,00.\n"
    )
    found = amounts(text, with_clauses=True)
    assert [a["value"] for a in found] == [100.0, 100.0]


def test_years_and_percentages_are_not_amounts() -> None:
    assert amounts("In 2024 stijgen de tarieven met 3% en de index 2015=100 geldt.") == []


def test_hourly_rate() -> None:
    [found] = amounts("Meerwerk wordt vergoed tegen een uurtarief van € 112,50 excl. btw.")
    assert found["period"] == "PT1H"
    assert found["what"] == "uurtarief"


def test_currency_word_before_or_after_the_number() -> None:
    found = amounts("Een bedrag van EURO 5.000 en daarnaast 750 euro administratiekosten.")
    assert [(a["value"], a["currency"]) for a in found] == [(5000.0, "EUR"), (750.0, "EUR")]


def test_a_currency_word_that_ends_a_sentence_takes_no_number_after_it() -> None:
    # "luiden in euro." ends article 9.1; "9.2." numbers the next paragraph, not an amount
    text = (
        "9.1. De prijzen zijn inclusief kosten van vervoer en luiden in euro.\n"
        "9.2. De prijzen zijn vast. Alle bedragen zijn in euro. 12 maanden na de start\n"
        "volgt een evaluatie. Het abonnement kost EUR.\n250 per maand, de licentie USD. 75.\n"
    )
    assert [(a["value"], a["currency"]) for a in amounts(text)] == [(75.0, "USD")]


def test_what_an_amount_is_for_starts_after_the_article() -> None:
    [korting] = amounts(
        "7.2 Voor iedere tekortkoming is Opdrachtnemer een korting verschuldigd van € 500,00."
    )
    assert korting["what"] == "korting"
    [fee] = amounts("Licensee shall pay Licensor an annual fee of EUR 1,200.00.", language="en")
    assert fee["what"] == "annual fee"


def test_a_table_row_names_its_amount() -> None:
    found = amounts(
        "6.1 Voor Nadere Opdrachten gelden de volgende vaste uurtarieven, inclusief alle kosten:\n"
        "Functieniveau Uurtarief (excl. btw)\n"
        "Partner / openbaar accountant € 245,00\n"
        "Manager € 175,00\n"
        "Controleassistent € 95,00\n"
        "6.2 De aansprakelijkheid is beperkt tot een bedrag van € 150.000,00 per gebeurtenis.\n"
    )
    assert [(a["value"], a["what"]) for a in found] == [
        (245.0, "Partner / openbaar accountant"),
        (175.0, "Manager"),
        (95.0, "Controleassistent"),
        (150000.0, "bedrag"),
    ]


def test_a_list_items_letter_names_no_amount() -> None:
    [cap] = amounts(
        "10.1 Supplier's total liability shall not exceed the greater of:\n"
        "(a) the fees paid in the twelve months before the claim; or\n"
        "(b) USD 250,000.\n",
        language="en",
    )
    assert cap["value"] == 250000.0 and cap["what"] is None


def test_prose_that_wrapped_before_an_amount_names_nothing() -> None:
    [deductible] = amounts(
        "4.2 Bruiklener verstrekt een verzekeringsbewijs, waaruit blijkt dat de verzekering is\n"
        "gesloten en dat het eigen risico niet meer bedraagt dan € 2.500,00.\n"
    )
    assert deductible["value"] == 2500.0 and deductible["what"] is None
    [labelled] = amounts("Vaste vergoeding: € 1.200,00\n")
    assert labelled["what"] == "Vaste vergoeding"


def test_a_table_flattened_into_one_line_names_each_amount_by_its_own_cell() -> None:
    found = amounts(
        "MINIMUM PURCHASES\n\nYear 1 $400,000 $300,000 $100,000 Year 2 $700,000 Year 3 "
        "$1,100,000\n",
        language="en",
    )
    assert [(a["text"], a["what"]) for a in found] == [
        ("$400,000", "Year 1"),
        ("$300,000", None),
        ("$100,000", None),
        ("$700,000", "Year 2"),
        ("$1,100,000", "Year 3"),
    ]
    # a piece of prose between two amounts on a line is no cell's label
    [_, second] = amounts("Setup $1,500.00 (waived with web hosting) plus $0.20\n", language="en")
    assert second["what"] is None
