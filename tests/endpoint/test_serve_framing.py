"""Request smuggling through the front of ``serve`` (issue 30, item 8): a request whose framing
two HTTP parsers may read differently is refused, and what is forwarded is one request framed
by the front, so no byte of a client becomes a request the front did not check."""

from __future__ import annotations

import socket

import pytest
from partnerkg.endpoint.server import Server


TOKEN = "the-token"
SMUGGLED = b'INSERT DATA { <https://example.org/smuggled> <https://example.org/p> "x" }'


def smuggled_request(port: int) -> bytes:
    """A whole update without the token, to be hidden in another request's body."""
    return (b"POST /update HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            b"Content-Type: application/sparql-update\r\nContent-Length: %d\r\n\r\n%s"
            % (port, len(SMUGGLED), SMUGGLED))


def exchange(port: int, data: bytes) -> bytes:
    """Send raw bytes to 127.0.0.1:port; all that comes back until the connection ends."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while block := sock.recv(65536):
            answer += block
    return answer


def chunked(data: bytes, size: bytes | None = None) -> bytes:
    return b"%s\r\n%s\r\n0\r\n\r\n" % (size or b"%x" % len(data), data)


def smuggled(port: int) -> int:
    """Triples the smuggled update inserted."""
    import json
    import urllib.parse

    from .test_server_hardening import send

    status, data = send(port, "GET", "/query?" + urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) { <https://example.org/smuggled> ?p ?o }"}),
        headers={"Accept": "application/sparql-results+json"})
    assert status == 200, data
    return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def server(tmp_path, free_port):
    with Server(tmp_path / "store", port=free_port(), writable=True, create=True,
                token=TOKEN) as served:
        yield served


AMBIGUOUS = {
    "Transfer-Encoding and Content-Length": lambda host, body: (
        b"POST /query HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n%s" % (host, chunked(body))),
    "Transfer-Encoding in another case and Content-Length": lambda host, body: (
        b"POST /query HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
        b"Content-Length: 0\r\nTransfer-Encoding: ChUnKeD\r\n\r\n%s" % (host, chunked(body))),
    "two equal Content-Lengths": lambda host, body: (
        b"POST /query HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
        b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n%s"
        % (host, len(body), len(body), body)),
    "obsolete line folding": lambda host, body: (
        b"POST /query HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
        b"X-Folded: a\r\n Transfer-Encoding: chunked\r\nContent-Length: %d\r\n\r\n%s"
        % (host, len(body), body)),
    "a chunk size with 0x": lambda host, body: (
        b"POST /query HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n%s" % (host, chunked(body, b"0x%x" % len(body)))),
    "a negative chunk size": lambda host, body: (
        b"POST /query HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n-1\r\n%s" % (host, body)),
    "a transfer coding other than chunked": lambda host, body: (
        b"POST /query HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\n"
        b"Transfer-Encoding: gzip, chunked\r\n\r\n%s" % (host, chunked(body))),
}


@pytest.mark.parametrize("framing", AMBIGUOUS)
def test_ambiguous_framing_is_refused_and_nothing_is_smuggled(server, framing):
    host = b"127.0.0.1:%d" % server.port
    answer = exchange(server.port, AMBIGUOUS[framing](host, smuggled_request(server.port)))
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:300]
    assert smuggled(server.port) == 0


@pytest.mark.parametrize("coding", [b"chunked", b"Chunked", b"CHUNKED"])
def test_a_chunked_body_in_any_case_is_forwarded_as_one_request(server, coding):
    host = b"127.0.0.1:%d" % server.port
    for path in (b"/query", b"/store"):  # a body the front streams: no checked kind
        hidden = smuggled_request(server.port)
        answer = exchange(server.port, b"POST %s HTTP/1.1\r\nHost: %s\r\n"
                          b"Content-Type: text/plain\r\nTransfer-Encoding: %s\r\n\r\n%s%s"
                          % (path, host, coding, chunked(hidden), hidden))
        assert answer.startswith(b"HTTP/1.1 4"), answer[:300]  # one answer, to one request
        assert answer.count(b"HTTP/1.1 ") == 1, answer[:600]
    assert smuggled(server.port) == 0
    # and a well-framed chunked query is answered
    query = b"query=ASK%7B%7D"
    answer = exchange(server.port, b"POST /query HTTP/1.1\r\nHost: %s\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n"
                      b"Transfer-Encoding: %s\r\n\r\n%s" % (host, coding, chunked(query)))
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
