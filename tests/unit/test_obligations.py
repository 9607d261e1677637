"""Obligations: who must do what, by when (Dutch and English)."""

from __future__ import annotations

import datetime as dt

import pytest

from contractdossier import deadlines
from contractdossier.recognise.obligations import find_obligations
from contractdossier.records import ExtractedText, Obligation, PageText

DOC = "b" * 64

PREAMBLE_NL = (
    "Elzenhoeve Zorg B.V., gevestigd te Amsterdam, hierna te noemen: “Opdrachtgever”;\n"
    "Wolkenveld Software B.V., gevestigd te Utrecht, hierna te noemen: “Opdrachtnemer”;\n\n"
)
PREAMBLE_EN = (
    'QUILLMERE SOFTWARE LTD., a company incorporated in England ("Supplier"); and ELZENHOEVE '
    'ZORG B.V., a Dutch company ("Customer").\n\n'
)
ANCHORS = {
    deadlines.SIGNING: dt.date(2024, 12, 12),
    deadlines.START: dt.date(2025, 1, 1),
}


def obligations(
    body: str, language: str = "nl", anchors: dict[str, dt.date] | None = None
) -> list[Obligation]:
    preamble = PREAMBLE_EN if language == "en" else PREAMBLE_NL
    text = ExtractedText((PageText(1, preamble + body, 0),), language, 1)
    found = find_obligations(
        text, (), language, DOC, anchors=ANCHORS if anchors is None else anchors
    )
    for o in found:
        assert 0.0 <= o.confidence <= 1.0
        assert o.evidence.document == DOC and o.evidence.quote
    return list(found)


def one(body: str, language: str = "nl", anchors: dict[str, dt.date] | None = None) -> Obligation:
    found = [o for o in obligations(body, language, anchors) if o.due is not None]
    assert len(found) == 1, found
    return found[0]


def test_within_days_after_signing() -> None:
    o = one(
        "3.1 Opdrachtnemer levert binnen 30 dagen na ondertekening van deze Overeenkomst een "
        "implementatieplan."
    )
    assert o.party == "Opdrachtnemer"
    assert o.due == "binnen 30 dagen na ondertekening van deze Overeenkomst"
    assert o.due_date == dt.date(2025, 1, 11)
    assert o.recurring is None
    assert o.action.startswith("levert") and "implementatieplan" in o.action
    assert o.confidence >= 0.8


def test_working_days_across_christmas() -> None:
    o = one(
        "3.1 Opdrachtnemer levert binnen tien (10) werkdagen na ondertekening van deze "
        "Overeenkomst een implementatieplan en de beheeraccounts voor de Dienst."
    )
    # 13, 16-20, 23, 24, (25, 26 Christmas), 27, 30 December
    assert o.due_date == dt.date(2024, 12, 30)
    before = one(
        "3.2 Opdrachtgever stelt uiterlijk vijf (5) werkdagen vóór de Ingangsdatum de te migreren "
        "gegevens beschikbaar."
    )
    assert before.party == "Opdrachtgever"
    assert before.due == "uiterlijk vijf (5) werkdagen vóór de Ingangsdatum"
    assert before.due_date == dt.date(2024, 12, 23)


def test_event_deadline_keeps_the_rule_and_resolves_the_role_alias() -> None:
    body = (
        "9.1 Voor de toepassing van de AVG is Opdrachtgever verwerkingsverantwoordelijke en "
        "Opdrachtnemer verwerker (in dit artikel: 'Verwerker').\n"
        "9.3 Verwerker meldt een datalek binnen 24 uur na ontdekking aan Opdrachtgever."
    )
    o = one(body)
    assert o.party == "Opdrachtnemer"
    assert o.due == "binnen 24 uur na ontdekking"
    assert o.due_date is None
    assert o.rule == "binnen 24 uur na ontdekking"


