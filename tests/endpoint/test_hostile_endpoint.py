"""``query --endpoint`` and ``push`` against a hostile endpoint started here (issue 30, items
10 and 11): an answer that never ends, a gzip bomb, a huge refusal, a byte every two seconds,
an RDF/XML entity bomb, and a server that echoes the credentials back. Each stops with one
clear line and exit 1; no secret is ever printed."""

from __future__ import annotations

import base64
import gzip
import http.server
import threading
import time

import pytest

#: The most any answer here sends, so that a client that does not stop cannot fill the machine.
CAP = 40_000_000
SPARQL = "SELECT ?s WHERE { ?s ?p ?o }"
TOKEN = "tok-5f1e9c0d7a"
PASSWORD = "pw-93a1c4e6"


class Hostile:
    """A real HTTP server answering every request by ``answer(handler)``; ``sent`` counts the
    body bytes it got out before the client hung up."""

    def __init__(self, answer) -> None:
        owner = self
        self.sent = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # a body without a length ends when the server closes

            def _answer(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    answer(self, owner)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def write(self, handler, chunk: bytes) -> None:
        handler.wfile.write(chunk)
        handler.wfile.flush()
        self.sent += len(chunk)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _head(handler, status: int, media_type: str, **headers) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", media_type)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()


def endless_json(handler, server):
    _head(handler, 200, "application/sparql-results+json")
    server.write(handler, b'{"head": {"vars": ["s"]}, "results": {"bindings": [')
    row = b'{"s": {"type": "uri", "value": "https://example.org/' + b"x" * 200 + b'"}},'
    while server.sent < CAP:
        server.write(handler, row * 1000)


def test_an_endless_answer_is_cut_at_the_size_limit(run):
    with Hostile(endless_json) as server:
        result = run("query", "--sparql", SPARQL, "--endpoint", server.url,
                     "--max-answer-mb", "5")
    assert result.exit_code == 1, result.output
    assert "more than 5 MB" in result.output and "Traceback" not in result.output
    assert server.sent < CAP


_BOMB = gzip.compress(b" " * CAP, compresslevel=9)


def gzip_bomb(handler, server):
    _head(handler, 200, "application/sparql-results+json", Content_Encoding="gzip",
          Content_Length=str(len(_BOMB)))
    server.write(handler, _BOMB)


def test_a_gzip_bomb_is_cut_by_what_it_expands_to(run):
    assert len(_BOMB) < CAP / 500
    with Hostile(gzip_bomb) as server:
        result = run("query", "--sparql", SPARQL, "--endpoint", server.url,
                     "--max-answer-mb", "5")
    assert result.exit_code == 1, result.output
    assert "more than 5 MB (after decompression)" in result.output


def huge_refusal(handler, server):
    _head(handler, 500, "text/plain", Content_Length=str(2_000_000_000))
    server.write(handler, b"Internal error: the store is on fire\n")
    while server.sent < CAP:
        server.write(handler, b"x" * 1_000_000)


def test_a_huge_refusal_is_read_only_as_far_as_its_reason(run):
    with Hostile(huge_refusal) as server:
        result = run("query", "--sparql", SPARQL, "--endpoint", server.url)
        time.sleep(0.5)  # the server notices the hang-up
    assert result.exit_code == 1, result.output
    assert "refused the query (HTTP 500 Internal Server Error: Internal error: the store is on " \
           "fire)" in result.output
    assert server.sent < CAP


def trickle(handler, server):
    _head(handler, 200, "application/sparql-results+json")
    for byte in b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}':
        server.write(handler, bytes([byte]))
        time.sleep(2)


def test_a_trickled_answer_stops_at_the_timeout_for_the_whole_answer(run):
    """Each read gets a byte within 2 s, so a timeout per read would never fire."""
    with Hostile(trickle) as server:
        result = run("query", "--sparql", SPARQL, "--endpoint", server.url, "--timeout", "5")
    assert result.exit_code == 1, result.output
    assert "no answer from" in result.output and "within 5 s" in result.output
    assert server.sent < 10


def entity_bomb(handler, server):
    value = "x" * 100_000
    body = "".join(f'<rdf:Description rdf:about="https://example.org/s{i}"><ex:p>&big;</ex:p>'
                   "</rdf:Description>" for i in range(300))
    document = (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY big "{value}">]>\n'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'xmlns:ex="https://example.org/">{body}</rdf:RDF>').encode()
    _head(handler, 200, "application/rdf+xml", Content_Length=str(len(document)))
    server.write(handler, document)


def test_an_rdf_xml_entity_bomb_is_refused_before_it_is_parsed(run):
    with Hostile(entity_bomb) as server:
        result = run("query", "--sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                     "--format", "nt", "--endpoint", server.url)
    assert result.exit_code == 1, result.output
    assert "answered with RDF/XML that is not read" in result.output
    assert "would expand to 30,000,000 bytes" in result.output


def echo_credentials(handler, server):
    """Asks for Basic, then refuses whatever comes, quoting the credentials it was sent (a
    Basic header decoded too)."""
    given = handler.headers.get("Authorization")
    if given is None:
        _head(handler, 401, "text/plain", WWW_Authenticate='Basic realm="x"')
        server.write(handler, b"who are you?\n")
        return
    _head(handler, 403, "text/plain")
    kind, _, value = given.partition(" ")
    plain = base64.b64decode(value).decode() if kind == "Basic" else value
    server.write(handler, f"you sent Authorization: {given}, that is {plain}\n".encode())


@pytest.mark.parametrize("how", ["token-file", "password-file", "environment"])
def test_secrets_come_from_files_or_the_environment_and_are_never_shown(run, tmp_path,
                                                                        how):
    secret = tmp_path / "secret"
    secret.write_text((TOKEN if how == "token-file" else PASSWORD) + "\n", encoding="utf-8")
    secret.chmod(0o600)
    given, env = {"token-file": (["--token-file", secret], {}),
                  "password-file": (["--user", "ann", "--password-file", secret], {}),
                  "environment": ([], {"PARTNERKG_USER": "ann",
                                       "PARTNERKG_PASSWORD_FILE": str(secret)})}[how]
    with Hostile(echo_credentials) as server:
        for command in (["query", "--sparql", SPARQL, "--endpoint", server.url],
                        ["push", "--demo", "--endpoint", server.url.replace("sparql", "store")]):
            result = run(*command, *given, env={"NETRC": "/nonexistent", **env})
            assert result.exit_code == 1, result.output
            assert "refused the" in result.output and "HTTP 403" in result.output
            basic = base64.b64encode(f"ann:{PASSWORD}".encode()).decode()
            for shown in (TOKEN, PASSWORD, basic):
                assert shown not in result.output
            assert "you sent Authorization: " in result.output and "***" in result.output
