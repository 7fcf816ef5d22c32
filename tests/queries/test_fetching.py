"""Which queries would fetch other URLs, by rdflib's parse (the docstring's examples, and forms
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
def test_service_is_found_by_the_parse_not_the_word(query, refused):
    assert (fetches("query", query) is not None) == refused
