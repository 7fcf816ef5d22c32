"""A SPARQL 1.1 endpoint over a store directory, run by the Oxigraph server (PyPI ``oxigraph``).

The server answers queries at ``/query`` (SPARQL 1.1 Protocol) and, when writable, takes
updates at ``/update`` and graphs at ``/store`` (Graph Store HTTP Protocol). Its default graph
is the store's data; the named graphs beside it hold what each source file said (one graph per
file, named by the file's ``pkg:SourceFile`` node) and the kept analysis results
(``pkg:cachedResult``).

The Oxigraph server listens only on a free port of 127.0.0.1. What clients reach at ``host``
and ``port`` is a small front in this process that checks each request, forwards it and streams
the answer back (status, headers, body; no CORS headers). Oxigraph cannot make these checks
itself. The front refuses, with a plain-text message:

* ``SERVICE`` in a query or update, and ``LOAD`` in an update (HTTP 403), unless
  ``allow_service``: the server would fetch any URL it is given from inside the network it runs
  in, and hand back the answer (server-side request forgery). A request that holds the word
  SERVICE (or LOAD), in any case, is parsed with rdflib's SPARQL parser and refused if it has
  such a pattern, or if it cannot be parsed (HTTP 400). The word in a string, an IRI, a variable
  or a comment is no reason to refuse. The check covers the ``query`` and ``update`` parameters
  of the URL and of a form body, and ``application/sparql-query`` and ``-update`` bodies.
* a request with an ``Origin`` header that is not the endpoint's own (403): without this check
  a web page on any site could post ``DELETE WHERE { ?s ?p ?o }`` to a server on 127.0.0.1.
  Its own origin is ``http://`` and the request's ``Host``, when that names the server by a
  loopback name on a loopback address, else by an IP address or the ``host`` it was given.
  On a loopback address a ``Host`` that is not a loopback name is refused too (403), so that a
  site whose name was made to point at 127.0.0.1 (DNS rebinding) cannot read the data.
* writes (SPARQL update, Graph Store PUT, POST, DELETE) to a read-only endpoint (403), and,
  when a ``token`` is given or the server is writable on an address beyond loopback (then a
  token is made with ``secrets.token_urlsafe``), writes without ``Authorization: Bearer TOKEN``
  (401).
* answers larger than ``max_result_bytes``: one found too large before anything was sent is
  refused (HTTP 500 with the reason); one already streaming is cut off with the reason as its
  last line and the connection ended without the closing chunk, so that the client sees an
  incomplete answer, never a complete-looking one. The log (stderr) says why.

Oxigraph stops a query that runs longer than ``timeout`` seconds (``--timeout-s``), but ends
its answer as if it were complete; the front refuses it (HTTP 500) or cuts it off as above,
naming the time limit.

The Oxigraph process stops with this one whatever ends it: ``start``, ``wait`` and ``stop``
stop it on every way out, and on Linux the kernel kills it when the thread that started it
ends (``PR_SET_PDEATHSIG``), even on ``kill -9``. While it runs the store is claimed for the
server (``graph.holders``): a command that would change the store refuses, naming the server.
"""

from __future__ import annotations

import ctypes
import errno
import hmac
import http.client
import http.server
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import StoreError
from ..graph import cache
from ..graph.holders import SERVER, WRITER, claim, describe, holder, release
from ..graph.store import require_store
from ..queries.fetching import fetches

__all__ = ["Server", "oxigraph_executable"]

#: Answers up to this size are held whole before they are sent, so that one found too large
#: (or a query stopped by the time limit) can still be refused with a status the client sees.
_HELD = 1 << 20
#: The most a request body the front must read to check (a query or an update) may hold.
_MAX_CHECKED_BODY = 100_000_000
#: What Oxigraph writes at the end of an answer whose query it stopped at the time limit.
_CANCELLED = b"The SPARQL operation has been cancelled"
#: Request headers passed on to the Oxigraph server; the others stay here.
_FORWARDED = ("Host", "Accept", "Content-Type")
#: Answer headers not passed back: the connection's own, and CORS.
_NOT_RETURNED = {"connection", "keep-alive", "transfer-encoding", "content-length", "te",
                 "trailer", "upgrade", "server", "date", "proxy-authenticate"}
