"""Concurrency: three processes adding 200 entries each to one journal at once, while another lists, all succeed."""

from __future__ import annotations

from pathlib import Path

import crashkit


def test_three_writers_and_a_reader(tmp_path: Path) -> None:
    result = crashkit.concurrent_writers(tmp_path / "home", writers=3, per_writer=200)
    assert result["writer_failures"] == []
    assert result["reader_failures"] == []  # never "database is locked", never anything else
    assert result["reader_runs"] > 0
    # check("new") also proved every entry whole, and session numbers 1..600 with none given twice.
    assert result["entries"] == 600
