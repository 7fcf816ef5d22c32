"""The examples in core.tables' docstrings run and give what they show."""

import doctest

from partnerkg.core import tables


def test_docstring_examples():
    result = doctest.testmod(tables)
    assert result.attempted > 0 and result.failed == 0