_FORM = "application/x-www-form-urlencoded"
_SPARQL_BODIES = {"application/sparql-query": "query", "application/sparql-update": "update"}


def oxigraph_executable() -> str:
    """The ``oxigraph`` command installed beside this Python, else on the PATH."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if sys.platform == "win32"
                                            else "oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed: pip install oxigraph")
    return found


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dies_with_parent():
    """A ``preexec_fn`` (Linux): the kernel kills the child when the thread that started it
    ends, however it ends; if that happened before the child asked, the child exits at once."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def preexec():
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)
    return preexec


def _content_type(value: str | None) -> str:
    """A Content-Type as Oxigraph reads it: the part before ';', trimmed, in lower case."""
    return (value or "").split(";", 1)[0].strip().lower()


def _sparql_texts(url_query: str, kind: str, body: bytes | None) -> list[tuple[str, str]]:
    """Every query and update a request holds, as ("query" or "update", text)."""
    pairs = urllib.parse.parse_qsl(url_query, keep_blank_values=True)
    if kind == _FORM and body:
        pairs += urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    found = [(name, text) for name, text in pairs if name in ("query", "update")]
    if kind in _SPARQL_BODIES and body is not None:
        found.append((_SPARQL_BODIES[kind], body.decode("utf-8", "replace")))
    return found


