"""The examples in the prose loader's docstrings run and give what they show."""

import doctest

import pytest
from partnerkg.loaders import giving360, layout, mentions, money, text


@pytest.mark.parametrize("module", [giving360, layout, mentions, money, text], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
