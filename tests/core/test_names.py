"""Name keys: the quick path for ASCII names gives the key the general rule gives."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerkg.core.names import _unicode_key, normalise_name


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_names_get_the_general_rules_key(name):
    assert normalise_name(name) == _unicode_key(name)


def test_every_ascii_character_alone():
    for code in range(128):
        assert normalise_name(f"A{chr(code)}b") == _unicode_key(f"A{chr(code)}b"), code


def test_keys_worked_out_by_hand():
    assert normalise_name("Bath & North-East Somerset  Council") == \
        "bath and north east somerset council"
    assert normalise_name("C++ Group") == "c++ group"        # '+' is a symbol: kept
    assert normalise_name("C# Trust") == "c# trust"          # '#' kept: "C#" is not "C"
    assert normalise_name("St. Helens (Council)") == "st helens council"
    assert normalise_name("Ynys Môn") == "ynys mon"          # the general path
    assert set(string.punctuation) & set(normalise_name(string.punctuation)) == set("#$%*+<=>@|~")
