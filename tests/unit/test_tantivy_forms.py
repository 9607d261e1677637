"""The tantivy backend's forms table: which indexed words stem to a stem, per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractdossier.errors import StoreError
from contractdossier.search.tantivy_index import Forms


def test_words_are_found_by_their_stem_per_language(tmp_path: Path) -> None:
    Forms.create(tmp_path / "forms.sqlite3")
    forms = Forms(tmp_path / "forms.sqlite3")
    forms.learn("nl", ["overeenkomsten", "overeenkomst", "2024"])
    forms.learn("en", ["agreements"])
    assert forms.of("nl", "overeenkomst") == ("overeenkomst", "overeenkomsten")
    assert forms.of("en", "overeenkomst") == ("overeenkomst",)  # learned for Dutch only
    assert forms.of("en", "agreement") == ("agreement", "agreements")
    forms.close()


def test_a_damaged_forms_table_is_a_store_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "forms.sqlite3"
    path.write_bytes(b"not a database" * 100)
    forms = Forms(path)
    with pytest.raises(StoreError, match="word forms"):
        forms.learn("nl", ["overeenkomsten"])
    with pytest.raises(StoreError, match="word forms"):
        forms.of("nl", "overeenkomst")