@dataclass
class Server:
    """The Oxigraph server on ``store``, read-only unless ``writable``, behind a checking front
    (see the module's docstring for what it refuses and why).

    ``timeout``: seconds a query may run (None: no limit). ``max_result_bytes``: the largest
    answer sent (None: no limit). ``token``: writes need ``Authorization: Bearer TOKEN``;
    made at ``start`` when writable on an address beyond loopback and none is given.

    >>> Server("tca-store", port=7000).url
    'http://127.0.0.1:7000/query'
    """

    store: str | Path
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    create: bool = False  # start on a new, empty store directory
    process: subprocess.Popen | None = None
    allow_service: bool = False
    token: str | None = None
    timeout: float | None = 60.0
    max_result_bytes: int | None = 100_000_000
    _front: _Front | None = field(default=None, init=False, repr=False)
    _serving: threading.Thread | None = field(default=None, init=False, repr=False)
    _backend: int = field(default=0, init=False, repr=False)
    _log: object = field(default=None, init=False, repr=False)
    _claimed: bool = field(default=False, init=False, repr=False)

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") \
            else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (writable servers only)."""
        return f"{self.base}/store"

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach the server."""
        return _is_loopback(self.host)

    def command(self) -> list[str]:
        """The Oxigraph server's command line (it listens on 127.0.0.1 only)."""
        mode = "serve" if self.writable else "serve-read-only"
        limit = ["--timeout-s", str(max(1, int(-(-self.timeout // 1))))] if self.timeout else []
        return [oxigraph_executable(), mode, "--location", str(self.store),
                "--bind", f"127.0.0.1:{self._backend}", *limit]

    def start(self, wait: float = 30.0) -> "Server":
        """Start the server and return once it answers (StoreError if it does not).

        Call it from a thread that lives as long as the server (the main thread): on Linux the
        Oxigraph process is killed when that thread ends.
        """
        if self._front is not None:
            raise StoreError(f"the server at {self.base} is running already")
        if not self.create:
            require_store(self.store)
        try:
            self._front = _Front(self)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StoreError(f"port {self.port} is in use by another program, so nothing "
                                 f"was served at {self.base}: stop that program or choose "
                                 "another port") from None
            raise StoreError(f"cannot listen on {self.host} port {self.port}: "
                             f"{exc.strerror or exc}") from None
        try:
            self.port = self._front.server_address[1]  # the port chosen, when asked for 0
            if self.writable and not self.loopback and not self.token:
                self.token = secrets.token_urlsafe(32)
            serving = holder(Path(self.store), SERVER)
            if serving is not None and serving["pid"] != os.getpid():
                raise StoreError(f"the store {self.store} is served already by "
                                 f"{describe(serving)}: query that server, or stop it first")
            claim(Path(self.store), SERVER)
            self._claimed = True
            writer = holder(Path(self.store), WRITER)
            if writer is not None:
                raise StoreError(f"the store {self.store} is being written by "
                                 f"{describe(writer)}: serve it when that has finished")
            self._start_oxigraph(wait)
            self._serving = threading.Thread(target=self._front.serve_forever,
                                             name=f"partnerkg front :{self.port}", daemon=True)
            self._serving.start()
        except BaseException:  # a signal (SystemExit, KeyboardInterrupt) too: nothing left
            self.stop()
            raise
        return self

    def _start_oxigraph(self, wait: float) -> None:
        for attempt in range(3):  # the free port found may be taken before Oxigraph binds it
            self._backend = _free_port()
            if self._log is None:
                self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
            self._log.seek(0)
            self._log.truncate()
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=self._log, preexec_fn=_dies_with_parent())  # noqa: PLW1509
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    said = self._said()
                    if "in use" in said and attempt < 2:
                        break
                    raise StoreError(f"the Oxigraph server stopped at once: "
                                     f"{said or 'no message'} (is the store open elsewhere?)")
                if self._answers():
                    return
                time.sleep(0.1)
            else:
                raise StoreError(f"the Oxigraph server did not answer within {wait:g} s")

    def _said(self) -> str:
        """The last line the Oxigraph server wrote to stderr."""
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self._backend}/query?"
                                        "query=ASK%7B%7D", timeout=1):
                return True
        except (urllib.error.URLError, OSError):
            return False

    def wait(self) -> int:
        """Wait until the server stops (Ctrl-C or SIGTERM stop it); its exit code."""
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if main else None
        try:
            return self.process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()
            if main:
                signal.signal(signal.SIGTERM, previous)

    def stop(self) -> None:
        """Stop the front and the Oxigraph server, and release the store."""
        front, self._front = self._front, None
        if front is not None:
            if self._serving is not None:
                front.shutdown()
                self._serving = None
            front.server_close()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._claimed:
            release(Path(self.store), SERVER)
            self._claimed = False
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _is_write(command: str, path: str) -> bool:
    """Whether a request may change the data (an update, or a Graph Store upload or delete)."""
    return command not in ("GET", "HEAD", "OPTIONS") and not (command == "POST"
                                                              and path == "/query")


def _new_data_version(endpoint) -> None:
    """Give the store a new data version after a write (if it has one), so that results kept
    for the data as it was (see ``graph.cache``) are not read back by later reports."""
    connection = http.client.HTTPConnection("127.0.0.1", endpoint._backend)
    try:
        connection.request("POST", "/update", body=cache.renew_version_update().encode(),
                           headers={"Content-Type": "application/sparql-update"})
        answer = connection.getresponse()
        answer.read()
        if answer.status >= 300:
            raise OSError(f"the Oxigraph server refused to renew the data version "
                          f"(HTTP {answer.status})")
    finally:
        connection.close()


class _Front(http.server.ThreadingHTTPServer):
    """Listens at the server's host and port; each request goes to a ``_Check``."""

    daemon_threads = True
    block_on_close = False  # stop() must not wait for answers still streaming

    def __init__(self, server: Server) -> None:
        self.endpoint = server
        if ":" in server.host:
            self.address_family = socket.AF_INET6
        super().__init__((server.host.strip("[]"), server.port), _Check)

    def server_bind(self) -> None:  # HTTPServer's also looks the host name up: not needed
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):  # a client that went away
            sys.stderr.write(f"partnerkg serve: {type(error).__name__}: {error}\n")


class _Check(http.server.BaseHTTPRequestHandler):
    """One request: refused with the reason, or passed to the Oxigraph server and its answer
    streamed back (up to the size limit)."""

    protocol_version = "HTTP/1.1"
    timeout = 300  # seconds a client may stay silent

    def version_string(self) -> str:
        return "partnerkg"

    def do_GET(self) -> None:
        endpoint: Server = self.server.endpoint
        self.close_connection = True
        self._unread = True
        target = urllib.parse.urlsplit(self.path)
        refusal = self._refusal(endpoint, target.path)
        if refusal:
            return self._refuse(*refusal)
        kind = _content_type(self.headers.get("Content-Type"))
        body = self._body() if self._has_body() else None
        if kind == _FORM or kind in _SPARQL_BODIES:
            try:
                body = self._whole(body) if body is not None else b""
            except (ValueError, ConnectionError):
                return self._refuse(400, "the request body is malformed or cut short")
            if body is None:
                return self._refuse(413, f"a query or update of over {_MAX_CHECKED_BODY:,} "
                                    "bytes is refused: upload data to the Graph Store endpoint")
        if not endpoint.allow_service:
            for what, text in _sparql_texts(target.query, kind, body):
                refusal = fetches(what, text)
                if refusal:
                    return self._refuse(*refusal)
        self._forward(endpoint, body)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _refusal(self, endpoint: Server, path: str) -> tuple | None:
        """Why the request is refused before its body is read, as (status, message[, headers])."""
        if not self.path.startswith("/"):
            return 400, "the request target must be a path"
        length = self.headers.get("Content-Length")
        if length is not None and not length.strip().isdigit():
            return 400, "the Content-Length header is not a number"
        host = self.headers.get("Host")
        try:
            name = urllib.parse.urlsplit(f"//{host}").hostname if host else None
        except ValueError:
            name = None
        own = name is not None and (
            name == endpoint.host.strip("[]").lower() or name == "localhost"
            or (_is_loopback(name) if endpoint.loopback else _is_address(name)))
        if endpoint.loopback and host is not None and not own:
            return 403, (f"requests for the host {host!r} are refused: this endpoint answers "
                         "only at a loopback address (127.0.0.1 or localhost)")
        origin = self.headers.get("Origin")
        if origin is not None and not (own and origin.lower() == f"http://{host}".lower()):
            return 403, (f"requests from web pages of other sites are refused (Origin: "
                         f"{origin[:100]}); use the endpoint at {endpoint.base} directly")
        write = _is_write(self.command, path)
        if write and not endpoint.writable:
            return 403, ("this endpoint is read-only: serve it writable to accept updates and "
                         "uploads")
        if write and endpoint.token:
            given = self.headers.get("Authorization", "")
            scheme, _, token = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                    token.strip().encode(), endpoint.token.encode()):
                return 401, ("a write needs the server's token: send the header "
                             "'Authorization: Bearer TOKEN'"), {"WWW-Authenticate": "Bearer"}
        if self.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            return 415, "compressed request bodies are not accepted"
        return None

    def _has_body(self) -> bool:
        return "chunked" in self.headers.get("Transfer-Encoding", "").lower() or \
            self.headers.get("Content-Length", "0").strip() not in ("", "0")

    def _body(self):
        """The request body, block by block (a chunked one decoded)."""
        self._unread = False
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            while True:
                size = int(self.rfile.readline(1000).split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline(1000).strip():  # trailers
                        pass
                    return
                yield from self._exactly(size)
                self.rfile.readline(10)
        yield from self._exactly(int(self.headers.get("Content-Length", "0")))

    def _exactly(self, size: int):
        """``size`` bytes of the request body, in blocks."""
        while size > 0:
            block = self.rfile.read(min(size, 1 << 16))
            if not block:
                raise ConnectionError("the request body was cut short")
            size -= len(block)
            yield block

    def _whole(self, body) -> bytes | None:
        """The whole body, or None past ``_MAX_CHECKED_BODY`` bytes."""
        blocks, size = [], 0
        for block in body:
            size += len(block)
            if size > _MAX_CHECKED_BODY:
                return None
            blocks.append(block)
        return b"".join(blocks)

    def _refuse(self, status: int, message: str, headers: dict | None = None) -> None:
        self.log_message("refused %s %s: %s", self.command, self.path[:200], message)
        if self._unread and self._has_body():
            try:
                for _ in self._body():  # read it, or the client may not see the answer
                    pass
            except (ValueError, OSError):
                pass
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _forward(self, endpoint: Server, body) -> None:
        headers = {name: self.headers[name] for name in _FORWARDED if name in self.headers}
        if isinstance(body, bytes):
            headers["Content-Length"] = str(len(body))
        elif body is not None and "chunked" not in self.headers.get("Transfer-Encoding", ""):
            headers["Content-Length"] = self.headers["Content-Length"]
        connection = http.client.HTTPConnection("127.0.0.1", endpoint._backend)
        try:
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
            except (OSError, ValueError, http.client.HTTPException) as exc:
                return self._refuse(502, f"the Oxigraph server did not answer ({exc})")
            if answer.status < 300 and _is_write(self.command,
                                                 urllib.parse.urlsplit(self.path).path):
                try:
                    _new_data_version(endpoint)
                except (OSError, http.client.HTTPException) as exc:
                    return self._refuse(500, f"the write was made, but the store's data "
                                        f"version could not be renewed ({exc}): results kept "
                                        "for the data before it may be reported")
            self._relay(endpoint, answer)
        finally:
            connection.close()

    def _relay(self, endpoint: Server, answer: http.client.HTTPResponse) -> None:
        """Send the Oxigraph server's answer on, held whole up to ``_HELD`` bytes, streamed
        (chunked) past that, refused or cut off past the size limit."""
        headers = [(name, value) for name, value in answer.getheaders()
                   if name.lower() not in _NOT_RETURNED
                   and not name.lower().startswith("access-control-")]
        if self.command == "HEAD" or answer.status in (204, 304):
            length = answer.getheader("Content-Length")
            return self._head(answer, headers + ([("Content-Length", length)] if length else []))
        limit = endpoint.max_result_bytes
        held, size, tail, streaming = [], 0, b"", False
        while True:
            try:
                block = answer.read1(1 << 16)
            except (OSError, http.client.HTTPException) as exc:
                if streaming:
                    return self._cut(f"the Oxigraph server broke off its answer ({exc})")
                return self._refuse(502, f"the Oxigraph server broke off its answer ({exc})")
            if not block:
                break
            size += len(block)
            tail = (tail + block)[-len(_CANCELLED):]
            if limit is not None and size > limit:
                message = (f"the answer is larger than {limit:,} bytes, the most this endpoint "
                           "sends (max_result_bytes): ask for less, e.g. with LIMIT")
                if streaming:
                    return self._cut(message)
                return self._refuse(500, message)
            if streaming:
                self._chunk(block)
                continue
            held.append(block)
            if size > _HELD:
                self._head(answer, headers + [("Transfer-Encoding", "chunked")])
                streaming = True
                for part in held:
                    self._chunk(part)
                held = []
        if tail == _CANCELLED:  # Oxigraph ends such an answer as if it were complete
            message = (f"the query was stopped at the time limit of {endpoint.timeout:g} s "
                       "(Oxigraph: The SPARQL operation has been cancelled)")
            return self._cut(message) if streaming else self._refuse(500, message)
        if streaming:
            self.wfile.write(b"0\r\n\r\n")
            return
        data = b"".join(held)
        self._head(answer, headers + [("Content-Length", str(len(data)))])
        self.wfile.write(data)

    def _head(self, answer, headers) -> None:
        self.send_response(answer.status, answer.reason)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()

    def _chunk(self, block: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))

    def _cut(self, message: str) -> None:
        """End a streaming answer that cannot be completed: the reason as its last line, and
        no closing chunk, so that the client sees the answer is incomplete."""
        self.log_message("cut off the answer to %s %s: %s", self.command, self.path[:200],
                         message)
        self._chunk(f"\n\n{message}\n".encode())
        self.close_connection = True

    def log_request(self, code="-", size="-") -> None:
        pass  # refusals and cut-off answers are logged, not every request