def test_english_no_later_than_a_date() -> None:
    o = one(
        "3.1 Supplier shall deliver the Software and the Documentation to Customer no later than "
        "May 15, 2024.",
        language="en",
    )
    assert o.party == "Supplier"
    assert o.due == "no later than May 15, 2024"
    assert o.due_date == dt.date(2024, 5, 15)
    assert o.action.startswith("shall deliver the Software")


def test_english_leading_deadline_and_event() -> None:
    o = one(
        "6.4 Within fourteen (14) days after termination or expiry, Supplier shall return all "
        "Customer data in a commonly used format and then delete it.",
        language="en",
    )
    assert o.party == "Supplier"
    assert o.due == "Within fourteen (14) days after termination or expiry"
    assert o.due_date is None


def test_recurring_payment_in_advance() -> None:
    o = one("3.3 Huurder betaalt de huur per kwartaal vooruit.")
    assert o.party == "Huurder"
    assert o.recurring == "P3M"
    assert o.due == "per kwartaal vooruit"


def test_yearly_fixed_day_gives_the_first_occurrence_in_the_term() -> None:
    o = one(
        "9.3 Opdrachtnemer overlegt jaarlijks, uiterlijk op 15 april, een kopie van het "
        "certificaat aan Opdrachtgever."
    )
    assert o.due == "jaarlijks, uiterlijk op 15 april"
    assert o.recurring == "P1Y"
    assert o.due_date == dt.date(2025, 4, 15)


def test_after_each_quarter_with_the_cycle_elsewhere_in_the_sentence() -> None:
    o = one(
        "4.1 Opdrachtnemer voert ieder kwartaal een kwaliteitsmeting uit en rapporteert de "
        "uitkomst binnen tien (10) werkdagen na afloop van het kalenderkwartaal aan Opdrachtgever."
    )
    assert o.due == "binnen tien (10) werkdagen na afloop van het kalenderkwartaal"
    assert o.recurring == "P3M"
    assert o.due_date == dt.date(2025, 4, 14)


def test_permissions_and_exemptions_are_not_obligations() -> None:
    found = obligations(
        "1.1 Opdrachtgever kan de Overeenkomst binnen 30 dagen na ontvangst opzeggen.\n"
        "1.2 Opdrachtnemer mag onderaannemers inschakelen.\n"
        "1.3 Opdrachtnemer is niet aansprakelijk voor indirecte schade.\n"
        "1.4 Opdrachtnemer krijgt 3 weken om de wijziging te ondertekenen.\n"
        "1.5 Licentiegever betekent de persoon die rechten verleent onder deze Licentie.\n"
        "1.6 Opdrachtgever mag de prijs verlagen als:\n"
        "- Opdrachtnemer een aantoonbaar uniek aanbod levert;\n"
        "- Opdrachtnemer binnen 12 maanden een klanttevredenheid van 8 of hoger haalt.\n"
    )
    assert found == []
    english = obligations(
        "2.1 Customer may terminate this Agreement within thirty (30) days.\n"
        "2.2 Supplier shall not be liable for any indirect loss.\n"
        "2.3 Supplier shall be entitled to suspend the Services.\n",
        language="en",
    )
    assert english == []
    options = obligations(
        "3.1 Customer shall have the option to renew this Agreement for an additional three (3) "
        "year period by giving written notice within ninety (90) days of the end of the term.\n"
        "3.2 Supplier shall have a right of first refusal to supply any additional products.\n"
        "3.3 No member of the Steering Committee shall have any liability under this Agreement.\n"
        "3.5 Supplier shall have the exclusive right to institute infringement actions.\n"
        "3.6 Customer shall receive a bonus of $5,000 and shall also be entitled to a rebate.\n"
        "3.7 Supplier shall be reimbursed for its out-of-pocket expenses.\n"
        "3.8 Customer shall not be in default by reason of any failure caused by force majeure.\n"
        "3.9 Supplier shall also be entitled to bonuses based on performance.\n"
        "3.10 Customer shall thereafter have the right to terminate this Agreement.\n"
        "3.4 Supplier shall deliver the Products within thirty (30) days after the order.\n",
        language="en",
    )
    assert [o.action for o in options] == ["shall deliver the Products"]


