"""The examples in the core modules' docstrings run and give what they show."""

import doctest

import pytest
from partnerkg.core import encoding, files, records, resources


@pytest.mark.parametrize("module", [encoding, files, records, resources], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
