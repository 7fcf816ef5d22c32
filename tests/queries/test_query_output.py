"""SELECT * columns in the query's order, and --limit."""

import csv
import io

from partnerkg.queries.runner import in_query_order

PREFIXES = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX org: <http://www.w3.org/ns/org#> "


def test_select_star_columns_come_in_the_order_the_query_names_them(run, data_dir, tmp_path):
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)
    sparql = PREFIXES + ("SELECT * WHERE { ?zed org:member ?middle . ?middle skos:prefLabel ?alpha }"
                         " ORDER BY ?alpha LIMIT 1")
    result = run("query", "--sparql", sparql, "--store", store, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "zed,middle,alpha"


def test_variables_in_strings_iris_and_comments_do_not_count():
    sparql = ('PREFIX e: <http://e/?b> SELECT * WHERE { # ?b first in a comment\n'
              '?c e:p "?b" . ?a <http://e/x?b> ?b }')
    assert in_query_order(sparql, ["a", "b", "c"], [[1, 2, 3]]) == (["c", "a", "b"], [[3, 1, 2]])


def test_named_columns_keep_their_order():
    assert in_query_order("SELECT ?b ?a { ?a ?p ?b }", ["b", "a"], [[1, 2]]) == \
        (["b", "a"], [[1, 2]])


def test_limit_cuts_the_rows_and_says_how_many_there_were(run, data_dir, tmp_path):
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)
    sparql = PREFIXES + "SELECT ?m WHERE { ?m org:member ?o } ORDER BY ?m"
    whole = run("query", "--sparql", sparql, "--store", store, "--format", "csv")
    cut = run("query", "--sparql", sparql, "--store", store, "--format", "csv", "--limit", "3")
    assert cut.exit_code == 0
    rows = list(csv.reader(io.StringIO(cut.stdout)))
    # long.csv has 8 memberships (b1: 3, b2: 2, b3: 3)
    assert len(rows) == 1 + 3 and rows == list(csv.reader(io.StringIO(whole.stdout)))[:4]
    assert "showing the first 3 of 8 rows" in cut.stderr
    assert run("query", "--sparql", sparql, "--limit", "0").exit_code == 2


def test_ask_answers_in_every_table_format_and_construct_as_a_graph(run, data_dir, tmp_path):
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)
    ask = PREFIXES + 'ASK { ?o skos:prefLabel "Alpha Council" }'
    for format, expected in (("csv", "boolean\ntrue\n"), ("tsv", "boolean\ntrue\n"),
                             ("table", "true\n")):
        result = run("query", "--sparql", ask, "--store", store, "--format", format)
        assert result.exit_code == 0 and result.stdout == expected
    construct = PREFIXES + ('CONSTRUCT { ?o skos:prefLabel ?n } WHERE { ?o skos:prefLabel ?n '
                            'FILTER(?n = "Beta Police") }')
    result = run("query", "--sparql", construct, "--store", store, "--format", "nt")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1 and '"Beta Police"' in result.stdout


def test_a_local_query_with_service_is_refused_unless_allowed(run, tmp_path):
    import http.server
    import threading

    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server name
            asked.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        query = (f"SELECT * {{ SERVICE <http://127.0.0.1:{server.server_port}/sparql> "
                 "{ ?s ?p ?o } }")
        refused = run("query", "--sparql", query)
        assert refused.exit_code == 1 and "pass --allow-service" in refused.output
        assert asked == []  # nothing was fetched
        allowed = run("query", "--sparql", query, "--allow-service")
        assert asked  # asked for, the query does reach the address
        assert "Traceback" not in allowed.output
    finally:
        server.shutdown()