def test_duty_without_deadline_has_low_confidence() -> None:
    [o] = obligations(
        "6.5 Klant houdt de inloggegevens van de gebruikers geheim.".replace(
            "Klant", "Opdrachtgever"
        )
    )
    assert o.due is None and o.due_date is None and o.rule is None
    assert o.confidence < 0.6


def test_evidence_span_is_the_deadline_phrase() -> None:
    body = "4.3 Opdrachtnemer rondt de Transitie uiterlijk op 31 mei 2024 af."
    [o] = obligations(body)
    full = PREAMBLE_NL + body
    assert o.evidence.start is not None and o.evidence.end is not None
    assert full[o.evidence.start : o.evidence.end] == "uiterlijk op 31 mei 2024"
    assert o.due_date == dt.date(2024, 5, 31)
    assert o.action == "rondt de Transitie af"


def test_strictly_before_a_date() -> None:
    o = one(
        "5.3 Opdrachtgever stelt vóór 14-12-2024 een bankgarantie ten gunste van Opdrachtnemer."
    )
    assert o.due == "vóór 14-12-2024"
    assert o.due_date == dt.date(2024, 12, 13)


def test_immediately_but_no_later_than() -> None:
    o = one(
        "10.4 Opdrachtnemer informeert Opdrachtgever onverwijld, doch uiterlijk binnen "
        "vierentwintig (24) uur na ontdekking, over een inbreuk."
    )
    assert o.due == "onverwijld, doch uiterlijk binnen vierentwintig (24) uur na ontdekking"
    assert o.due_date is None


def test_passive_duties_fall_on_the_payer_or_the_performer() -> None:
    paid = one("4.1 Facturen worden binnen dertig (30) dagen na factuurdatum betaald.\n")
    assert paid.party == "Opdrachtgever" and paid.due is not None
    assert paid.confidence < 0.8  # the party is inferred: to be checked
    done = one(
        "3.5 Meldingen van gebruikers worden binnen vijf (5) werkdagen na ontvangst "
        "afgehandeld.\n"
    )
    assert done.party == "Opdrachtnemer"
    assert done.due is not None and done.due.startswith("binnen vijf (5) werkdagen")
    named = one("3.6 Het rapport wordt door Opdrachtgever uiterlijk op 1 maart 2025 verstrekt.\n")
    assert named.party == "Opdrachtgever" and named.due_date == dt.date(2025, 3, 1)


def test_a_passive_clause_without_deadline_or_duty_is_no_obligation() -> None:
    assert obligations("5.1 De overeenkomst wordt stilzwijgend verlengd met een jaar.\n") == []
    assert obligations("5.2 Facturen worden niet betaald zolang zij onjuist zijn.\n") == []
    assert obligations("5.3 De rapportage wordt zorgvuldig uitgevoerd.\n") == []


def test_a_window_is_due_by_its_last_day_and_not_before_is_no_deadline() -> None:
    ob = one(
        "3.3 De eerste maaironde wordt jaarlijks uitgevoerd in de periode van 15 mei tot en met "
        "20 juni, met uitzondering van de bloemrijke bermen, die niet vóór 1 juli worden "
        "gemaaid.\n"
    )
    assert ob.party == "Opdrachtnemer"
    assert ob.due == "in de periode van 15 mei tot en met 20 juni"
    assert ob.due_date == dt.date(2025, 6, 20)


