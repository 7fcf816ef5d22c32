"""The remote client's own examples, and TLS: checked by default, --insecure with a warning."""

from __future__ import annotations

import doctest
import http.server
import shutil
import ssl
import subprocess
import threading

import pytest
from partnerkg.core import terms
from partnerkg.endpoint import http as remote_http
from partnerkg.queries import binding


@pytest.mark.parametrize("module", [remote_http, binding, terms], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.fixture
def tls_endpoint(tmp_path):
    """A real HTTPS server with a self-signed certificate (made by openssl) that answers every
    POST with one SPARQL JSON row."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    body = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "7"}}]}}'

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_tls_is_checked_unless_insecure(run, tls_endpoint):
    checked = run("query", "--sparql", "SELECT ?n { ?s ?p ?n }", "--format", "csv",
                  "--endpoint", tls_endpoint)
    assert checked.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in checked.output, \
        checked.output
    insecure = run("query", "--sparql", "SELECT ?n { ?s ?p ?n }", "--format", "csv",
                   "--endpoint", tls_endpoint, "--insecure")
    assert insecure.exit_code == 0, insecure.output
    assert insecure.stdout_bytes == b"n\r\n7\r\n"
    assert "Warning: TLS certificates are not checked" in insecure.stderr
