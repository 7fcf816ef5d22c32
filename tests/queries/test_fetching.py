"""Which queries would fetch other URLs (the docstring's examples, and forms
that hide the keyword)."""

import doctest

import pytest
from partnerkg.queries import fetching
from partnerkg.queries.fetching import fetches


def test_docstring_examples():
    result = doctest.testmod(fetching)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("query, refused", [
    ("SELECT * { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }", True),
    ("SELECT * { SERVICE SILENT <http://10.0.0.1/> { ?s ?p ?o } }", True),
    ("SELECT * { ?s <http://x.org/service> ?o }", False),
    ("# SERVICE in a comment\nSELECT * { ?s ?p ?o }", False),
])
def test_service_is_found_as_a_word_outside_strings_iris_and_comments(query, refused):
    assert (fetches("query", query) is not None) == refused
