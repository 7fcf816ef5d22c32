"""The examples in resolution's docstrings run and give what they show."""

import doctest

import pytest
from partnerkg.resolution import identity, register, register_table, resolve


@pytest.mark.parametrize("module", [identity, register, register_table, resolve], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
