"""Party recognition on short preambles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contractdossier.recognise.parties import _lexicon, _plausible, find_parties
from contractdossier.records import ExtractedText, Fact, PageText

NL_SYNTH = Path("/work/shared/corpus/nl-synth")


def doc(*pages: str, language: str = "nl") -> ExtractedText:
    out, offset = [], 0
    for number, text in enumerate(pages, start=1):
        out.append(PageText(number=number, text=text, offset=offset))
        offset += len(text) + 1
    return ExtractedText(pages=tuple(out), language=language, page_count=len(out))


def values(facts: tuple[Fact, ...]) -> list[tuple[str, str | None, str | None, str]]:
    return [
        (f.value["name"], f.value["role"], f.value["kvk"], f.value["defined_as"]) for f in facts
    ]


DUTCH = doc(
    "ONDERHOUDSOVEREENKOMST LIFTEN\n",
    "DE ONDERGETEKENDEN:\n"
    "1. Woningstichting Het Anker, statutair gevestigd te Zwolle, kantoorhoudende aan de\n"
    "Havenweg 4, 8011 AB Zwolle, ingeschreven in het handelsregister van de Kamer van\n"
    "Koophandel onder nummer 01234567, rechtsgeldig vertegenwoordigd door mevrouw A. de Wit,\n"
    "hierna te noemen: “Opdrachtgever”;\n"
    "en\n"
    "2. Liftservice Oost B.V., gevestigd te Deventer, KvK-nummer 87654321, vertegenwoordigd\n"
    "door de heer B. Smit, hierna: “Opdrachtnemer”,\n"
    "hierna gezamenlijk te noemen: “Partijen”,\n"
    "nemen in aanmerking dat:\n"
    "A. Opdrachtgever de liften wil laten onderhouden door de heer C. Jansen (hierna: “Monteur”);\n"
    "komen overeen als volgt:\n",
)


def test_dutch_preamble_gives_names_roles_and_kvk_numbers() -> None:
    facts = find_parties(DUTCH, "nl", "sha")
    assert values(facts) == [
        ("Woningstichting Het Anker", "Opdrachtgever", "01234567", "Opdrachtgever"),
        ("Liftservice Oost B.V.", "Opdrachtnemer", "87654321", "Opdrachtnemer"),
    ]
    first = facts[0]
    assert first.field == "party"
    assert first.evidence is not None
    assert first.evidence.page == 2
    assert first.evidence.document == "sha"
    assert first.evidence.quote.startswith("Woningstichting Het Anker, statutair gevestigd")
    assert first.evidence.quote.endswith("“Opdrachtgever”")
    full = DUTCH.full_text
    assert full[first.evidence.start : first.evidence.end].startswith("Woningstichting")


def test_defined_terms_that_are_no_party_are_left_out() -> None:
    names = [v[0] for v in values(find_parties(DUTCH, "nl", "sha"))]
    assert all("Partijen" not in n and "Jansen" not in n for n in names)
    assert len(names) == 2


def test_english_between_with_quoted_roles_and_incorporation() -> None:
    text = doc(
        "DISTRIBUTION AGREEMENT\n"
        "This Distribution Agreement (the “Agreement”) is made as of May 1, 2024 (the\n"
        "“Effective Date”) by and between Northwind Widgets, Inc., a Delaware corporation with\n"
        "its principal place of business at 1 Main Street, Dover, Delaware (“Company”), and\n"
        "Southgate Trading Ltd., a company incorporated under the laws of England and Wales\n"
        "(hereinafter referred to as “Distributor”).\n"
        "WHEREAS, Company makes widgets (the “Products”);\n"
        "NOW, THEREFORE, the parties agree as follows:\n",
        language="en",
    )
    assert values(find_parties(text, "en", "x")) == [
        ("Northwind Widgets, Inc.", "Company", None, "Company"),
        ("Southgate Trading Ltd.", "Distributor", None, "Distributor"),
    ]


def test_a_short_name_as_defined_term_leaves_the_role_open_with_lower_confidence() -> None:
    text = doc(
        "This Agreement is entered into by and between Harbor Analytics LLC (“Harbor”) and\n"
        "Pinecrest Medical Group, Inc. (“Customer”).\n",
        language="en",
    )
    facts = find_parties(text, "en", "x")
    assert values(facts) == [
        ("Harbor Analytics LLC", None, None, "Harbor"),
        ("Pinecrest Medical Group, Inc.", "Customer", None, "Customer"),
    ]
    assert facts[0].confidence < facts[1].confidence


def test_order_form_row_with_two_defined_terms() -> None:
    text = doc(
        "Orderformulier\n"
        "Leverancier Cloudwerk B.V., Stationsplein 1, 3511 AA Utrecht, KvK 11223344 (hierna te\n"
        "noemen: “Cloudwerk” of “Leverancier”)\n"
        "Klant Bakkerij De Korf B.V., Markt 3, 6211 CK Maastricht, KvK 55667788\n"
        "(hierna te noemen: “Klant”)\n"
    )
    assert values(find_parties(text, "nl", "x")) == [
        ("Cloudwerk B.V.", "Leverancier", "11223344", "Leverancier"),
        ("Bakkerij De Korf B.V.", "Klant", "55667788", "Klant"),
    ]


def test_no_preamble_no_parties() -> None:
    assert find_parties(doc("Artikel 1 Definities\nHet Werk: de werkzaamheden.\n"), "nl", "x") == ()
    assert find_parties(doc(""), "nl", "x") == ()


@pytest.mark.skipif(not NL_SYNTH.is_dir(), reason="development corpus not available")
def test_nl_synth_parties_from_ground_truth_text() -> None:
    labels = [json.loads(x) for x in (NL_SYNTH / "labels.jsonl").read_text().splitlines() if x]
    total = found = 0
    for label in labels:
        raw = (NL_SYNTH / "text" / (label["file"][:-4] + ".txt")).read_text(encoding="utf-8")
        got = {
            (v["name"], v["role"], v["kvk"])
            for v in (f.value for f in find_parties(doc(*raw.split("\f")), "nl", "x"))
        }
        for party in label["parties"]:
            total += 1
            found += (party["name"], party["role"], party["kvk"]) in got
    assert found / total >= 0.9


def en(*pages: str) -> list[tuple[str, str | None, str | None, str]]:
    return values(find_parties(doc(*pages, language="en"), "en", "x"))


def names(*pages: str) -> list[str]:
    return [v[0] for v in en(*pages)]


def test_backticks_and_doubled_quotes_mark_defined_terms() -> None:
    assert en(
        "This Supply Agreement is made between Quarry Lane Foods, Inc. (``Buyer'') and\n"
        "Hollow Creek Farms LLC (‘‘Seller’’).\n"
    ) == [
        ("Quarry Lane Foods, Inc.", "Buyer", None, "Buyer"),
        ("Hollow Creek Farms LLC", "Seller", None, "Seller"),
    ]


def test_more_filler_words_before_a_quoted_term() -> None:
    assert names(
        "This Lease is entered into by and between Marlow Estates Ltd. (hereinafter sometimes\n"
        "referred to as the “Landlord”) and Tidewater Bakery Corp. (also known as “Tenant”).\n"
    ) == ["Marlow Estates Ltd.", "Tidewater Bakery Corp."]


def test_rest_of_a_parenthesis_with_a_collective_term_is_no_party() -> None:
    # the second party follows "), " after a parenthesis that also defines a group
    assert en(
        "This Agreement is made by and among ALDER RIDGE CAPITAL LLC (“Alder”), BRISK HARBOR\n"
        "PARTNERS LLC, (“Brisk” and, together with Alder, the “Sponsors”), CINDER PEAK FUND L.P.\n"
        "(“Cinder”) and DUNMORE TRUST COMPANY (“Trustee”).\n"
    ) == [
        ("ALDER RIDGE CAPITAL LLC", None, None, "Alder"),
        ("BRISK HARBOR PARTNERS LLC", None, None, "Brisk"),
        ("CINDER PEAK FUND L.P.", None, None, "Cinder"),
        ("DUNMORE TRUST COMPANY", "Trustee", None, "Trustee"),
    ]


def test_unquoted_acronym_and_company_name_with_commas() -> None:
    assert en(
        "SERVICES AGREEMENT\n"
        "Northern Plains Cooperative Association of Farmers, a Kansas cooperative (NPCAF) and\n"
        "Whitfield, Barnes & Oyelaran-Price, Inc., an Ohio corporation, (“Adviser”) agree:\n"
    ) == [
        ("Northern Plains Cooperative Association of Farmers", None, None, "NPCAF"),
        ("Whitfield, Barnes & Oyelaran-Price, Inc.", "Adviser", None, "Adviser"),
    ]


def test_unquoted_hereinafter_term() -> None:
    assert en(
        "This Agreement is made between Kestrel Optics GmbH (hereinafter referred to as the\n"
        "Licensor) and Lumen Bay Pte. Ltd. (hereinafter Licensee).\n"
    ) == [
        ("Kestrel Optics GmbH", "Licensor", None, "Licensor"),
        ("Lumen Bay Pte. Ltd.", "Licensee", None, "Licensee"),
    ]


def test_several_people_form_one_party_and_a_run_before_the_term_is_the_name() -> None:
    assert names(
        "This Development Agreement is made\nBETWEEN:\n"
        "Orchid Lane Ltd. (hereinafter called as the “OLL”), located at 4 Quay Road.\n"
        "AND:\nMs. Ana Ruiz, Mr. Tomas Berg and Dr. Lena Holt (hereinafter called the "
        "“Developers”), a group of software developers.\n"
    ) == ["Orchid Lane Ltd.", "Ms. Ana Ruiz, Mr. Tomas Berg and Dr. Lena Holt"]
    assert names(
        "The undersigned, the Riverside Growth Income Portfolio, (the “Portfolio”), a series of\n"
        "a statutory trust, confirms that Riverside Brokerage Services, LLC, (“Riverside”) will\n"
        "act as its principal underwriter.\n"
    ) == ["Riverside Growth Income Portfolio", "Riverside Brokerage Services, LLC"]


def test_a_company_named_after_and_takes_the_term_when_the_first_name_ended() -> None:
    facts = en(
        "This Agreement is entered into between Ferncliff Labs Inc. and Garnet Row Corp.\n"
        "(“Distributor”).\n"
    )
    assert ("Garnet Row Corp.", "Distributor", None, "Distributor") in facts


def test_company_forms_in_a_row_and_in_lower_case() -> None:
    assert names(
        "This Agreement is made between Shenzhen Bright Lamp Co., Ltd. (“Party A”) and\n"
        "Veldhoven Lampen bv (“Party B”).\n"
    ) == ["Shenzhen Bright Lamp Co., Ltd.", "Veldhoven Lampen bv"]


def test_terms_in_the_body_and_statutes_are_no_parties() -> None:
    found = names(
        "This Agreement is made between Pellworth Inc. (“Pellworth”) and Quorra Ltd. "
        "(“Quorra”).\n"
        "SECTION 1. SERVICES\n"
        "1.1 Quorra will comply with the Commodity Exchange Act of 1936 (the “CEA”) and the "
        "rules of the Regional Pension Board (the “Board”).\n"
    )
    assert found == ["Pellworth Inc.", "Quorra Ltd."]


def test_parties_listed_without_defined_terms() -> None:
    assert en(
        "SUPPLY AGREEMENT\n"
        "This Supply Agreement is entered into as of March 3, 2011 between Bellmoor Plastics\n"
        "Corporation, a Texas corporation with offices at 12 Ridge Road, Austin, Texas, and\n"
        "Carraway Medical Devices, Inc., a Florida corporation.\n"
        "1. DEFINITIONS\n"
    ) == [
        ("Bellmoor Plastics Corporation", None, None, None),
        ("Carraway Medical Devices, Inc.", None, None, None),
    ]


def test_a_collective_term_names_no_single_party_and_listed_members_count() -> None:
    assert names(
        "This Joint Venture Agreement is made by and among Tallis Mining Corp., a Nevada\n"
        "corporation, Orion Metals LLC, a Delaware limited liability company, and Peregrine\n"
        "Resources Ltd., a British Columbia company (each a “Member” and together the\n"
        "“Members”).\n"
    ) == ["Tallis Mining Corp.", "Orion Metals LLC", "Peregrine Resources Ltd."]


def test_a_listed_person_needs_a_title_or_to_be_called_an_individual() -> None:
    found = names(
        "This Agreement is made between Larkfield Studios LLC, a Utah limited liability\n"
        "company, and Mr. Owen Prill, and Hannah Vos, an individual residing in Ogden, Utah.\n"
        "Key Terms: the Expiry Date is set out below.\n"
    )
    assert found == ["Larkfield Studios LLC", "Mr. Owen Prill", "Hannah Vos"]


def test_party_label_rows() -> None:
    assert en(
        "EQUITY TRANSFER AGREEMENT\n"
        "Party A: Hangzhou Westlake Lighting Co., Ltd.\n"
        "Address: 88 Lake Road, Hangzhou\n"
        "Legal Representative: Zhang Wei\n"
        "Party B: Ningbo Harbour Electronics Co., Ltd.\n"
        "Licensee: ______________\n"
        "Whereas Party A and Party B wish to cooperate,\n"
    ) == [
        ("Hangzhou Westlake Lighting Co., Ltd.", "Party A", None, "Party A"),
        ("Ningbo Harbour Electronics Co., Ltd.", "Party B", None, "Party B"),
    ]



def test_two_party_labels_on_one_row() -> None:
    assert en(
        "CONTENT LICENSE AGREEMENT\n\nThis Content License Agreement is between the parties "
        "below.\n\nLicensor: PACIFIC HARBOUR ENTERTAINMENT Licensee THE HENLEY FILM AND "
        "ENTERTAINMENT CORPORATION\n\nThe parties agree as follows:\n"
    ) == [
        ("PACIFIC HARBOUR ENTERTAINMENT", "Licensor", None, "Licensor"),
        ("THE HENLEY FILM AND ENTERTAINMENT CORPORATION", "Licensee", None, "Licensee"),
    ]
    # a role word that also stands in names does not split one: "Company", "Bank"
    assert en(
        "LOAN AGREEMENT\n\nThis Loan Agreement is between the parties below.\n\nLender: "
        "FIRST HARBOUR Bank OF COMMERCE\nBorrower: Ostrava Trading Company Limited\n\nThe "
        "parties agree as follows:\n"
    ) == [
        ("FIRST HARBOUR Bank OF COMMERCE", "Lender", None, "Lender"),
        ("Ostrava Trading Company Limited", "Borrower", None, "Borrower"),
    ]

SIGNATURES_ONLY = (
    "AGREEMENT\nThe undersigned agree to the terms below.\n"
    "1. Services. Provider shall perform the services.\n",
    "IN WITNESS WHEREOF, the parties have executed this Agreement as of the date first\n"
    "written above.\n"
    "SILVERLINE ANALYTICS, INC.\nBy: /s/ Jane Doe\nName: Jane Doe\nTitle: CEO\n\n"
    "HARBORVIEW CAPITAL PARTNERS LLC\nBy: ______________\nName:\nTitle: Managing Member\n",
)


def test_signature_blocks_when_the_preamble_names_no_parties() -> None:
    facts = find_parties(doc(*SIGNATURES_ONLY, language="en"), "en", "x")
    assert [f.value["name"] for f in facts] == [
        "SILVERLINE ANALYTICS, INC.",
        "HARBORVIEW CAPITAL PARTNERS LLC",
    ]
    assert all(f.confidence < 0.5 and f.evidence and f.evidence.page == 2 for f in facts)
    ev = facts[1].evidence
    assert ev is not None and ev.start is not None and ev.end is not None
    full = doc(*SIGNATURES_ONLY, language="en").full_text
    assert full[ev.start : ev.end] == "HARBORVIEW CAPITAL PARTNERS LLC"


def test_signature_columns_on_one_line_and_persons_signing_for_themselves() -> None:
    assert names(
        "AGREEMENT\n1. Services. Provider shall perform the services.\n"
        "IN WITNESS WHEREOF, the parties have executed this Agreement.\n"
        "MAPLEFORD HOLDINGS LIMITED QUINTREX SYSTEMS CORP.\n"
        "By: /s/ A. Bee By: /s/ C. Dee\nName: A. Bee Name: C. Dee\n"
    ) == ["MAPLEFORD HOLDINGS LIMITED", "QUINTREX SYSTEMS CORP."]
    assert names(
        "JOINT STATEMENT\nThe undersigned agree that this statement is filed for each of us.\n"
        "March 2, 2021\n(Date)\nBRACKEN FAMILY TRUST\n/s/ Lydia Bracken\n(Signature)\n"
        "Lydia Bracken, Trustee\n(Name/Title)\nLYDIA M. BRACKEN\n/s/ Lydia Bracken\n"
    ) == ["BRACKEN FAMILY TRUST", "LYDIA M. BRACKEN"]


def test_signature_blocks_are_not_read_when_the_preamble_names_the_parties() -> None:
    found = names(
        "This Agreement is made between Pellworth Inc. (“Pellworth”) and Quorra Ltd. (“Quorra”).\n",
        "IN WITNESS WHEREOF\nPELLWORTH INC.\nBy: /s/ X\nGUARANTOR HOLDINGS LLC\nBy: /s/ Y\n",
    )
    assert found == ["Pellworth Inc.", "Quorra Ltd."]


def test_further_defined_terms_are_aliases() -> None:
    facts = find_parties(
        doc(
            "This Services Agreement is between Tollgate Data, Inc. (“Provider”) and Brightwell\n"
            "Dental Group LLC (“Customer”, “you” or “your”).\n",
            language="en",
        ),
        "en",
        "x",
    )
    assert "aliases" not in facts[0].value
    assert facts[1].value["defined_as"] == "Customer"
    assert facts[1].value["aliases"] == ["you", "your"]


def test_a_person_after_a_company_that_ended_at_its_form() -> None:
    assert en(
        "This Endorsement Agreement is made between Ferncliff Labs Inc. and Dana Ruiz\n"
        "(“Endorser”).\n"
    ) == [
        ("Ferncliff Labs Inc.", None, None, None),
        ("Dana Ruiz", "Endorser", None, "Endorser"),
    ]


def test_a_cover_page_and_the_preamble_name_each_party_once() -> None:
    assert names(
        "OUTSOURCING AGREEMENT\nbetween\nGRANITE BAY BANCORP\nand\n"
        "TESSERA PROCESSING SERVICES, L.P.\nDated as of July 1, 2004\n",
        "This OUTSOURCING AGREEMENT is entered into as of July 1, 2004 by and between Granite\n"
        "Bay Bancorp, a California corporation (“Client”), and Tessera Processing Services,\n"
        "L.P., a Texas limited partnership (“Tessera”).\n",
    ) == ["Granite Bay Bancorp", "Tessera Processing Services, L.P."]


def test_preamble_after_a_long_table_of_contents() -> None:
    contents = "".join(
        f"Section {i}.{j} Heading ........ {i}\n" for i in range(1, 40) for j in (1, 2)
    )
    pages = [("TERM LOAN AGREEMENT\nTABLE OF CONTENTS\n" + contents)] * 6
    pages.append(
        "This TERM LOAN AGREEMENT is entered into as of June 1, 2010 among HALCYON FOODS, INC.,\n"
        "a Delaware corporation (the “Borrower”), and FIRST CORDOVA BANK, N.A. (the “Lender”).\n"
    )
    assert en(*pages) == [
        ("HALCYON FOODS, INC.", "Borrower", None, "Borrower"),
        ("FIRST CORDOVA BANK, N.A.", "Lender", None, "Lender"),
    ]


def test_labelled_party_rows_with_a_defined_term_and_a_generational_suffix() -> None:
    assert en(
        "COOPERATION AGREEMENT\n"
        "Party A: Hengtai Pharmaceutical Technology Co., Ltd. (hereinafter referred to as "
        "“Party A”)\n"
        "Party B: Lixin Medical Devices Co., Ltd. (hereinafter referred to as “Party B”)\n"
    ) == [
        ("Hengtai Pharmaceutical Technology Co., Ltd.", "Party A", None, "Party A"),
        ("Lixin Medical Devices Co., Ltd.", "Party B", None, "Party B"),
    ]
    assert names(
        "EMPLOYMENT AGREEMENT\nBY AND BETWEEN:\n\nWINDFALL GAMES INC.\n(the “Company”)\n\n"
        "- AND -\n\nJONATHAN R. PIKE, JR.\n(the “Executive”)\n"
    ) == ["WINDFALL GAMES INC.", "JONATHAN R. PIKE, JR."]


def test_role_rows_of_the_preamble() -> None:
    assert en(
        "LICENSE AGREEMENT\nThis Agreement is made between the following parties:\n"
        "Licensor: Arcadia Patents LLC, 5 Elm Street, Dover, Delaware\n"
        "Licensee: Brightline Optics Co., Ltd., 22 Nanjing Road, Shanghai\n"
        "1. GRANT\n"
    ) == [
        ("Arcadia Patents LLC", "Licensor", None, "Licensor"),
        ("Brightline Optics Co., Ltd.", "Licensee", None, "Licensee"),
    ]


def test_an_abbreviation_of_the_name_is_no_role() -> None:
    assert en(
        "THIS AGREEMENT is by and between Sterling & Finch Advertising, Inc. (“S&F”) and\n"
        "Maxon Motors of North America, Inc. (“Maxon”).\n"
    ) == [
        ("Sterling & Finch Advertising, Inc.", None, None, "S&F"),
        ("Maxon Motors of North America, Inc.", None, None, "Maxon"),
    ]


def test_a_person_signing_for_themselves_is_named_under_the_signature() -> None:
    assert names(
        "JOINT STATEMENT\nThe undersigned agree to file this statement jointly.\n"
        "LARKSPUR CAPITAL PARTNERS, L.P.\nBy: Larkspur GP, LLC, its general partner\n"
        "By: /s/ Ann Lee\nName: Ann Lee\n/s/ Ann Lee\nANN LEE\n"
    ) == ["LARKSPUR CAPITAL PARTNERS, L.P.", "ANN LEE"]


def test_dates_and_things_before_a_defined_term_are_no_parties() -> None:
    assert names(
        "This Agreement is made on March 4, 2019 (the “Signing Date”) between Osprey Freight\n"
        "Inc. (“Osprey”) and Calder Steel Ltd. (“Calder”) for 2,000 tonnes of Grade A Rebar\n"
        "(the “Purchase Price”).\n"
    ) == ["Osprey Freight Inc.", "Calder Steel Ltd."]


def test_a_party_without_a_term_in_the_preamble_after_a_title_with_between() -> None:
    assert names(
        "AGREEMENT BETWEEN OSPREY FREIGHT INC. AND CALDER STEEL LTD.\n"
        "This Agreement is made between Osprey Freight Inc. (“Osprey”), Calder Steel Ltd.\n"
        "(“Calder”) and Dunlin Ports LLC, a Georgia limited liability company.\n"
    ) == ["Osprey Freight Inc.", "Calder Steel Ltd.", "Dunlin Ports LLC"]


def test_transfer_roles_label_rows() -> None:
    assert en(
        "EQUITY TRANSFER AGREEMENT\n"
        "Transferor: Suzhou Greenfield Materials Co., Ltd.\n"
        "Transferee: Pacific Harbor Holdings Limited\n"
        "Article 1 Transfer\n"
    ) == [
        ("Suzhou Greenfield Materials Co., Ltd.", "Transferor", None, "Transferor"),
        ("Pacific Harbor Holdings Limited", "Transferee", None, "Transferee"),
    ]


def test_an_acronym_that_reads_like_a_thing_is_still_a_short_name() -> None:
    assert en(
        "This Agreement is made between Applied Cryo Technologies, Inc. (“ACT”) and Norvell\n"
        "Clinics LLC (“Norvell”).\n"
    ) == [
        ("Applied Cryo Technologies, Inc.", None, None, "ACT"),
        ("Norvell Clinics LLC", None, None, "Norvell"),
    ]


def test_organisations_listed_without_a_company_form() -> None:
    assert names(
        "This Research Agreement is entered into between Lakeshore State University, a public\n"
        "institution, the City of Port Alder, a municipality, and Fenwick Bio Inc.\n"
    ) == ["Lakeshore State University", "City of Port Alder", "Fenwick Bio Inc."]


def test_a_parties_heading_over_a_numbered_list() -> None:
    assert names(
        "SERVICES AGREEMENT\nPARTIES\n"
        "1. HOLBROOK LOGISTICS LIMITED, a company registered in Scotland (SC123456), of 4 Dock\n"
        "Street, Leith.\n"
        "2. MARRAM FOODS PLC, a company registered in England (01234567), of 9 Mill Lane, York.\n"
        "AGREED TERMS\n1. INTERPRETATION\n"
    ) == ["HOLBROOK LOGISTICS LIMITED", "MARRAM FOODS PLC"]


def test_parties_on_lines_of_their_own_and_on_either_hand() -> None:
    assert names(
        "DISTRIBUTION AGREEMENT\nThis Agreement is made between\n\nACME WIDGETS INC.\n\nand\n\n"
        "ZENITH TRADING LTD.\n\non the date last signed below.\n"
    ) == ["ACME WIDGETS INC.", "ZENITH TRADING LTD."]
    assert names(
        "AGREEMENT, dated as of May 1, 2003, by and between Redfern Media Corp., a Delaware\n"
        "corporation (“Redfern”), on the one hand, and Solano Pictures LLC, a California limited\n"
        "liability company, and Dario Solano, an individual (collectively, “Producer”), on the\n"
        "other hand.\n"
    ) == ["Redfern Media Corp.", "Solano Pictures LLC", "Dario Solano"]


def test_parties_left_to_the_signature_pages_are_read_there() -> None:
    assert names(
        "NOTE PURCHASE AGREEMENT\nThis Agreement is made among Corliss Energy Inc. (the "
        "“Issuer”), Tamsin Bank plc (the “Agent”) and the purchasers listed on the signature "
        "pages hereto.\n1.1 Definitions.\n",
        "IN WITNESS WHEREOF the parties have signed this Agreement.\nCORLISS ENERGY INC.\n"
        "By: /s/ R. Lane\nTAMSIN BANK PLC\nBy: /s/ K. Obi\nPURCHASERS:\n"
        "WEYBRIDGE PENSION TRUST\nBy: /s/ M. Fox\nNORTHGATE INSURANCE COMPANY\nBy: /s/ D. Ng\n",
    ) == [
        "Corliss Energy Inc.",
        "Tamsin Bank plc",
        "WEYBRIDGE PENSION TRUST",
        "NORTHGATE INSURANCE COMPANY",
    ]


def test_signature_blocks_of_an_attached_form_do_not_hide_the_real_ones() -> None:
    assert names(
        "AGREEMENT\n1. Services. Provider shall perform the services.\n"
        "IN WITNESS WHEREOF, the parties have executed this Agreement.\n"
        "Tarrant Valley Hospital\nBy: /s/ P. Moss\nKESTON IMAGING LLC\nBy: /s/ J. Hale\n",
        "EXHIBIT B FORM OF JOINDER\nIN WITNESS WHEREOF, the undersigned has signed this "
        "Joinder.\n[NAME OF AFFILIATE]\nBy: ________\n",
    ) == ["Tarrant Valley Hospital", "KESTON IMAGING LLC"]


def test_an_unquoted_role_in_parentheses() -> None:
    assert en(
        "This Agreement is made between Brennan Tool Works, Inc. (the Company) and Ortiz\n"
        "Machining LLC (Contractor).\n"
    ) == [
        ("Brennan Tool Works, Inc.", "Company", None, "Company"),
        ("Ortiz Machining LLC", "Contractor", None, "Contractor"),
    ]


def test_country_acronyms_are_no_parties_and_lowercase_domain_names_are() -> None:
    assert names(
        "This Agreement is made between salesforce.example.com, inc. (“SFX”), a company\n"
        "doing business in the People's Republic of China (PRC), and Yellow River Trading\n"
        "Co., Ltd. (“Yellow River”).\n"
    ) == ["salesforce.example.com, inc.", "Yellow River Trading Co., Ltd."]


def test_evidence_of_a_listed_name_spans_it_as_written() -> None:
    text = doc(
        "This Agreement is made between Quarrington   Dairy\nCooperative Inc., a Vermont "
        "corporation, and Lytton Cheese LLC.\n",
        language="en",
    )
    facts = find_parties(text, "en", "x")
    ev = facts[0].evidence
    assert facts[0].value["name"] == "Quarrington Dairy Cooperative Inc."
    assert ev is not None and ev.start is not None and ev.end is not None
    assert text.full_text[ev.start : ev.end] == "Quarrington   Dairy\nCooperative Inc."
    assert ev.quote == "Quarrington Dairy Cooperative Inc."


def test_cue_words_are_found_when_lowercasing_changes_the_length() -> None:
    assert en(
        "This Agreement is made between İzmir Tekstil A.Ş. Holdings Ltd. (hereinafter "
        "Supplier) and Brockley Retail LLC (hereinafter Buyer).\n"
    ) == [
        ("İzmir Tekstil A.Ş. Holdings Ltd.", "Supplier", None, "Supplier"),
        ("Brockley Retail LLC", "Buyer", None, "Buyer"),
    ]


def test_the_undersigned_agreeing_are_read_from_all_their_signature_blocks() -> None:
    firsts = ["Ann", "Carl", "Eva", "Hugo", "Ida", "Paul"]
    surnames = ["Adams", "Brown", "Clark", "Dunn", "Evans", "Ford"]
    blocks = []
    expected = []
    for i in range(90):
        if i % 3 == 2:
            k = i // 3
            name = f"{firsts[k % 6]} Q. {surnames[k // 6]}"
            blocks.append(f"/s/ {name}\n{name}\n")
        else:
            name = f"Harbour Fund {i} LLC"
            blocks.append(f"{name}\nBy: /s/ Mary Major\nName: Mary Major\nTitle: Manager\n")
        expected.append(name)
    text = doc(
        "JOINT FILING AGREEMENT\nThe undersigned hereby agree to file jointly a statement on "
        "the shares of Example Corp. and that this agreement be filed as an exhibit to it.\n"
        "Dated: July 6, 2020\n\n" + "\n".join(blocks),
        language="en",
    )
    names = [f.value["name"] for f in find_parties(text, "en", "sha")]
    assert len(text.full_text) > 5000  # longer than the last pages read otherwise
    assert names == expected


def test_signature_blocks_run_together_on_one_line_are_read_block_by_block() -> None:
    # text extracted from some filings runs the blocks on: name, "/s/", "Name:", "Title:", the
    # next name after the title
    blocks = " ".join(
        f"{name} {by}/s/ Mary Major Name: Mary Major Title: Authorized Signatory"
        for name, by in (
            ("HARBOUR PARTNERS II, LLC", ""),
            ("HARBOUR PARTNERS II OFFSHORE GP, L.P.", "By: Harbour Holdings, LLC, its partner "),
            ("HARBOUR MASTER FUND II, L.P.", ""),
        )
    )
    text = doc(
        "JOINT FILING AGREEMENT\nThe undersigned hereby agree to the joint filing of the "
        "statement on Schedule 13D to which this agreement is attached.\n\n"
        f"Dated: July 6, 2020\n\n{blocks}\n\n[Signature Page to Joint Filing Agreement]\n",
        language="en",
    )
    facts = find_parties(text, "en", "sha")
    assert [f.value["name"] for f in facts] == [
        "HARBOUR PARTNERS II, LLC",
        "HARBOUR PARTNERS II OFFSHORE GP, L.P.",
        "HARBOUR MASTER FUND II, L.P.",
    ]  # not the general partner signing "By:" for the second
    full = text.full_text
    for fact in facts:  # the evidence points at the name where it stands in the text
        assert fact.value["name"] in fact.evidence.quote
        assert full[fact.evidence.start : fact.evidence.start + 7] == fact.value["name"][:7]


def test_a_person_under_their_own_signature_must_repeat_the_signed_name() -> None:
    text = doc(
        "AGREEMENT\nThe undersigned hereby agree as set out below.\n\n"
        "/s/ Ann B. Lee\nAnn B. Lee\n\n/s/ Carl Dunn\nChief Executive Officer\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == ["Ann B. Lee"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "AGREEMENT\nThis Agreement is entered into by and between Acme Widgets Inc. (“Acme”), "
            "a wholly-owned subsidiary of BigCo Holdings, Inc. (“BigCo”), and Zenith Corp. "
            "(“Zenith”).\nNOW, THEREFORE, the parties agree as follows:\n",
            "en",
            ["Acme Widgets Inc.", "Zenith Corp."],
        ),
    ],
)
def test_the_parent_named_in_a_partys_description_is_no_party(
    text: str, language: str, expected: list[str]
) -> None:
    names = [f.value["name"] for f in find_parties(doc(text, language=language), language, "s")]
    assert names == expected


def test_the_parties_of_another_agreement_named_in_the_preamble_are_no_parties() -> None:
    text = doc(
        "AGREEMENT\nThis Agreement is made between Acme Widgets Inc. (“Acme”) and Zenith Corp. "
        "(“Zenith”) under the Master Services Agreement between Acme and Zenith Holdings LLC "
        "dated January 1, 2009 (the “MSA”).\nNOW, THEREFORE, the parties agree as follows:\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "s")] == [
        "Acme Widgets Inc.",
        "Zenith Corp.",
    ]


def test_the_parties_of_another_overeenkomst_in_a_dutch_preamble_are_no_parties() -> None:
    text = doc(
        "OVEREENKOMST\nDeze overeenkomst wordt gesloten tussen Alfa Bouw B.V. (“Alfa”) en Beta "
        "Advies B.V. (“Beta”) ter uitvoering van de Raamovereenkomst tussen Alfa en Gamma Holding "
        "B.V. (de “Raamovereenkomst”).\nkomen het volgende overeen:\n"
    )
    assert [f.value["name"] for f in find_parties(text, "nl", "s")] == [
        "Alfa Bouw B.V.",
        "Beta Advies B.V.",
    ]


CARRIERS = [
    "Northsea Telecom plc",
    "Harbourline Communications Inc.",
    "Ostrava Telekom",
    "Kestrel Networks Corporation",
    "Tallis Mobile",
]


@pytest.mark.parametrize(
    ("cue", "end", "language"),
    [
        (
            "BETWEEN:",
            "(hereinafter collectively called “the Parties” and individually “a Party”).\n"
            "WHEREAS the Parties wish to build a cable.\n",
            "en",
        ),
        (
            "TUSSEN:",
            "(hierna gezamenlijk te noemen: “Partijen”).\nOVERWEGENDE DAT Partijen een kabel "
            "willen aanleggen.\n",
            "nl",
        ),
    ],
)
def test_a_list_of_names_one_to_a_line_under_between(cue: str, end: str, language: str) -> None:
    text = doc(
        "CONSTRUCTION AND MAINTENANCE AGREEMENT\n\n"
        + cue
        + "\n\n"
        + "\n".join(CARRIERS[:-1])
        + "\nand "
        + CARRIERS[-1]
        + "\n\n"
        + end,
        language=language,
    )
    assert [f.value["name"] for f in find_parties(text, language, "s")] == CARRIERS


def test_a_between_list_must_start_with_a_bare_name() -> None:
    text = doc(
        "AGREEMENT\nBETWEEN:\nAcme Asia Ltd. (hereinafter called the “Company”), located at 1\n"
        "Road, Hong Kong.\nAND:\nMs. Ann Lee (hereinafter called the “Developer”), working in\n"
        "P.R.China.\nRECITALS\n",
        language="en",
    )
    names = [f.value["name"] for f in find_parties(text, "en", "s")]
    assert "P.R.China" not in names
    assert names == ["Acme Asia Ltd.", "Ms. Ann Lee"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "AGREEMENT\nTHIS AGREEMENT IS MADE AS OF MAY 1, 2010 BY AND BETWEEN ACME WIDGETS, "
            "INC., A DELAWARE CORPORATION (“ACME”), AND ZENITH LABS, LLC, A UTAH LIMITED LIABILITY "
            "COMPANY, OF SALT LAKE CITY, UTAH (“ZENITH”), ON THE ONE HAND, AND NORTH RIVER BANK, "
            "N.A., IF ANY (THE “BANK”), ON THE OTHER HAND (TOGETHER, THE “PARTIES”).\nNOW, "
            "THEREFORE, THE PARTIES AGREE AS FOLLOWS:\n",
            "en",
            ["ACME WIDGETS, INC.", "ZENITH LABS, LLC", "NORTH RIVER BANK, N.A."],
        ),
        (
            "OVEREENKOMST\nDEZE OVEREENKOMST WORDT GESLOTEN TUSSEN ALFA BOUW B.V., STATUTAIR "
            "GEVESTIGD TE DELFT, KANTOORHOUDENDE AAN DE HAVENWEG 4 TE DELFT, EN BETA ADVIES B.V., "
            "STATUTAIR GEVESTIGD TE GOUDA, HOUDER VAN EEN VERGUNNING, IN DE PERSOON VAN DE HEER "
            "JAN DE VRIES.\nKOMEN HET VOLGENDE OVEREEN:\n",
            "nl",
            ["ALFA BOUW B.V.", "BETA ADVIES B.V."],
        ),
    ],
)
def test_a_preamble_in_capitals_names_no_descriptions(
    text: str, language: str, expected: list[str]
) -> None:
    names = [f.value["name"] for f in find_parties(doc(text, language=language), language, "s")]
    assert names == expected


def test_signature_blocks_in_capitals() -> None:
    text = doc(
        "JOINT FILING AGREEMENT\nThe undersigned hereby agree to file jointly.\n\nNORTH RIVER "
        "TRUST\n/S/ ANN B. LEE\n(SIGNATURE)\nANN B. LEE, TRUSTEE\n(NAME/TITLE)\n\nANN B. LEE\n"
        "/S/ ANN B. LEE\n(SIGNATURE)\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "s")] == [
        "NORTH RIVER TRUST",
        "ANN B. LEE",
    ]


def party_names(*pages: str, language: str = "en") -> list[str]:
    return [
        str(f.value["name"]) for f in find_parties(doc(*pages, language=language), language, "d")
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "SERVICES AGREEMENT\n\nThis Agreement is made as of June 1, 2010 between Omega "
            'Advisors LLC ("Adviser") and each of the investment companies listed on Schedule A '
            'hereto (each, a "Fund").\n\n1. Services.\nAdviser shall provide the services.\n\n'
            "IN WITNESS WHEREOF the parties have signed this Agreement.\n\nOMEGA ADVISORS LLC\n"
            "By: ____\n\nSCHEDULE A\nFunds\n\nOmega Growth Fund\tJune 1, 2010\n"
            "Omega Income Fund\tJune 1, 2010\nOmega Municipal Bond Trust\n\nSCHEDULE B\n"
            "Fees\nOmega Fee Company\n",
            "en",
            [
                "Omega Advisors LLC",
                "Omega Growth Fund",
                "Omega Income Fund",
                "Omega Municipal Bond Trust",
            ],
        ),
        (
            "SAMENWERKINGSOVEREENKOMST\n\nDe ondergetekenden:\nStichting Zorgnet Oost, "
            'gevestigd te Enschede, hierna: "Zorgnet", en de vennootschappen vermeld in '
            'Bijlage 1 (ieder een "Deelnemer"),\nkomen overeen als volgt:\n\nArtikel 1 Doel\n'
            "1.1 Partijen werken samen.\n\nBijlage 1 Deelnemers\n\nHuisartsen Oost B.V.\n"
            "Apotheek De Linde B.V.\n",
            "nl",
            ["Stichting Zorgnet Oost", "Huisartsen Oost B.V.", "Apotheek De Linde B.V."],
        ),
    ],
)
def test_parties_listed_on_the_schedule_the_preamble_points_to(
    text: str, language: str, expected: list[str]
) -> None:
    assert party_names(text, language=language) == expected


def test_a_name_ends_where_an_address_line_begins() -> None:
    text = (
        "CONSULTING AGREEMENT\n\nThis Consulting Agreement is entered into this 1st day of "
        "July, 2018 by and between\n\nGREEN PLANET BIOFUELS CORP.\n1200 Main Street\n"
        'Houston, TX 77002\n("Company")\n\nand\n\nROBERT T. JOHNSON\n45 Pine Road\n'
        'Austin, TX 78701\n("Consultant")\n'
    )
    assert party_names(text) == ["GREEN PLANET BIOFUELS CORP.", "ROBERT T. JOHNSON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "This Agreement is between Acme Technologies Inc., an Ontario corporation "
            '("Acme"), and Widget S.A. de C.V., a Mexican company ("Widget").',
            ["Acme Technologies Inc.", "Widget S.A. de C.V."],
        ),
        (
            "THIS AGREEMENT is made the 1st day of May 2009\nBETWEEN\n(1) ACME GROUP PLC whose "
            'registered office is at 1 King Street, London (the "Company"); and\n(2) JOHN '
            'ARTHUR SMITH of 2 Queen Street, London (the "Executive").',
            ["ACME GROUP PLC", "JOHN ARTHUR SMITH"],
        ),
    ],
)
def test_mexican_company_forms_and_a_person_of_an_address(text: str, expected: list[str]) -> None:
    assert party_names(text) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "AGREEMENT between ACME CORPORATION and WIDGET COMPANY\n\nThe parties agree as "
            "follows:\n",
            "en",
            ["ACME CORPORATION", "WIDGET COMPANY"],
        ),
        (
            "This Agreement is made between Northern Pension Fund and Harbour Capital Partners."
            "\n\n1. Services\n",
            "en",
            ["Northern Pension Fund", "Harbour Capital Partners"],
        ),
        (
            "OVEREENKOMST tussen ZORGGROEP NOORD B.V. en APOTHEEK ZUID B.V.\n\nPartijen komen "
            "als volgt overeen:\n",
            "nl",
            ["ZORGGROEP NOORD B.V.", "APOTHEEK ZUID B.V."],
        ),
        (  # one name with "and" in it
            "This Agreement is made between Johnson and Johnson Consulting, Inc. and Widget LLC."
            "\n\n1. Services\n",
            "en",
            ["Johnson and Johnson Consulting, Inc.", "Widget LLC"],
        ),
    ],
)
def test_two_names_joined_by_and_without_defined_terms(
    text: str, language: str, expected: list[str]
) -> None:
    assert party_names(text, language=language) == expected


def test_a_numbered_schedule_with_a_roman_numeral() -> None:
    text = (
        "PARTICIPATION AGREEMENT\n\nThis Agreement is made as of May 1, 2012 by and among Harbor "
        'Life Insurance Company ("Company") and each Trust listed in Schedule I (each a '
        '"Trust").\n\n1. Sale of Shares.\nThe Trust shall sell shares.\n\nSCHEDULE I\n\n'
        "1. Harbor Growth Trust\n2. Harbor Bond Trust\n3. Harbor Value Series Trust\n"
    )
    assert party_names(text) == [
        "Harbor Life Insurance Company",
        "Harbor Growth Trust",
        "Harbor Bond Trust",
        "Harbor Value Series Trust",
    ]


def test_a_heading_in_capitals_is_no_party() -> None:
    text = (
        "LICENCE AGREEMENT\n\nentered into by and between\n\nSYSTEMS AFRICA (PTY) LIMITED\n"
        '("SAP")\na company with offices at Woodmead Drive, Sandton\n\nand\n\nTELKOM LIMITED'
        '\n\n("TELKOM")\na company with its head office at 152 Proes Street, Pretoria\f1. RECORDAL'
        "\n\nIt is recorded that:\n\n1.1. SAP wishes to grant a licence to TELKOM.\n\n1.2. The "
        "parties record their agreement in this document, that shall prevail over all other "
        "arrangements\n\nand agreements between them as to its subject matter.\n\n"
        "2. INTERPRETATION AND DEFINITIONS\n\nIn this AGREEMENT:\n"
    )
    assert party_names(text) == ["SYSTEMS AFRICA (PTY) LIMITED", "TELKOM LIMITED"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "THIS AGREEMENT IS MADE AS OF MAY 1, 2019 BY AND AMONG WATER CO., INC., A TEXAS "
            "CORPORATION (“WATER”) AND BESTEV MANAGEMENT, LLC, A TEXAS LIMITED LIABILITY COMPANY "
            "(“DISTRIBUTOR”).\n",
            ["WATER CO., INC.", "BESTEV MANAGEMENT, LLC"],
        ),
        (
            "LICENCE AGREEMENT\n\nENTERED INTO BY AND BETWEEN\n\nSYSTEMS AFRICA (PTY) LIMITED\n"
            '("SAP")\nA COMPANY WITH OFFICES AT WOODMEAD DRIVE\n\nAND\n\nTELKOM LIMITED\n\n'
            '("TELKOM")\fIT IS RECORDED THAT:\n\n1.1. THE PARTIES RECORD THAT THIS DOCUMENT SHALL '
            "PREVAIL OVER ALL OTHER ARRANGEMENTS\n\nAND AGREEMENTS BETWEEN THEM AS TO ITS SUBJECT "
            "MATTER.\n\n2. INTERPRETATION AND DEFINITIONS\n",
            ["SYSTEMS AFRICA (PTY) LIMITED", "TELKOM LIMITED"],
        ),
    ],
)
def test_a_preamble_in_capitals(text: str, expected: list[str]) -> None:
    assert party_names(text) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "AGREEMENT\n\nThis Agreement is made between the Company and the Distributor (as "
            'defined below).\n\n1. Definitions\n1.1 "Company" means Acme Corp., a Delaware '
            'corporation.\n1.2 "Distributor" means Widget Trading Ltd., a Hong Kong company.\n',
            "en",
            ["Acme Corp.", "Widget Trading Ltd."],
        ),
        (
            "OVEREENKOMST\n\nDeze overeenkomst wordt gesloten tussen Opdrachtgever en "
            'Opdrachtnemer.\n\nArtikel 1 Definities\n1.1 "Opdrachtgever" betekent Stichting Zorg '
            'Oost, gevestigd te Enschede.\n1.2 "Opdrachtnemer" betekent Bouw B.V., gevestigd te '
            "Hengelo.\n",
            "nl",
            ["Stichting Zorg Oost", "Bouw B.V."],
        ),
    ],
)
def test_roles_defined_as_named_companies(text: str, language: str, expected: list[str]) -> None:
    assert party_names(text, language=language) == expected


def test_two_firms_without_company_forms_between_them_are_two_parties() -> None:
    assert names("This AGREEMENT is made as of June 1, 2012 between Apex Management and Zenith "
                 "Partners.\n") == ["Apex Management", "Zenith Partners"]
    # one firm with "and" in its name, beside another party, stays one
    assert names("This Agreement is made between Smith and Sons Management and Widget LLC.\n"
                 )[-1] == "Widget LLC"


def test_made_as_of_a_date_by_the_first_party() -> None:
    assert names(
        "This Distribution Agreement is made effective as of July 1, 2014 by Foo Corp., a Nevada "
        'corporation (the "Company"), and Bar Distribution LLC (the "Distributor").\n'
    ) == ["Foo Corp.", "Bar Distribution LLC"]
    # "as of ..., by and between" still starts the list at "between"
    assert names(
        'This Agreement is entered into as of May 1, 2010, by and between Riverside Management '
        'LLC ("Manager") and Harbor Partners, L.P. (the "Partnership").\n'
    ) == ["Riverside Management LLC", "Harbor Partners, L.P."]


def test_people_listed_with_a_role_for_each_are_parties() -> None:
    assert names(
        'SHAREHOLDERS AGREEMENT\n\nTHIS AGREEMENT is made among NewCo Inc., a Nevada corporation '
        '(the "Company"), and John Smith, Mary Jones and Peter Brown (each a "Shareholder").\n'
    ) == ["NewCo Inc.", "John Smith", "Mary Jones", "Peter Brown"]
    assert names(
        'This Agreement is made between NewCo Inc. (the "Company") and Anna de Vries and Jan P. '
        'Jansen (each an "Investor").\n'
    ) == ["NewCo Inc.", "Anna de Vries", "Jan P. Jansen"]
    # things listed with a role for each, not right after a party start, are no parties
    assert names(
        'This Agreement is made between Acme Inc. ("Buyer") and Beta LLC ("Seller") for the '
        'supply of Widget Products and Spare Parts (each a "Product").\n'
    ) == ["Acme Inc.", "Beta LLC"]


def test_companies_listed_collectively_with_a_party_are_parties() -> None:
    assert names(
        "AGREEMENT\n\nThis Agreement is made as of July 2, 2020 by and among Foo Corp., a "
        'Delaware corporation (the "Company"), and Alpha Holdings, LLC ("Alpha", collectively '
        'with Beta Fund L.P., Gamma Fund L.P. and Delta Capital LLC, the "Alpha Parties").\n'
    ) == [
        "Foo Corp.",
        "Alpha Holdings, LLC",
        "Beta Fund L.P.",
        "Gamma Fund L.P.",
        "Delta Capital LLC",
    ]


def test_two_companies_whose_names_overlap_are_two_parties() -> None:
    found = names(
        "AGREEMENT\n\nThis Agreement is made as of July 2, 2020 by and among Marathon Partners "
        'Equity Management, LLC ("Marathon Partners", collectively with Marathon Partners L.P., '
        'the "Marathon Parties"), and Foo Corp. (the "Company").\n'
    )
    assert "Marathon Partners L.P." in found and "Marathon Partners Equity Management, LLC" in found


def test_signature_blocks_of_funds_that_differ_in_one_letter() -> None:
    found = names(
        "JOINT FILING AGREEMENT\n\nThe undersigned hereby agree to the joint filing with each "
        "other of the Schedule 13D.\n\nDated: February 14, 2020\n\nCLARUS IV-A, L.P.\nBy: /s/ "
        "Robert Liptak\nName: Robert Liptak\n\nCLARUS IV-B, L.P.\nBy: /s/ Robert Liptak\nName: "
        "Robert Liptak\n"
    )
    assert found == ["CLARUS IV-A, L.P.", "CLARUS IV-B, L.P."]


def test_party_label_rows_with_the_name_on_the_next_line_and_a_place_in_brackets() -> None:
    text = doc(
        "INTERNET CHANNEL COOPERATION AGREEMENT   Contract Number: 181015BD0120\n\n"
        "     Party A:\n\n  Beijing Baidu Netcom Science and Technology Co., Ltd.\n\n"
        "  Address:\n\n  Baidu Building, 10 Shangdi 10  Street, Haidian District, Beijing\n\n"
        "    Party B:\n\n  China Online Housing (Hong Kong) Co., Ltd.\n\n  Address:\n\n"
        "  8/F, Ideal International Plaza, Beijing\n\n"
        "Party C: ShenZhen JingWei Communication Co., Ltd.(深圳经纬通信技术有限公司) Registration "
        "Address: Tianxiang Building Block A 13th, Tian An Cyber Park, Futian District, Shenzhen, "
        "Guangdong Province, People's Republic of China\n\n"
        "WHEREAS: the Parties wish to cooperate.\n",
        language="en",
    )
    assert [(f.value["name"], f.value["role"]) for f in find_parties(text, "en", "sha")] == [
        ("Beijing Baidu Netcom Science and Technology Co., Ltd.", "Party A"),
        ("China Online Housing (Hong Kong) Co., Ltd.", "Party B"),
        ("ShenZhen JingWei Communication Co., Ltd.", "Party C"),
    ]


def test_labels_places_postcodes_and_clause_numbers_are_no_parties() -> None:
    text = doc(
        "STRATEGIC ALLIANCE AGREEMENT\nThis Agreement is made between Adaptimmune Limited, with "
        "a place of business at 101 Milton Park, Abingdon, Oxfordshire, OX14 4RY "
        "(“Adaptimmune”), Dong-A ST Co., Ltd., a corporation incorporated under the laws of the "
        "Republic of Korea, having its principal place of business at 64 Cheonho-daero, Seoul, "
        "Republic of Korea (“Dong-A”) and Kingdom Connect, Inc., 1 Main Street, Minden, NV "
        "(“Kingdom”).\n\n"
        "1. Royalty: In consideration of the rights granted, Licensee shall pay a royalty on its "
        "Gross Receipts (“Net Receipts”).\n"
        "6.2 Where, under this agreement, any party makes a supply to any other party "
        "(“Recipient”), GST is payable.\n",
        language="en",
    )
    names = [f.value["name"] for f in find_parties(text, "en", "sha")]
    assert names == ["Adaptimmune Limited", "Dong-A ST Co., Ltd.", "Kingdom Connect, Inc."]


def test_headings_and_body_definitions_are_no_parties() -> None:
    text = doc(
        "ONLINE HOSTING AGREEMENT\nThis Agreement is made between Diplomat Direct Marketing "
        "Corporation, a Delaware corporation (“Diplomat”), and Tadeo E-Commerce Corp., a "
        "Delaware corporation (“Tadeo”).\n\nR E C I T A L S\n\nHistorically, Diplomat has sold "
        "apparel through its catalogue (the “Catalogue Business”).\n\nEXTENSION OF TERM\n\n"
        "NOW, THEREFORE, the parties agree as follows:\n\n1. Formation\n\nBy this Agreement the "
        "parties enter into a joint venture (the “Joint Venture”).\n\n2. Capital Accounts\n\n"
        "Each party keeps a capital account (the “Capital Account”).\n",
        language="en",
    )
    names = [f.value["name"] for f in find_parties(text, "en", "sha")]
    assert names == ["Diplomat Direct Marketing Corporation", "Tadeo E-Commerce Corp."]


def test_a_one_word_name_with_its_own_defined_term_is_a_party() -> None:
    text = doc(
        "SPONSORSHIP AGREEMENT\nThis agreement is entered into by and between Excite, Inc., a "
        "California corporation (“Excite”), and CyberShop, a Delaware corporation (“Client”).\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Excite, Inc.",
        "CyberShop",
    ]


def test_signature_blocks_after_a_dated_line_and_a_signer_title() -> None:
    text = doc(
        "EXHIBIT 1 JOINT FILING STATEMENT\nThe undersigned acknowledge and agree that the "
        "statement on Schedule 13G is filed on behalf of each of the undersigned.\n\n"
        "DATED: April 8, 2020 SCULPTOR CAPITAL LP\n\nBy: /s/ Thomas Sipp Thomas Sipp Chief "
        "Financial Officer SCULPTOR CAPITAL HOLDING CORPORATION\n\nBy: /s/ Thomas Sipp Thomas "
        "Sipp Chief Financial Officer SCULPTOR MASTER FUND LTD\n\nBy: /s/ Thomas Sipp Thomas Sipp "
        "Chief Financial Officer\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "SCULPTOR CAPITAL LP",
        "SCULPTOR CAPITAL HOLDING CORPORATION",
        "SCULPTOR MASTER FUND LTD.",  # the abbreviation's full stop, as elsewhere
    ]


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("BC V5A 1V3", None),
        ("NY 10016", None),
        ("Delaware corporation", None),
        ("Canada N3C2A7 and PageMaster Corporation", "PageMaster Corporation"),
        (
            "No.4 Kogyo Danchi, Aizu Wakamatsu, Fukushima, Japan, Fujitsu Semiconductor Limited",
            "Fujitsu Semiconductor Limited",
        ),
        ("Tennessee Gas Pipeline Company P. O. Box 2511 Houston", "Tennessee Gas Pipeline Company"),
        ("Acme 2000, Inc.", "Acme 2000, Inc."),
        ("300 Renaissance Center, Detroit, Michigan 48243 and iVillage, Inc.", "iVillage, Inc."),
        ("2THEMART.COM, INC.", "2THEMART.COM, INC."),
        ("3M Company", "3M Company"),
    ],
)
def test_addresses_around_a_name(name: str, kept: str | None) -> None:
    from contractdossier.recognise.parties import _after_address, _lexicon, _plausible

    lexicon = _lexicon()
    short = _after_address(name)
    plausible = _plausible(short, lexicon.not_parties, lexicon.roles)
    assert (short if plausible else None) == kept


def test_polish_malaysian_and_luxembourg_company_forms() -> None:
    text = doc(
        "DISTRIBUTION AGREEMENT\nThis Agreement is made between Kowalski Trading Sp. z o.o. "
        "(“Distributor”), Tanjung Logistics Sdn Bhd (“Carrier”) and Lux Holdings S.à r.l. "
        "(“Supplier”).\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Kowalski Trading Sp. z o.o.",
        "Tanjung Logistics Sdn Bhd.",  # the abbreviation's full stop, as for "Inc."
        "Lux Holdings S.à r.l.",
    ]


def test_a_defined_term_whose_closing_quote_is_missing() -> None:
    text = doc(
        "ENDORSEMENT AGREEMENT\nThis Agreement is made effective as of February 20, 2012 between "
        "Healthcare Distribution Specialists LLC (“HDS”), a Delaware corporation, and Paul Silas "
        "(“Celebrity), an individual.\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Healthcare Distribution Specialists LLC",
        "Paul Silas",
    ]


def test_a_party_list_closed_by_several_defined_terms_and_a_partys_document() -> None:
    text = doc(
        "PURCHASE AGREEMENT\nThis Agreement is entered into by Quaker Chemical Corporation "
        "(“Buyer”), Gulf Oil International Limited, a company incorporated in the Cayman Islands "
        "(“Gulf International”), and GOCL Corporation Limited, a public limited company "
        "incorporated in India (“Gulf Oil” and, together with Gulf International, the “Sellers” "
        "and each, a “Seller”).\n\n1. Transport. The General Terms and Conditions of "
        "Transporter's Tariff (“GT&C”) apply.\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Quaker Chemical Corporation",
        "Gulf Oil International Limited",
        "GOCL Corporation Limited",
    ]


def test_a_partys_short_name_and_a_state_with_its_zip_code_are_no_further_parties() -> None:
    text = doc(
        "SPONSORSHIP AGREEMENT\nThis Agreement is made by and between Stallings Capital Group "
        "Consultants, Ltd., a Texas limited partnership dba Bob Stallings Racing (“Racing”), and "
        "GAINSCO, INC., a Texas corporation with offices at 7 Village Circle, Suite 100, "
        "Westlake, TX 76262 and Dallas (the “Sponsor”).\nWHEREAS, Racing organized and operated a "
        "racing team (the “Racing Team”);\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Stallings Capital Group Consultants, Ltd.",
        "GAINSCO, INC.",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "1 Exhibit 10.17",
        "Series E Senior Component Debentures",
        "Building One, Third Floor 160 Shelbourne Road Ballsbridge 4 Co.",
        "Promotional Territories",
        "National Association",
        "Suite 200 Las Vegas, NV",
    ],
)
def test_exhibits_securities_addresses_and_territories_are_no_names(name: str) -> None:
    lexicon = _lexicon()
    assert not _plausible(name, lexicon.not_parties, lexicon.roles)


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("Type of Legal Entity", False),  # a form's label
        ("SIGNATURE SIGNATURE", False),  # a signature block's columns
        ("Company Products", False),
        ("Naam Handtekening", False),
        ("Legal & General Group plc", True),
        ("Signature Products Inc.", True),  # a name that only uses such words, with its form
        ("Title Resources Guaranty Company", True),
    ],
)
def test_a_name_made_of_form_label_words_is_a_label(name: str, plausible: bool) -> None:
    lexicon = _lexicon()
    assert _plausible(name, lexicon.not_parties, lexicon.roles) is plausible


def test_a_role_joined_to_a_name_is_left_off() -> None:
    text = doc(
        "REMARKETING AGREEMENT\nThis Agreement is made between MetLife, Inc., a Delaware "
        "corporation (the “Company”), and Deutsche Bank Securities Inc. (“Deutsche Bank”), "
        "pursuant to the Purchase Contract Agreement between the Company and Deutsche Bank Trust "
        "Company Americas, as trustee (the “Purchase Contract Agent”).\n",
        language="en",
    )
    names = [f.value["name"] for f in find_parties(text, "en", "sha")]
    assert "Company and Deutsche Bank Trust Company Americas" not in names
    assert names[:2] == ["MetLife, Inc.", "Deutsche Bank Securities Inc."]


def test_parties_named_in_the_middle_of_a_sentence() -> None:
    text = doc(
        "RESELLER AGREEMENT\nTHIS AGREEMENT entered into as of the 19 day of March, 2004 "
        "provides the terms under which MediaNet Group Technologies, Inc., a Nevada corporation "
        "having an address at 5100 W. Copans Road, Margate, FL 33063 USA (“MEDIANET”), "
        "authorizes International Direct Response, Inc., a Pennsylvania Corporation, having an "
        "address at 1125 Lancaster Avenue, Berwyn, PA 19312 (“RESELLER”) to resell licences.\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "MediaNet Group Technologies, Inc.",
        "International Direct Response, Inc.",
    ]


def test_a_company_of_a_state_keeps_the_state_in_its_name() -> None:
    text = doc(
        "AGENCY AGREEMENT\nThis Agreement is made between Alliance Bancorp, Inc. of Pennsylvania, "
        "a Pennsylvania corporation (the “Company”), and Sandler O’Neill & Partners, L.P. (the "
        "“Agent”).\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")][0] == (
        "Alliance Bancorp, Inc. of Pennsylvania"
    )


def test_a_company_name_in_lowercase_initials() -> None:
    text = doc(
        "COOPERATION AGREEMENT\nThis Cooperation Agreement is entered into as of July 1, 2020, "
        "by and between e.l.f. Beauty, Inc., a Delaware corporation (the “Company”), and "
        "Marathon Partners Equity Management, LLC (“Marathon”).\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "e.l.f. Beauty, Inc.",
        "Marathon Partners Equity Management, LLC",
    ]


def test_headings_of_an_amendments_items_are_no_parties() -> None:
    text = doc(
        "AMENDMENT NO. 1\nReference is made to the License Agreement dated as of May 1, 2004 "
        "between Rigel Media Inc. (“Rigel”) and Vega Games, Inc. (“Licensee”).\n\n1. PARTIES\n\n"
        "(a) ASSIGNMENT: By an assignment dated as of October 1, 2005 by and between Rigel Media "
        "Inc. and Orion Mobile Inc., Orion Mobile Inc. is substituted for Rigel under the "
        "Agreement.\n\n(b) LICENSEE CHANGE OF NAME: The parties acknowledge the change of name.\n\n"
        "2. WIRELESS PRODUCTS\n\n(a) Licensee shall develop one game (the “Star Wireless "
        "Product”).\n",
        language="en",
    )
    names = [f.value["name"] for f in find_parties(text, "en", "sha")]
    assert "Rigel Media Inc." in names and "Vega Games, Inc." in names
    assert not any("CHANGE OF NAME" in n or "PRODUCTS" in n for n in names)


def test_party_labels_run_together_on_one_line() -> None:
    text = doc(
        "Cooperation Agreement of a Solar Power Project   Party A: People's Government of Anxi "
        "County Party B: Lanshan Solar Energy Co., Ltd.   Party A welcomes Party B to invest.\n",
        language="en",
    )
    assert [(f.value["name"], f.value["role"]) for f in find_parties(text, "en", "sha")] == [
        ("People's Government of Anxi County", "Party A"),
        ("Lanshan Solar Energy Co., Ltd.", "Party B"),
    ]


def test_compound_company_forms_end_the_name_whole() -> None:
    text = doc(
        "SUPPLY AGREEMENT\nbetween\nWESER OLEO GmbH & Co KG, Glockenweg 3, 20095 Hamburg,\n"
        "— hereinafter referred to as Weser —\nand\nNorth Lakes Gas Transmission Limited "
        "Partnership (“Transporter”)\n",
        language="en",
    )
    names = [f.value["name"] for f in find_parties(text, "en", "sha")]
    assert "North Lakes Gas Transmission Limited Partnership" in names
    assert "WESER OLEO GmbH & Co KG" in names


def test_an_institution_for_something_is_a_name() -> None:
    text = doc(
        "SUPPLY AGREEMENT (“Supply Agreement”) effective as of the date of last signing "
        "(“Effective Date”) between Centre for Probe Development and Commercialization, a "
        "not-for-profit research institution with offices located at 1280 Main Street West, "
        "Hamilton, Ontario, Canada, L8S 4K1, (“CPDC”), and Fusion Pharma Inc. (“FUSION”).\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Centre for Probe Development and Commercialization",
        "Fusion Pharma Inc.",
    ]
    lexicon = _lexicon()
    assert not _plausible(
        "as Administrator for Fox Film Corporation", lexicon.not_parties, lexicon.roles
    )


def test_rows_of_a_form_with_the_role_in_capitals() -> None:
    text = doc(
        "TRANSPORTATION CONTRACT\nSPECIFIC CONDITIONS\n\nDate Bogota D.C. January 30, 2012\n\n"
        "Contract No. VIT-005-2012\n\nSENDER ANDES PETROLEUM EXPLORATION LIMITED\n\nTAX ID "
        "830.051.027-8\n\nSHIPPER PETROANDINA S.A.   TAX ID 899.999.068-1\n\nPURPOSE Crude oil "
        "transport.\n",
        language="en",
    )
    assert [(f.value["name"], f.value["role"]) for f in find_parties(text, "en", "sha")] == [
        ("ANDES PETROLEUM EXPLORATION LIMITED", "Sender"),
        ("PETROANDINA S.A.", "Shipper"),
    ]


def test_names_in_capitals_described_after_a_verb_and_no_state_as_a_party() -> None:
    text = doc(
        "LIMITED POWER OF ATTORNEY\n\nKNOW ALL MEN BY THESE PRESENTS, dated as of January 1, "
        "2004, that NORTHWIND INVESTMENT MANAGEMENT COMPANY, a statutory trust duly organized "
        "under the laws of the State of Delaware (the “Adviser”), does hereby appoint NORTHWIND "
        "ADVISORY SERVICES COMPANY, a statutory trust duly organized under the laws of the State "
        "of Delaware (“NASC”), to act as attorney-in-fact.\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "NORTHWIND INVESTMENT MANAGEMENT COMPANY",
        "NORTHWIND ADVISORY SERVICES COMPANY",
    ]


def test_no_party_from_a_table_of_contents_a_placeholder_or_a_law() -> None:
    text = doc(
        "JOINT VENTURE CONTRACT\nIn accordance with the Law of the People's Republic of China "
        "on Joint Ventures Using Chinese and Foreign Investment (the “Joint Venture Law”), the "
        "parties agree to invest.\nArticle 1 Parties\n1. Baoding Sail Group Limited Liability "
        "Company (hereinafter referred to as Party A), established under the laws of China.\n2. "
        "Valiant "
        "Technology, Inc., (hereinafter referred to as Party B), established in Delaware.\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Baoding Sail Group Limited Liability Company",
        "Valiant Technology, Inc.",
    ]
    lexicon = _lexicon()
    for name in ("GOVERNING LAW - ARBITRATION 7", "<<enter Company Name>>", "State of Delaware"):
        assert not _plausible(name, lexicon.not_parties, lexicon.roles), name
    assert _plausible("AVIONS DE TRANSPORT REGIONAL, G.I.E.", lexicon.not_parties, lexicon.roles)


def test_a_role_before_the_name_products_and_table_rows_are_no_parties() -> None:
    text = doc(
        "RESELLER AGREEMENT\nThis Distribution Agreement is entered into by and between "
        "Incentive Services, L.L.C., a Missouri limited liability company (“AEIS”), and its "
        "Reseller, Schoolhop, Inc., a Delaware corporation (“Schoolhop”). AEIS sells cards "
        "including Be My Guest(R), and any other stored value products (“Cards”).\n",
        language="en",
    )
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == [
        "Incentive Services, L.L.C.",
        "Schoolhop, Inc.",
    ]
    lexicon = _lexicon()
    for name in ("MONTH 1 10/1/04-10/31/04 8", "The Partnership", "Be My Guest(R)"):
        assert not _plausible(name, lexicon.not_parties, lexicon.roles), name


def test_run_on_signature_blocks_with_the_company_after_the_signers_title() -> None:
    assert names(
        "JOINT FILING AGREEMENT\nThe undersigned agree to file a statement on Schedule 13G for "
        "each of them.\nDated: 4/8/2020\nYB PN, Ltd.\nBy:/s/ Tom Rill Date: 4/8/2020 Tom Rill "
        "Chief Compliance Officer Yorkshire Advisors Global II, LLC By:/s/ Tom Rill "
        "Date: 4/8/2020 Tom Rill Chief Compliance Officer Delta Gamma Advisors, LP "
        "By:/s/ Tom Rill Date: 4/8/2020\n"
    ) == ["YB PN, Ltd.", "Yorkshire Advisors Global II, LLC", "Delta Gamma Advisors, LP"]


def test_the_word_as_is_no_company_form_and_a_salutation_is_no_party() -> None:
    from contractdossier.recognise.parties import _legal_form, _lexicon, _plausible

    lexicon = _lexicon()
    assert _legal_form().search("Norsk Hydro AS")
    assert not _legal_form().search("Offshore as Borrower and Guaranty")
    for name in ("Offshore as Borrower and Guaranty", "Dear Sirs"):
        assert not _plausible(name, lexicon.not_parties, lexicon.roles), name


def test_breaking_run_on_signature_lines_keeps_every_offset() -> None:
    from contractdossier.recognise.parties import _unrun

    zone = (
        "By:/s/ Tom Rill Date: 4/8/2020 Tom Rill Chief Compliance Officer   Yorkshire Advisors "
        "Global II, LLC By:/s/ Tom Rill"
    )
    broken = _unrun(zone)
    assert len(broken) == len(zone)
    assert "\nYorkshire Advisors Global II, LLC" in broken


@pytest.mark.parametrize(
    ("preamble", "names"),
    [
        (
            "This Agreement is entered into as of February 16, 2000 by and between At Home "
            'Corporation ("Excite"), located at 450 Broadway, Redwood City, California 94063, and '
            'e-centives, Inc., ("Application Provider"), a Delaware corporation.',
            ["At Home Corporation", "e-centives, Inc."],
        ),
        (
            'THIS RESELLER AGREEMENT (this "Agreement") is made on April 7, 2017, by and between '
            'i3 Integrative Creative Solutions, LLC ("i3 ICS"), a Virginia limited liability '
            'company ("Reseller") and Bravatek Solutions, Inc. ("Company").',
            ["i3 Integrative Creative Solutions, LLC", "Bravatek Solutions, Inc."],
        ),
    ],
)
def test_a_name_that_starts_in_small_letters(preamble: str, names: list[str]) -> None:
    text = ExtractedText((PageText(1, "AGREEMENT\n\n" + preamble + "\n", 0),), "en", 1)
    assert [f.value["name"] for f in find_parties(text, "en", "sha")] == names


def test_a_street_address_right_after_the_company_form_ends_the_name() -> None:
    preamble = (
        'This Agreement is effective 7/1/98 ("Effective Date") between Tripath Technology, Inc. '
        '("Tripath"), and Uniquest Corporation 780 Montague Expressway Suite 406 Santa Jose, CA '
        "95131\n\nTripath and Distributor intend to establish Distributor as a distributor."
    )
    assert party_names("DISTRIBUTOR AGREEMENT\n\n" + preamble + "\n") == [
        "Tripath Technology, Inc.",
        "Uniquest Corporation",
    ]


def test_a_role_word_that_begins_the_name_is_not_a_row_label() -> None:
    preamble = (
        "THIS AGREEMENT is entered into by and between NETWORK  1 FINANCIAL, INC. "
        '("NETWORK  1"), a Virginia Corporation, and Payment Data Systems, Inc. ("AFFILIATE"), '
        "a Nevada Corporation. This Agreement is dated as of April 2, 2020, by and among Otis "
        'Worldwide Corporation ("Otis") and Carrier Global Corporation, a Delaware corporation '
        '("Carrier").'
    )
    assert party_names(preamble + "\n") == [
        "NETWORK 1 FINANCIAL, INC.",
        "Payment Data Systems, Inc.",
        "Otis Worldwide Corporation",
        "Carrier Global Corporation",
    ]


def test_a_role_at_the_start_of_a_table_row_is_still_a_label() -> None:
    form = (
        "Orderformulier\nOnderdeel Gegevens\n"
        "Leverancier Planwise Software B.V., Danzigerkade 51, 1013 AP Amsterdam (hierna te\n"
        "noemen: “Planwise” of “Leverancier”)\n"
        "Klant Brouwer-Smit B.V., Noorderkade 88, 1823 CJ Alkmaar\n(hierna te noemen: “Klant”)\n"
    )
    assert party_names(form, language="nl") == [
        "Planwise Software B.V.",
        "Brouwer-Smit B.V.",
    ]


def test_a_numbered_parties_heading_in_the_english_style() -> None:
    preamble = (
        "THIS AGREEMENT is entered into between the parties on 1 April, 2020.\n\n"
        "PARTIES (1) Northwind Biopharma UK Limited is a company registered in the United Kingdom "
        "and whose registered office is at 12 New Fetter Lane, London, United Kingdom, EC4A 1JP "
        '(the "Employer"); and (2) Jane Whitlock of [address removed] (the "Executive").\n\n'
        "AGREED TERMS\n"
    )
    found = [(name, role) for name, role, _, _ in en(preamble)]
    assert found == [
        ("Northwind Biopharma UK Limited", "Employer"),
        ("Jane Whitlock", "Executive"),
    ]


def test_a_company_after_and_the_at_the_end_of_an_address() -> None:
    preamble = (
        'This Agreement ("Agreement") is made effective March 22, 2018, by and between Freeze '
        'Pop Inc., a Delaware Corporation ("Company"), with its principal place of business '
        "located at 1720 Bray Central Drive, McKinney, TX 75069 and the American Gardening "
        'Association, Inc. ("Association"), an Ohio not-for profit corporation. The Agents '
        "remarket the Notes and the Remarketing Fee (as defined below) (the \"Pricing Terms\")."
    )
    assert party_names(preamble + "\n") == [
        "Freeze Pop Inc.",
        "American Gardening Association, Inc.",
    ]


def test_a_list_of_parties_under_between_with_titles_and_no_defined_terms() -> None:
    head = (
        "JOINT VENTURE AGREEMENT\n\nBETWEEN\n\nKIROMIC BIOPHARMA Inc., a Delaware Company, Houston "
        "TX 77054 USA, in person of the Legal Representative dr. Prof. Maurizio Chiriva, PhD\n\n"
        "AND\n\nMOLIPHARMA S.R.L. an Italian Company stated in Campobasso, in person of the Legal "
        "Representative Avv. Giovanni Meliado;\n\neach a Party and, together, the Parties.\n\n"
        "WHEREAS A. Kiromic is a Company.\n"
    )
    assert party_names(head) == [
        "KIROMIC BIOPHARMA Inc.",
        "MOLIPHARMA S.R.L.",
    ]


def test_a_letter_agreement_names_its_writer_after_the_salutation() -> None:
    head = (
        "AGENCY AGREEMENT   May 25, 2016   Compass Research & Trading, LLC 1055 Jefferson Street "
        "N.W.   As Sales Agent   Dear Ladies and Gentlemen:   Bluerock Growth REIT, Inc., a "
        'Maryland corporation (the "Company"), agrees that it may sell through Compass Research '
        '& Trading, LLC, acting as agent (the "Agent").\n\n2. Representations and Warranties of '
        'the Company. The prospectus dated May 1, 2016 (the "Base Prospectus") is complete.\n'
    )
    assert party_names(head) == [
        "Bluerock Growth REIT, Inc.",
        "Compass Research & Trading, LLC",
    ]


def test_a_capital_role_word_joined_by_of_is_part_of_the_name() -> None:
    head = (
        "JOINT FILING AGREEMENT\n\nThe undersigned agree to file jointly.\n\n"
        "Date: April 7, 2020 BANK OF AMERICA CORPORATION\n\nBy: /s/ Ronald Tobin\n"
    )
    assert "BANK OF AMERICA CORPORATION" in party_names(head)


def test_parties_numbered_inline_and_addresses_after_of() -> None:
    head = (
        "THIS AGREEMENT IS MADE ON THE 19 DAY OF MAY , 2010 PARTIES     (1) SHBV (HONG KONG) LTD, "
        "a company incorporated in Hong Kong whose registered office is at Unit 3208, 32/F Office "
        'Tower ("SHBV"); and  Convention Plaza, 1 Harbour Rd, Hong Kong     (2) WASTE2ENERGY '
        "GROUP HOLDINGS PLC a company incorporated in Isle of Man whose registered office is at "
        'Stanley House, Douglas ("W2E"), each a "Party".\n\nBETWEEN LEO PHARMA A/S of '
        'Industriparken 55, DK-2750 Ballerup, Denmark ("LEO").\n'
    )
    assert party_names(head) == [
        "SHBV (HONG KONG) LTD.",
        "WASTE2ENERGY GROUP HOLDINGS PLC",
        "LEO PHARMA A/S",
    ]


@pytest.mark.parametrize(
    "name", ["MA 01835-8099", "4,500,000 Trust Preferred Securities", "2051 of the Company"]
)
def test_a_state_and_zip_or_a_number_of_securities_is_no_name(name: str) -> None:
    lexicon = _lexicon()
    assert not _plausible(name, lexicon.not_parties, lexicon.roles)
    assert _plausible("Nanophase Technologies Corporation", lexicon.not_parties, lexicon.roles)


def test_a_party_defined_together_with_another_keeps_its_own_term() -> None:
    # "(collectively with the Lead Agent, the "Agents")" is Bloom Burton's marker, so the next
    # one, "(the "Corporation")", is Tribute's and not Bloom Burton's
    found = en(
        "AGENCY AGREEMENT\n\nMay 21, 2015\n\nDear Mr. Harris:\n\nThe undersigned, Dundee "
        'Securities Ltd. (the "Lead Agent"), Kes 7 Capital Inc., and Bloom Burton & Co. Ltd. '
        '(collectively with the Lead Agent, the "Agents" and each individually an "Agent") '
        'understand that Tribute Pharmaceuticals Canada Inc. (the "Corporation") proposes to '
        "issue and sell up to 13,043,695 common shares.\n"
    )
    roles = {name: role for name, role, *_ in found}
    assert roles["Tribute Pharmaceuticals Canada Inc."] == "Corporation"
    assert roles["Bloom Burton & Co. Ltd."] == "Agents"
    # "The undersigned, A, B, and C" lists the signing parties: B has no term of its own
    assert "Kes 7 Capital Inc." in roles


def trade_names(text: str, language: str = "en") -> dict[str, str | None]:
    facts = find_parties(doc(text, language=language), language, "x")
    return {f.value["name"]: f.value.get("trade_name") for f in facts}


def test_a_trade_name_after_the_name_is_kept_apart_from_the_legal_name() -> None:
    # after the description: "X, Inc., a Delaware corporation, d/b/a Y (...)"
    found = trade_names(
        "DISTRIBUTOR AGREEMENT\n\nTHIS AGREEMENT, dated as of October 24, 2005 is between "
        "JOHNSON MATTHEY CATALOG COMPANY, INC., a Delaware corporation, d/b/a ALFA AESAR "
        '(hereinafter referred to as "ALFA AESAR"), and Nanophase Technologies Corporation, '
        'an Illinois corporation ("Nanophase").\n'
    )
    assert found == {
        "JOHNSON MATTHEY CATALOG COMPANY, INC.": "ALFA AESAR",
        "Nanophase Technologies Corporation": None,
    }
    # "dba" right after the name, a list without defined terms, the sentence goes on
    found = trade_names(
        "Reseller Agreement\n\nThis Agreement is made and entered into by and between 695014 "
        "B.C. Ltd. dba Galaxy Telecom, having a principal office at 200 Water Street, "
        "Vancouver, and Galaxy Telnet SRL, having a principal office in Bucharest.\n"
    )
    assert found["695014 B.C. Ltd."] == "Galaxy Telecom"
    # the full stop of the sentence is not part of the trade name; "Inc." is
    assert trade_names(
        'This Agreement is made between Reed\'s, Inc. ("Reed\'s") and B C Marketing Concepts '
        'Inc., dba Full Sail Brewing Company, an Oregon corporation ("Company").\n'
    )["B C Marketing Concepts Inc."] == "Full Sail Brewing Company"
    assert trade_names(
        'This Agreement is made between Acme Corp. ("Acme") and Time Life Holdings, a Delaware '
        'corporation d/b/a Time Life Inc. ("TL").\n'
    )["Time Life Holdings"] == "Time Life Inc."


def test_a_dutch_trade_name_handelend_onder_de_naam() -> None:
    found = trade_names(
        "OVEREENKOMST\n\nDE ONDERGETEKENDEN:\n1. Bakkerij Jansen B.V., h.o.d.n. De Korenschoof, "
        "gevestigd te Utrecht, hierna te noemen: “Leverancier”;\nen\n2. Hotel Zonnedael B.V., "
        "handelend onder de naam Zonnedael Resort, gevestigd te Ede, hierna te noemen: "
        "“Afnemer”,\nkomen overeen als volgt:\n",
        "nl",
    )
    assert found == {
        "Bakkerij Jansen B.V.": "De Korenschoof",
        "Hotel Zonnedael B.V.": "Zonnedael Resort",
    }


def test_a_plain_list_after_this_agreement_under_a_title_in_capitals() -> None:
    # the title "AFFILIATE AGREEMENT" is no other agreement whose parties are listed
    assert names(
        "AFFILIATE AGREEMENT\n\n         This Agreement entered into as of the Effective Date by "
        "and between Link Plus Corporation and Axiometric, LLC.\n\n    RECITALS\n\n   WHEREAS, "
        "Axiometric has developed software.\n"
    ) == ["Link Plus Corporation", "Axiometric, LLC"]


def test_a_name_whose_address_was_left_blank_and_mixed_quotes() -> None:
    found = en(
        "SERVICE AGREEMENT\n\nTHIS AGREEMENT is made on 26 September 2019\n\nBETWEEN:\n\n(1) "
        "BICYCLETX LIMITED whose registered office is at Building 900, Cambridge (the "
        "\"Company\"); and\n\n(2) NIGEL CROCKETT of (the ''Employee\").\n\nIT IS AGREED as "
        "follows:\n"
    )
    assert [(name, role) for name, role, *_ in found] == [
        ("BICYCLETX LIMITED", "Company"),
        ("NIGEL CROCKETT", "Employee"),
    ]


def test_a_company_name_starting_in_small_letters_with_a_hyphen_and_digit() -> None:
    assert names(
        "FRANCHISE AGREEMENT\n\nThis Franchise Agreement (\"Agreement\") made this day by and "
        "between bw-3 FRANCHISE SYSTEMS, INC. an Ohio corporation which has its principal place "
        'of business at 600 South Highway 169, Minneapolis ("we" or "us"), and Acme Foods LLC '
        '("you").\n\nWITNESSETH:\n'
    )[0] == "bw-3 FRANCHISE SYSTEMS, INC."


def test_headings_after_a_list_sentence_ending_before_two_spaces_are_no_parties() -> None:
    # "... and Beta Systems LLC.  The effective term ..." ends the sentence of the list
    found = names(
        "Premium Managed Hosting Agreement\n\nThis is a managed hosting agreement between Alpha "
        "Nutrition Inc. and Beta Systems LLC.  The effective term is 12 months beginning March "
        "1, 2005.\n\nIncluded Monthly Services\n\nChange Management\n\nManagement of site source "
        "code is included.\n\nProject Management\n\nSupport is charged at $55 per hour.\n"
    )
    assert [name.rstrip(".") for name in found] == ["Alpha Nutrition Inc", "Beta Systems LLC"]


def test_between_followed_by_words_in_small_letters_lists_no_parties() -> None:
    found = names(
        "JOINT VENTURE CONTRACT\n\nBaoding Fengfan Group Limited Liability Company (hereinafter "
        'referred to as "Party A") and Valence Technology, Inc. (hereinafter referred to as '
        '"Party B") agree as follows.\n\n' + "Article 1\n\nThe Parties shall cooperate.\n\n" * 3
        + "Article 38\n\nIf there is a difference between the total amount of investment and the "
        "registered capital or if the Joint Venture Company needs working capital, the Board "
        "decides.\n"
    )
    assert "Joint Venture Company" not in found


def test_a_web_address_listed_as_a_party_is_a_name() -> None:
    assert names(
        "Hosting Agreement\n\nThis is a managed hosting agreement between AstroNutrition.com and "
        "Beta Systems LLC.  The effective term is 12 months.\n\nServices\n"
    ) == ["AstroNutrition.com", "Beta Systems LLC"]


def test_a_label_in_capitals_before_the_name_on_its_line_is_skipped() -> None:
    found = en(
        "SPONSORSHIP AGREEMENT AGREEMENT SUMMARY\n\nSPONSORSHIP BENEFITS:            San Diego "
        'Ballpark Funding LLC ("SDBF") shall provide Sponsor with the following benefits.\n'
    )
    assert [(name, defined) for name, _, _, defined in found] == [
        ("San Diego Ballpark Funding LLC", "SDBF")
    ]


def test_a_party_acting_in_another_capacity_is_no_second_party() -> None:
    found = en(
        "AMENDMENT NO. 2\n\nDated as of March 27, 2006\n\nReference is hereby made to the Wireless "
        'Content License Agreement ("Agreement"), between Fox Mobile Entertainment, Inc. ("Fox"), '
        "as Administrator for Twentieth Century Fox Film Corporation (\"Trademark Licensor\") and "
        'Glu Mobile, Inc. f/k/a Sorrent, Inc. ("Licensee").\n\nThe parties agree as follows:\n'
    )
    assert [name for name, *_ in found] == ["Fox Mobile Entertainment, Inc.", "Glu Mobile, Inc."]


def test_a_forms_name_field_under_the_partys_label() -> None:
    found = en(
        "SPONSORSHIP AGREEMENT SUMMARY\n\nSPONSOR:                Name: Rubio's Fresh Mexican "
        "Grill Phone: 760/602-3611        Address: 1902 Wright Place, Carlsbad, CA 92008\n\n"
        'SPONSORSHIP BENEFITS:         San Diego Ballpark Funding LLC ("SDBF") shall provide '
        "Sponsor with the following benefits.\n"
    )
    assert [name for name, *_ in found] == [
        "Rubio's Fresh Mexican Grill",
        "San Diego Ballpark Funding LLC",
    ]
    # the name field of a party's representative names no party
    people = names(
        "JOINT VENTURE CONTRACT\n\n1. Baoding Fengfan Group Limited Liability Company "
        "(hereinafter referred to as Party A), established under the laws of the PRC.\n\n"
        "Legal Representative of Party A:\n\n      Name:  Mengli Chen\n\n      Position:  "
        "CHAIRMAN\n\n2. Valence Technology, Inc., (hereinafter referred to as Party B), "
        "established under the laws of Delaware.\n"
    )
    assert "Mengli Chen" not in people