def test_an_inverted_duty_reads_without_its_party_and_a_granted_right_is_none() -> None:
    found = obligations(
        "5.2 Indien Keuring plaatsvindt:\n"
        "a. houdt Opdrachtnemer het Product gereed binnen tien werkdagen na de bestelling;\n"
        "5.3 Op eerste verzoek verstrekt Opdrachtnemer binnen vijf werkdagen een kopie van de "
        "polis.\n"
        "5.4 Een hierop gebaseerde aanspraak geeft Opdrachtgever ook een zelfstandig "
        "verhaalsrecht op Opdrachtnemer.\n"
        "5.5 Opdrachtgever verleent Opdrachtnemer het recht om de software te gebruiken.\n"
        "5.6 Deze overeenkomst verplicht Opdrachtgever niet tot het plaatsen van opdrachten.\n"
        "5.7 Bij te late levering verliest Opdrachtnemer het recht op betaling.\n"
    )
    assert [(o.party, o.action) for o in found] == [
        ("Opdrachtnemer", "houdt het Product gereed"),
        ("Opdrachtnemer", "verstrekt een kopie van de polis"),
    ]


def test_the_anchor_of_a_deadline_ends_before_the_manner_or_a_second_duty() -> None:
    first, second = obligations(
        "3.4 Opdrachtnemer is bij calamiteiten binnen twee (2) uur na melding ter plaatse en "
        "neemt de nodige maatregelen.\n"
        "3.5 Opdrachtgever deelt uiterlijk drie (3) maanden vóór het einde van de looptijd "
        "schriftelijk mee of hij de Overeenkomst verlengt.\n"
    )
    assert first.due == "binnen twee (2) uur na melding"
    assert second.due == "uiterlijk drie (3) maanden vóór het einde van de looptijd"
    decide, paid = obligations(
        "5.2 Opdrachtgever beslist binnen vijf (5) Werkdagen na ontvangst over goedkeuring.\n"
        "5.3 Opdrachtgever betaalt binnen 5 werkdagen na de betalingstermijn die Opdrachtgever "
        "met de Derde heeft afgesproken.\n"
    )
    [catalogue] = obligations(
        "6.2 Bruiklener zendt Uitlener binnen één (1) maand na de opening van de Tentoonstelling "
        "kosteloos twee catalogi toe.\n"
    )
    assert catalogue.due == "binnen één (1) maand na de opening van de Tentoonstelling"
    assert (decide.action, decide.due) == (
        "beslist over goedkeuring",
        "binnen vijf (5) Werkdagen na ontvangst",
    )
    # inside a relative clause "met" belongs to it: the anchor runs on
    assert paid.due == (
        "binnen 5 werkdagen na de betalingstermijn die Opdrachtgever met de Derde heeft afgesproken"
    )
    [split] = obligations(
        "6.3 Huurder levert het gehuurde bij het einde van de huur op in de staat die in het "
        "proces-verbaal van oplevering is beschreven.\n"
    )
    assert split.due == "bij het einde van de huur"
    assert split.action.startswith("levert het gehuurde op in de staat")
    english = one(
        "4.1 Supplier shall inspect the goods within ten (10) days after delivery and shall "
        "notify Customer of any defect.",
        language="en",
    )
    assert english.due == "within ten (10) days after delivery"
    bare = one(
        "3.3 Customer shall carry out acceptance tests within fifteen (15) Business Days after "
        "delivery and notify Supplier of any material non-conformity found.",
        language="en",
    )
    assert bare.due == "within fifteen (15) Business Days after delivery"
    assert bare.action == (
        "shall carry out acceptance tests and notify Supplier of any material non-conformity found"
    )


def test_a_cycle_keeps_the_part_of_the_period_it_names() -> None:
    [meeting] = obligations(
        "2.4 The Parties shall hold a steering meeting in the first month of each calendar "
        "quarter.\n",
        language="en",
    )
    assert (meeting.action, meeting.due) == (
        "shall hold a steering meeting",
        "in the first month of each calendar quarter",
    )
    assert meeting.recurring == "P3M"
    [report] = obligations("2.5 Opdrachtnemer rapporteert in de laatste week van iedere maand.\n")
    assert report.due == "in de laatste week van iedere maand" and report.recurring == "P1M"


