"""fold(): one key for the spellings of one name, different keys for different names."""

from __future__ import annotations

import pytest

from graphkit.fold import fold


@pytest.mark.parametrize(
    "variants",
    [
        [
            "Kata’ib Hezbollah",
            "Kata'ib Hezbollah",
            "Kataib Hezbollah",
            "Kataeb Hizbullah",
            "KATA'IB HIZBALLAH",
        ],
        ["Hezbollah", "Hizballah", "Hizbullah", "hezbollah", "Hizbollah"],
        ["Qassem Soleimani", "Qasem Soleimani", "Ghasem Suleimani", "Qassim Sulaimani", "Qasem Soleymani"],
        ["U.S.", "US", "u.s."],
        ["United States", "the United States", "United States’", "the United States'"],
        ["Iran’s", "Iran's", "Iran", "IRAN"],
        ["Al-Quds", "al Quds", "Quds", "al-Quds"],
        ["Qods Force", "Quds Force", "the Quds Force"],
        ["Bashar al-Assad", "Bashar Assad", "Bashar al Assad"],
        ["Hashd al-Shaabi", "Hashd al-Sha'abi", "Hashd al Shaabi"],
        ["Popular Mobilisation Forces", "Popular Mobilization Forces", "popular mobilization forces"],
        ["Erdoğan", "Erdogan"],
        ["Mohammed", "Muhammad", "Mohammad", "Mohamed"],
        ["Al Asad Airbase", "al-Asad air base"],
        ["Hamas’", "Hamas"],
        ["ＩＲＧＣ", "IRGC"],  # full-width letters (NFKC)
    ],
)
def test_variants_share_a_key(variants: list[str]) -> None:
    keys = {fold(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iran", "Iraq"),
        ("Iranian", "Iraqi"),
        ("Hezbollah", "Kata'ib Hezbollah"),
        ("Austria", "Australia"),
        ("Niger", "Nigeria"),
        ("Sudan", "South Sudan"),
        ("Quds Force", "Quds"),
        ("Islamic State", "Islamic Jihad"),
    ],
)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_key_is_lowercase_ascii_words() -> None:
    assert fold("  Gen.  Qassem   SOLEIMANI’s ") == "gen qasem soleimani"
    assert fold("Popular Mobilization Forces (PMF)") == "popular mobilization forces pmf"


@pytest.mark.parametrize(
    "name", ["Kata’ib Hizballah", "the U.S. embassy", "Ayatollah Ali Khamenei", "Tower 22"]
)
def test_fold_is_idempotent(name: str) -> None:
    assert fold(fold(name)) == fold(name)


def test_leading_the_only() -> None:
    assert fold("The Hill") == fold("Hill")
    assert fold("Tower of the Winds").split()[1:3] == ["of", "the"]
    assert fold("The") == "the"  # a lone article is kept rather than folded to nothing