def test_defined_terms_for_things_are_no_parties() -> None:
    found = obligations(
        '1.1 The fees set out in Schedule 2 (the "Service Fee") and the agreement between '
        'Supplier and its parent (the "Supply Agreement") are referred to below.\n'
        "1.2 The Supply Agreement shall take precedence over any purchase order.\n"
        "1.3 The Service Fee shall be adjusted annually to the consumer price index.\n"
        "1.4 Supplier shall deliver the Products within thirty (30) days after the order.\n",
        language="en",
    )
    assert [(o.party, o.action) for o in found] == [("Supplier", "shall deliver the Products")]


def test_an_english_passive_duty_with_its_agent_and_deadline() -> None:
    found = obligations(
        "5.1 All fees shall be paid by Customer within thirty (30) days of the invoice date.\n"
        "5.2 Monthly reports will be submitted by Supplier no later than the fifth day of each "
        "month.\n"
        "5.3 All fees shall be paid by Customer.\n"  # no deadline: not read from a passive
        "5.4 Deliveries shall be made by a carrier within ten (10) days.\n",  # no party
        language="en",
    )
    assert [(o.party, o.due) for o in found] == [
        ("Customer", "within thirty (30) days of the invoice date"),
        ("Supplier", "no later than the fifth day of each month"),
    ]
    assert found[0].action.startswith("All fees shall be paid by Customer")


def test_two_parties_bound_together_share_the_duty() -> None:
    found = obligations(
        "6.1 Supplier and Customer shall cooperate in the defense of any such claim within ten "
        "(10) days.\n"
        "6.2 The parties agree that Customer and Supplier shall each bear their own costs.\n"
        "6.3 Supplier shall deliver the Products and Customer shall pay for them.\n"
        "6.4 Supplier and Customer shall hereinafter be individually referred to as a Party.\n",
        language="en",
    )
    assert [o.party for o in found] == [
        "Supplier and Customer",
        "Customer and Supplier",
        "Supplier",
        "Customer",  # 6.3: each its own duty
    ]


@pytest.mark.parametrize(
    ("body", "language", "due"),
    [
        (
            "7.1 Opdrachtgever betaalt de prijs binnen 30 dagen na ontvangst van de factuur indien "
            "deze voldoet aan het bepaalde in artikel 9.",
            "nl",
            "binnen 30 dagen na ontvangst van de factuur",
        ),
        (
            "7.2 Supplier shall deliver the Products within 30 days after the date of receipt "
            "unless otherwise agreed in writing.",
            "en",
            "within 30 days after the date of receipt",
        ),
    ],
)
def test_a_condition_ends_the_deadline(body: str, language: str, due: str) -> None:
    [o] = obligations(body + "\n", language=language)
    assert o.due == due


def test_two_parties_duties_in_one_sentence_are_two_obligations() -> None:
    found = obligations(
        "4.1 Supplier shall deliver the Products within ten (10) days after the order and "
        "Customer shall pay the invoice within thirty (30) days after delivery.\n"
        "4.2 Supplier and Customer shall meet every quarter.\n",
        language="en",
    )
    assert [(o.party, o.action, o.due) for o in found] == [
        ("Supplier", "shall deliver the Products", "within ten (10) days after the order"),
        ("Customer", "shall pay the invoice", "within thirty (30) days after delivery"),
        ("Supplier and Customer", "shall meet", "every quarter"),
    ]
    # a modal without its own action before the second party stays one duty
    [o] = obligations(
        "5.1 Within thirty (30) days of the end of each calendar quarter, Customer will, and "
        "Supplier will cause Customer to, furnish a statement of the Gross Revenue.\n",
        language="en",
    )
    assert o.due == "Within thirty (30) days of the end of each calendar quarter"
