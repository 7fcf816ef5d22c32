"""A SPARQL 1.1 endpoint over a store directory, run by the Oxigraph server (PyPI ``oxigraph``).

The server answers queries at ``/query`` (SPARQL 1.1 Protocol) and, when writable, takes
updates at ``/update`` and graphs at ``/store`` (Graph Store HTTP Protocol). Its default graph
is the store's data; the named graphs beside it hold what each source file said (one graph per
file, named by the file's ``pkg:SourceFile`` node) and the kept analysis results
(``pkg:cachedResult``).

Beside a read-only endpoint, the front answers the browsable pages of the graph itself
(``browse``: ``/``, ``/id/...``, ``/orgs`` ...; ``pages=False`` leaves them out), read from the
store opened read-only in this process, after the same Origin and Host checks, within the same
time and size limits. A writable server does not answer them (404, saying why): a reader beside
Oxigraph's writes may look for files Oxigraph has just merged away.

What clients reach at ``host`` and ``port`` is a small front in this process that checks each
request, forwards it and streams the answer back (status, headers, body; no CORS headers).
Oxigraph cannot make these checks itself, so nothing but the front may reach it: on Linux it
runs in a network namespace of its own (made with ``unshare``, as root or, where the kernel lets
any user, in a user namespace of its own), listening on that namespace's loopback address, and
the front reaches it through sockets made inside the namespace by a small helper process and
handed over a Unix socket pair only the front holds. The Oxigraph binary can listen on a TCP
address only (no Unix socket, no secret of its own). Where no namespace can be made (another
system, or a kernel that refuses), Oxigraph listens on a free port of 127.0.0.1, ``serve`` says
so, and the remaining risk is plain: any local program can send that port what the front would
refuse (SERVICE calls; on a writable server, writes without the token). The backend is then at
least read-only when the front is.

The front parses HTTP with h11 and forwards only what it parsed, as one request with its own
framing (``Content-Length``, or chunks it encodes itself) and ``Connection: close``. It refuses,
with a plain-text message:

* ambiguous framing (HTTP 400): ``Transfer-Encoding`` together with ``Content-Length``, more
  than one ``Content-Length``, or obsolete line folding (a header line starting with a space),
  and whatever h11 refuses (bad chunk sizes, transfer codings other than chunked, bad header
  names): two HTTP parsers that read such a request differently let a second request be hidden
  in the first (request smuggling).
* ``SERVICE`` in a query or update, and ``LOAD`` in an update (HTTP 403), unless
  ``allow_service``: the server would fetch any URL it is given from inside the network it runs
  in, and hand back the answer (server-side request forgery). The text is read token by token,
  in one pass (no parser, no recursion, no lock): strings, IRIs, comments, variables, prefixed
  names and language tags are skipped, and any other word that starts with SERVICE (or LOAD in
  an update), in any case, is refused, after ``\\u`` escapes are read. So the word in a string,
  an IRI, a variable or a comment is no reason to refuse; a prefix named ``service:`` is. The
  check covers the ``query`` and ``update`` parameters of the URL and of a form body, and
  ``application/sparql-query`` and ``-update`` bodies.
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

``timeout`` is wall time on the whole of a query, from the request to the last byte of the
answer, kept by the front: past it the answer is refused (HTTP 500) or cut off as above, naming
the time limit. Oxigraph is asked to stop too (``--timeout-s``), but does not always (a property
path, an answer that streams on): if it has not ended the answer within ``_GRACE`` seconds the
front restarts it. A restart also follows when Oxigraph grows past ``max_memory_bytes``. Queries
running at a restart are broken off with the reason; writes are not: a restart waits for the
writes in flight, and new writes wait for it. Updates, uploads and Graph Store reads have no
time limit (a large graph may take long to send), as with Oxigraph's own.

After a write the store gets a new data version, so that results kept for the data as it was
(``graph.cache``) are not reported for the data as it is. A SPARQL update carries the renewal
as its last operation, in its own transaction: both happen or neither. A Graph Store upload
cannot, so the renewal follows it; stopping the server (SIGTERM, Ctrl-C) first stops taking
requests and waits up to ``_DRAIN`` seconds for the writes in flight, so that none is committed
without its renewal or answered with an error; only a ``kill -9`` in that moment can leave an
upload without its renewal.

The Oxigraph process stops with this one whatever ends it: ``start``, ``wait`` and ``stop``
stop it on every way out, and on Linux the kernel kills it when the thread that started it
ends (``PR_SET_PDEATHSIG``), even on ``kill -9``. If it dies on its own, ``wait`` raises
StoreError with its last message (``serve`` exits 1). While it runs the store is claimed for the
server (``graph.holders``): a command that would change the store refuses, naming the server.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hmac
import http.client
import ipaddress
import os
import re
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
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field
from pathlib import Path

import h11

from ..core.errors import PartnerKGError, StoreError
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
#: The most a request line and headers may hold.
_MAX_HEAD = 1 << 16
#: Connections waiting to be taken: many clients may connect at once (the default, 5, reset
#: some of 100 parallel queries).
_BACKLOG = 1024
#: Seconds a client may stay silent.
_CLIENT_SILENCE = 300
#: Seconds Oxigraph is given to end an answer the front stopped at the time limit before it is
#: restarted; and seconds between two looks at its memory.
_GRACE = 2.0
_WATCH_EVERY = 0.25
#: Seconds a stop waits for the writes in flight.
_DRAIN = 60.0
#: What Oxigraph writes at the end of an answer whose query it stopped at the time limit.
_CANCELLED = b"The SPARQL operation has been cancelled"
#: Request headers passed on to the Oxigraph server; the others stay here.
_FORWARDED = ("host", "accept", "content-type")
#: Request headers that must not appear twice: which one counts would be a guess.
_SINGLE = ("host", "content-type", "authorization", "origin", "content-encoding")
#: Answer headers not passed back: the connection's own, and CORS.
_NOT_RETURNED = {"connection", "keep-alive", "transfer-encoding", "content-length", "te",
                 "trailer", "upgrade", "server", "date", "proxy-authenticate"}
_FORM = "application/x-www-form-urlencoded"
#: Paths where Oxigraph answers SPARQL queries (its query page sends them to ``/sparql``).
_QUERIED = ("/query", "/sparql")
_SPARQL_BODIES = {"application/sparql-query": "query", "application/sparql-update": "update"}
_HEAD_END = re.compile(rb"\r?\n\r?\n")

#: The helper that runs Oxigraph where only the front reaches it (run as ``python -I -c``, so
#: that it needs nothing but the standard library). Its first argument is its end of a Unix
#: socket pair, the second "isolate" or why not, the rest Oxigraph's command line. It makes a
#: network namespace of its own (as
#: root; else with a user namespace mapping only this user), brings its loopback up, starts
#: Oxigraph in it, says "PID REASON-IF-NOT-ISOLATED", then for each byte the front sends it
#: hands back a new TCP socket made in the namespace, which the front connects to Oxigraph. It
#: exits with Oxigraph's exit code, stops Oxigraph on SIGTERM or when the front closes the pair,
#: and the kernel kills Oxigraph if it dies.
_HELPER = r"""
import ctypes, fcntl, os, signal, socket, struct, subprocess, sys, threading

def isolate():
    if sys.argv[2] != "isolate":
        return sys.argv[2]
    if not sys.platform.startswith("linux"):
        return "network namespaces are Linux's"
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(0x40000000) != 0:  # CLONE_NEWNET
        if libc.unshare(0x10000000 | 0x40000000) != 0:  # CLONE_NEWUSER too
            return "no network namespace could be made (" + os.strerror(ctypes.get_errno()) + ")"
        for name, text in (("setgroups", "deny"), ("uid_map", "%d %d 1" % (uid, uid)),
                           ("gid_map", "%d %d 1" % (gid, gid))):
            with open("/proc/self/" + name, "w") as handle:
                handle.write(text)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:  # SIOCSIFFLAGS lo UP
        fcntl.ioctl(sock, 0x8914, struct.pack("16sH14x", b"lo", 0x1 | 0x8 | 0x40))
    return ""

def dies_with_this():
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)

channel = socket.socket(fileno=int(sys.argv[1]))
why = isolate()
oxigraph = subprocess.Popen(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            preexec_fn=dies_with_this)
signal.signal(signal.SIGTERM, lambda *_: oxigraph.terminate())

def watch():
    code = oxigraph.wait()
    os._exit(code if code >= 0 else 128 - code)

threading.Thread(target=watch, daemon=True).start()
channel.sendall(("%d %s\n" % (oxigraph.pid, why)).encode())
while channel.recv(1):
    with socket.socket() as made:
        socket.send_fds(channel, [b"s"], [made.fileno()])
oxigraph.terminate()
threading.Event().wait()
"""


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


def _resident_bytes(pid: int) -> int:
    """The memory process ``pid`` holds (0 if it cannot be read)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True


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


def _renewing(update: str) -> str:
    """``update`` with the renewal of the store's data version as its last operation, so that
    the two are one transaction. Last: Oxigraph reads a prologue (PREFIX, BASE) only at the
    start of an update, not after a ";" as SPARQL allows, so an update declaring prefixes could
    not follow the renewal; the renewal declares none. A ";" ending the update (an empty
    operation may follow the last one) is dropped first.

    >>> _renewing("PREFIX s: <http://x/> INSERT DATA { s:a s:b 1 } ;").splitlines()[:2]
    ['PREFIX s: <http://x/> INSERT DATA { s:a s:b 1 } ', ';']
    """
    text = update.rstrip()
    return f"{text[:-1] if text.endswith(';') else text}\n;\n{cache.renew_version_update()}"


def _with_renewal(target: str, kind: str, body: bytes | None) -> tuple[str, bytes | None]:
    """The request target and body of a SPARQL update with the renewal added to the update,
    wherever it is: the URL, a form body or an ``application/sparql-update`` body."""
    def renewed(encoded: str) -> str:
        pairs = urllib.parse.parse_qsl(encoded, keep_blank_values=True)
        return urllib.parse.urlencode([(name, _renewing(value) if name == "update" else value)
                                       for name, value in pairs])
    def has_update(encoded: str) -> bool:
        return any(name == "update" for name, _ in urllib.parse.parse_qsl(encoded))
    path, _, query = target.partition("?")
    if has_update(query):
        target = f"{path}?{renewed(query)}"
    if kind == _FORM and body and has_update(body.decode("utf-8", "replace")):
        body = renewed(body.decode("utf-8", "replace")).encode()
    if kind == "application/sparql-update" and body is not None:
        body = _renewing(body.decode("utf-8", "replace")).encode()
    return target, body


class _Refused(Exception):
    """A request the front does not forward: the status, the reason and any extra headers."""

    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


@dataclass
class Server:
    """The Oxigraph server on ``store``, read-only unless ``writable``, behind a checking front
    (see the module's docstring for what it refuses and why).

    ``timeout``: seconds a query may run, wall time (None: no limit). ``max_result_bytes``: the
    largest answer sent (None: no limit). ``max_memory_bytes``: the most memory Oxigraph may hold
    before it is restarted (None: no limit). ``token``: writes need ``Authorization: Bearer
    TOKEN``; made at ``start`` when writable on an address beyond loopback and none is given.

    >>> Server("tca-store", port=7000).url
    'http://127.0.0.1:7000/query'
    """

    store: str | Path
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    create: bool = False  # start on a new, empty store directory
    process: subprocess.Popen | None = None  # the helper that runs Oxigraph
    allow_service: bool = False
    token: str | None = None
    timeout: float | None = 60.0
    max_result_bytes: int | None = 100_000_000
    max_memory_bytes: int | None = 4_000_000_000
    isolated: bool = field(default=False, init=False)  # only the front reaches Oxigraph
    oxigraph_pid: int | None = field(default=None, init=False)
    _exposed_because: str = field(default="", init=False, repr=False)
    _front: _Front | None = field(default=None, init=False, repr=False)
    _serving: threading.Thread | None = field(default=None, init=False, repr=False)
    _backend: int = field(default=0, init=False, repr=False)
    _channel: socket.socket | None = field(default=None, init=False, repr=False)
    _channel_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _restarting: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _gate: threading.Condition = field(default_factory=threading.Condition, init=False,
                                       repr=False)
    _writes: int = field(default=0, init=False, repr=False)
    _paused: bool = field(default=False, init=False, repr=False)
    _stopped_on_purpose: set = field(default_factory=set, init=False, repr=False)
    _ended: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _died: str | None = field(default=None, init=False, repr=False)
    _restarts: int = field(default=0, init=False, repr=False)
    _restart_wanted: str = field(default="", init=False, repr=False)
    _up: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _wake: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _restarted_because: str = field(default="", init=False, repr=False)
    _log: object = field(default=None, init=False, repr=False)
    _claimed: bool = field(default=False, init=False, repr=False)
    #: answer the browsable pages (``browse``) beside the endpoint
    pages: bool = True
    _site: object = field(default=None, init=False, repr=False)
    _site_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _page_workers: object = field(default=None, init=False, repr=False)

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
            self._ended.clear()
            self._died = None
            self._start_oxigraph(wait)
            self._up.set()
            if not self.isolated:
                _log(f"{self._exposed_because}: the Oxigraph server listens on "
                     f"127.0.0.1:{self._backend}, where any program on this machine can reach "
                     "it past the front's checks")
            self._serving = threading.Thread(target=self._front.serve_forever,
                                             name=f"partnerkg front :{self.port}", daemon=True)
            self._serving.start()
            threading.Thread(target=self._watch, daemon=True,
                             name=f"partnerkg watch :{self.port}").start()
        except BaseException:  # a signal (SystemExit, KeyboardInterrupt) too: nothing left
            self.stop()
            raise
        return self

    def _start_oxigraph(self, wait: float) -> None:
        """Start the helper and Oxigraph, and return once Oxigraph answers."""
        for attempt in range(3):  # without a namespace, the free port found may be taken
            self._backend = _free_port()
            if self._log is None:
                self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
            self._log.seek(0)
            self._log.truncate()
            ours, theirs = socket.socketpair()
            isolate = ("allow_service: the Oxigraph server must reach other addresses"
                       if self.allow_service else "isolate")
            with theirs:
                self.process = subprocess.Popen(
                    [sys.executable, "-I", "-c", _HELPER, str(theirs.fileno()), isolate,
                     *self.command()],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
                    pass_fds=[theirs.fileno()], start_new_session=True,  # Ctrl-C is the front's
                    preexec_fn=_dies_with_parent())  # noqa: PLW1509
            with self._channel_lock:
                if self._channel is not None:
                    self._channel.close()
                self._channel = ours
            hello = self._hello(wait)
            threading.Thread(target=self._monitor, args=(self.process,), daemon=True).start()
            if hello:
                pid, _, why = hello.partition(" ")
                self.oxigraph_pid, self._exposed_because = int(pid), why.strip()
                self.isolated = not self._exposed_because
                deadline = time.monotonic() + wait
                while time.monotonic() < deadline and self.process.poll() is None:
                    if self._answers():
                        return
                    time.sleep(0.1)
            if self.process.poll() is None:
                raise StoreError(f"the Oxigraph server did not answer within {wait:g} s")
            self._stopped_on_purpose.add(self.process.pid)  # not a death to report
            said = self._said()
            if "in use" not in said or attempt == 2:
                raise StoreError(f"the Oxigraph server stopped at once: "
                                 f"{said or 'no message'} (is the store open elsewhere?)")

    def _hello(self, wait: float) -> str:
        """The helper's first line ("PID REASON-IF-NOT-ISOLATED"), "" if it ended first."""
        line = b""
        self._channel.settimeout(wait)
        try:
            while not line.endswith(b"\n"):
                block = self._channel.recv(200)
                if not block:
                    return ""
                line += block
        except TimeoutError:
            raise StoreError(f"the Oxigraph server did not start within {wait:g} s") from None
        finally:
            self._channel.settimeout(None)
        return line.decode()

    def _monitor(self, process: subprocess.Popen) -> None:
        """Wait for ``process`` to end; if nobody stopped it, say why and end ``wait``."""
        code = process.wait()
        if process.pid in self._stopped_on_purpose or process is not self.process:
            return
        self._died = (f"the Oxigraph server stopped unexpectedly (exit code {code}): "
                      f"{self._said() or 'no message'}")
        self._ended.set()

    def _said(self) -> str:
        """The last line the helper or the Oxigraph server wrote to stderr."""
        if self._log is None:
            return ""
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        self._log.seek(0, os.SEEK_END)
        return lines[-1] if lines else ""

    def _connect(self, timeout: float | None = None, starting: bool = False) -> socket.socket:
        """A new connection to the Oxigraph server, once any restart has ended unless
        ``starting`` (OSError if it has stopped)."""
        if not starting:
            self._up.wait(30)
        with self._channel_lock:
            if self._channel is None:
                raise ConnectionError("the Oxigraph server has stopped")
            self._channel.sendall(b"s")
            _, fds, _, _ = socket.recv_fds(self._channel, 1, 1)
        if not fds:
            raise ConnectionError("the Oxigraph server has stopped")
        made = socket.socket(fileno=fds[0])
        made.settimeout(timeout)
        try:
            made.connect(("127.0.0.1", self._backend))
        except OSError:
            made.close()
            raise
        return made

    def _answers(self) -> bool:
        try:
            connection = _Backend(self, 1, starting=True)
            try:
                connection.request("GET", "/query?query=ASK%7B%7D")
                return connection.getresponse().status == 200
            finally:
                connection.close()
        except (OSError, http.client.HTTPException):
            return False

    def _watch(self) -> None:
        """Restart Oxigraph when it holds more than ``max_memory_bytes`` or a restart is
        asked for, until the server stops. Restarts happen in this thread, which lives as long
        as the server: the kernel kills a process when the thread that started it ends."""
        while not self._ended.is_set():
            self._wake.wait(_WATCH_EVERY)
            self._wake.clear()
            held = _resident_bytes(self.oxigraph_pid) if self.oxigraph_pid else 0
            if self.max_memory_bytes and held > self.max_memory_bytes:
                self._restart_wanted = (f"the Oxigraph server held {held / 1e6:,.0f} MB, more "
                                        f"than the {self.max_memory_bytes / 1e6:,.0f} MB it may "
                                        "(max_memory_bytes)")
            reason, self._restart_wanted = self._restart_wanted, ""
            if reason:
                self._restart(reason)

    def restart_soon(self, reason: str) -> None:
        """Ask for a restart of Oxigraph (made by the watching thread)."""
        self._restart_wanted = reason
        self._wake.set()

    def _restart(self, reason: str) -> None:
        """Stop Oxigraph and start it again (queries running are broken off; writes in
        flight are waited for, and new ones wait)."""
        with self._restarting, self._no_writes():
            if self._front is None:
                return
            sys.stderr.write(f"partnerkg serve: restarting the Oxigraph server: {reason}\n")
            self._restarted_because = reason
            self._restarts += 1
            self._up.clear()  # queries wait for the new server
            self._stop_oxigraph(at_once=True)
            try:
                self._start_oxigraph(30.0)
            except StoreError as exc:
                self._died = f"the Oxigraph server could not be restarted: {exc}"
                self._ended.set()
            finally:
                self._up.set()

    @contextlib.contextmanager
    def _writing(self):
        """Held while a write is forwarded: a restart or a stop waits for it."""
        with self._gate:
            self._gate.wait_for(lambda: not self._paused)
            self._writes += 1
        try:
            yield
        finally:
            with self._gate:
                self._writes -= 1
                self._gate.notify_all()

    @contextlib.contextmanager
    def _no_writes(self, within: float | None = None):
        """Held while no write runs (new ones wait), once those in flight have ended (or
        ``within`` seconds have passed)."""
        with self._gate:
            self._paused = True
            self._gate.wait_for(lambda: self._writes == 0, timeout=within)
        try:
            yield
        finally:
            with self._gate:
                self._paused = False
                self._gate.notify_all()

    def wait(self) -> int:
        """Wait until the server stops (Ctrl-C or SIGTERM stop it: 0); StoreError if the
        Oxigraph server died."""
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if main else None
        try:
            while not self._ended.wait(1):  # a timeout, so that signals are seen at once
                pass
            if self._died:
                raise StoreError(self._died)
            return 0
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()
            if main:
                signal.signal(signal.SIGTERM, previous)

    def stop(self) -> None:
        """Stop taking requests, let the writes in flight end (up to ``_DRAIN`` s), stop the
        Oxigraph server, and release the store."""
        front, self._front = self._front, None
        if front is not None:
            if self._serving is not None:
                front.shutdown()
                self._serving = None
            front.server_close()
        with self._restarting, self._no_writes(within=_DRAIN if front else 0):
            self._stop_oxigraph()
        self._forget_pages()
        self._ended.set()
        if self._claimed:
            release(Path(self.store), SERVER)
            self._claimed = False
        if self._log is not None:
            self._log.close()
            self._log = None

    def _stop_oxigraph(self, at_once: bool = False) -> None:
        """Stop the helper and Oxigraph: asked to end (it may finish a request first) or,
        ``at_once``, killed (for a restart, which no write is running at: Oxigraph may be busy
        with the very work it is restarted to stop)."""
        process, pid = self.process, self.oxigraph_pid
        if process is not None:
            self._stopped_on_purpose.add(process.pid)
            if process.poll() is None:
                if at_once:
                    process.kill()  # and the kernel kills Oxigraph with it
                else:
                    process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        deadline = time.monotonic() + 10
        while pid and _running(pid) and time.monotonic() < deadline:
            time.sleep(0.02)  # its store is free once it has ended
        with self._channel_lock:
            if self._channel is not None:
                self._channel.close()
                self._channel = None
        self.oxigraph_pid = None

    def page(self, path: str, query: str, accept: str | None):
        """The ``browse`` answer to a GET of ``path`` (None: not a page), made within the
        time limit (500 past it) and refused past the size limit, like a query's."""
        from ..browse.site import is_page

        if not self.pages or not is_page(path) or (self.writable and path == "/"):
            return None  # a writable server's front page is Oxigraph's query page
        if self.writable:  # a reader beside Oxigraph's writes may find files it removed
            raise _Refused(404, "the pages of the graph are answered when the store is served "
                           "read-only: serve it without --writable to browse it")
        with self._site_lock:
            if self._site is None:
                from ..browse.site import Site
                from ..pipeline import KnowledgeGraph

                self._site = Site(KnowledgeGraph(self.store, create=False, read_only=True))
                self._page_workers = ThreadPoolExecutor(max_workers=4,
                                                        thread_name_prefix="partnerkg page")
            site, workers = self._site, self._page_workers
        made = workers.submit(site.answer, path, query, accept)
        try:
            answer = made.result(timeout=self.timeout)
        except FuturesTimeout:
            raise _Refused(500, _time_limit(self, "kept by the front")) from None
        except PartnerKGError as exc:
            raise _Refused(500, f"the page could not be made: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - the store's own errors: the client is told
            raise _Refused(500, f"the page could not be made ({type(exc).__name__}: "
                           f"{exc})") from None
        if answer is not None and self.max_result_bytes is not None \
                and len(answer.body) > self.max_result_bytes:
            raise _Refused(500, f"the page is larger than {self.max_result_bytes:,} bytes, the "
                           "most this endpoint sends (max_result_bytes): ask for less")
        return answer

    def _forget_pages(self) -> None:
        """Let the store the pages read go (a stop; pages being made end with an error)."""
        with self._site_lock:
            site, self._site = self._site, None
            workers, self._page_workers = self._page_workers, None
        if workers is not None:
            workers.shutdown(wait=False, cancel_futures=True)
        if site is not None:
            site.kg.close()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Backend(http.client.HTTPConnection):
    """A connection to the Oxigraph server, made through ``Server._connect``."""

    def __init__(self, endpoint: Server, timeout: float | None, starting: bool = False) -> None:
        super().__init__("127.0.0.1", endpoint._backend, timeout=timeout)
        self.endpoint, self.starting = endpoint, starting

    def connect(self) -> None:
        self.sock = self.endpoint._connect(self.timeout, self.starting)


def _is_write(command: str, path: str, texts: list[tuple[str, str]] | None = None) -> bool:
    """Whether a request may change the data (an update, or a Graph Store upload or delete).

    A POST to ``/sparql`` (where Oxigraph takes queries and updates alike, and where its query
    page sends them) is decided by what it holds: ``texts``, as ``_sparql_texts`` reads them. It
    is a read when it holds queries and no update; anything else there is a write.

    >>> _is_write("POST", "/sparql", [("query", "ASK {}")])
    False
    >>> _is_write("POST", "/sparql", [("query", "ASK {}"), ("update", "CLEAR ALL")])
    True
    >>> _is_write("POST", "/sparql", [])
    True
    """
    if command in ("GET", "HEAD", "OPTIONS") or (command == "POST" and path == "/query"):
        return False
    if command == "POST" and path == "/sparql":
        kinds = {kind for kind, _ in texts or ()}
        return kinds != {"query"}
    return True


def _new_data_version(endpoint: Server) -> None:
    """Give the store a new data version after a write (if it has one), so that results kept
    for the data as it was (see ``graph.cache``) are not read back by later reports."""
    connection = _Backend(endpoint, 60)
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


class _Front(socketserver.ThreadingTCPServer):
    """Listens at the server's host and port; each connection goes to a ``_Check``."""

    daemon_threads = True
    block_on_close = False  # stop() must not wait for answers still streaming
    allow_reuse_address = True
    request_queue_size = _BACKLOG

    def __init__(self, server: Server) -> None:
        self.endpoint = server
        if ":" in server.host:
            self.address_family = socket.AF_INET6
        super().__init__((server.host.strip("[]"), server.port), _Check)

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):  # a client that went away
            sys.stderr.write(f"partnerkg serve: {type(error).__name__}: {error}\n")


class _Check(socketserver.BaseRequestHandler):
    """One connection, one request (read by h11): refused with the reason, or passed to the
    Oxigraph server and its answer streamed back (up to the size and time limits)."""

    def setup(self) -> None:
        self.request.settimeout(_CLIENT_SILENCE)
        self.client = h11.Connection(h11.SERVER, max_incomplete_event_size=_MAX_HEAD)
        self.method, self.target, self.headers = "", "", {}
        self.body_read = False

    def handle(self) -> None:
        endpoint: Server = self.server.endpoint
        try:
            if self._read_head():
                self._answer(endpoint)
        except _Refused as refused:
            self._refuse(refused)

    def _read_head(self) -> bool:
        """Read the request line and headers (False if the client sent none)."""
        head = b""
        while not _HEAD_END.search(head):
            if len(head) > _MAX_HEAD:
                raise _Refused(431, f"the request's headers are longer than {_MAX_HEAD:,} bytes")
            block = self.request.recv(1 << 16)
            if not block:
                return False
            head += block
        _check_framing(head[:_HEAD_END.search(head).start()])
        self.client.receive_data(head)
        event = self._next()
        if not isinstance(event, h11.Request):
            raise _Refused(400, "the request is cut short")
        self.method = event.method.decode("ascii")
        self.target = event.target.decode("ascii", "replace")
        for name, value in event.headers:
            name = name.decode("ascii")
            if name in self.headers and name in _SINGLE:
                raise _Refused(400, f"the request has more than one {name} header")
            value = value.decode("latin-1")
            self.headers[name] = f"{self.headers[name]}, {value}" if name in self.headers \
                else value
        self.chunked = "transfer-encoding" in self.headers
        return True

    def _next(self):
        """The next h11 event of the request (400 if it is malformed)."""
        while True:
            try:
                event = self.client.next_event()
            except h11.RemoteProtocolError as exc:
                raise _Refused(400, f"the request is malformed: {exc}") from None
            if event is not h11.NEED_DATA:
                return event
            if self.client.they_are_waiting_for_100_continue:
                self._send(h11.InformationalResponse(status_code=100, headers=[]))
            self.client.receive_data(self.request.recv(1 << 16))

    def _body(self):
        """The request body, block by block, as h11 reads it (chunks decoded)."""
        self.body_read = True
        while True:
            event = self._next()
            if isinstance(event, h11.EndOfMessage):
                return
            if isinstance(event, h11.ConnectionClosed):
                raise _Refused(400, "the request body was cut short")
            yield bytes(event.data)

    def _answer(self, endpoint: Server) -> None:
        target = urllib.parse.urlsplit(self.target)
        _refusal(endpoint, self.method, self.target, target.path, self.headers)
        if self.method in ("GET", "HEAD"):
            page = endpoint.page(target.path, target.query, self.headers.get("accept"))
            if page is not None:
                return self._page(page)
        kind = _content_type(self.headers.get("content-type"))
        length = self.headers.get("content-length")
        has_body = self.chunked or (length is not None and length != "0")
        body = self._body() if has_body else None
        if kind == _FORM or kind in _SPARQL_BODIES:
            body = _whole(body) if body is not None else b""
        if not endpoint.allow_service:
            for what, text in _sparql_texts(target.query, kind, body):
                refusal = fetches(what, text)
                if refusal:
                    raise _Refused(*refusal)
        texts = _sparql_texts(target.query, kind, body)
        write = _is_write(self.method, target.path, texts)
        if target.path == "/sparql" and self.method == "POST":
            _refuse_write(endpoint, write, self.headers)
        if not write:  # a query, or a graph read whole
            limit = endpoint.timeout if target.path in _QUERIED else None
            return self._forward(endpoint, self.target, body, length, limit)
        with endpoint._writing():
            if target.path in ("/update", "/sparql"):
                forwarded, body = _with_renewal(self.target, kind, body)
                return self._forward(endpoint, forwarded, body, length, None)
            self._forward(endpoint, self.target, body, length, None, renew=True)

    def _page(self, page) -> None:
        """Send a page of ``browse``, with its security headers."""
        headers = [("Content-Type", page.media_type), ("Content-Length", str(len(page.body))),
                   ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                   *page.headers.items(), ("Connection", "close")]
        self._send(h11.Response(status_code=page.status, headers=headers,
                                reason=http.HTTPStatus(page.status).phrase.encode()))
        if self.method != "HEAD":
            self._send(h11.Data(data=page.body))
        self._send(h11.EndOfMessage())

    def _forward(self, endpoint: Server, target: str, body, length: str | None,
                 limit: float | None, renew: bool = False) -> None:
        """Send the request on as one well-framed request, and its answer back; ``limit``:
        seconds the whole may take; ``renew``: give the store a new data version after a
        write that succeeded."""
        deadline = time.monotonic() + limit if limit else None
        restarts = endpoint._restarts
        connection = _Backend(endpoint, limit)
        try:
            try:
                connection.putrequest(self.method, target, skip_host=True,
                                      skip_accept_encoding=True)
                for name in _FORWARDED:
                    if name in self.headers:
                        connection.putheader(name, self.headers[name])
                connection.putheader("Connection", "close")
                if isinstance(body, bytes):
                    connection.putheader("Content-Length", str(len(body)))
                    connection.endheaders(body)
                elif body is None:
                    connection.endheaders()
                else:  # streamed as it is read, framed here again
                    connection.putheader(*(("Transfer-Encoding", "chunked") if self.chunked
                                           else ("Content-Length", length)))
                    connection.endheaders()
                    for block in body:
                        connection.send(b"%x\r\n%s\r\n" % (len(block), block) if self.chunked
                                        else block)
                    if self.chunked:
                        connection.send(b"0\r\n\r\n")
                answer = connection.getresponse()
            except TimeoutError:
                self._stopped_at_limit(endpoint, connection, streaming=False)
                return
            except (OSError, ValueError, http.client.HTTPException) as exc:
                raise _Refused(502, _broken(endpoint, restarts, "did not answer", exc)) from None
            if renew and answer.status < 300:
                try:
                    _new_data_version(endpoint)
                except (OSError, http.client.HTTPException) as exc:
                    raise _Refused(500, f"the write was made, but the store's data version "
                                   f"could not be renewed ({exc}): results kept for the data "
                                   "before it may be reported") from None
            self._relay(endpoint, connection, answer, deadline, restarts)
        finally:
            connection.close()

    def _relay(self, endpoint: Server, connection: _Backend, answer: http.client.HTTPResponse,
               deadline: float | None, restarts: int) -> None:
        """Send the Oxigraph server's answer on, held whole up to ``_HELD`` bytes, streamed
        (chunked) past that, refused or cut off past the size or time limit."""
        headers = [(name, value) for name, value in answer.getheaders()
                   if name.lower() not in _NOT_RETURNED
                   and not name.lower().startswith("access-control-")]
        if self.method == "HEAD" or answer.status in (204, 304):
            length = answer.getheader("Content-Length")
            return self._head(answer, headers + ([("Content-Length", length)] if length else []),
                              end=True)
        limit = endpoint.max_result_bytes
        held, size, tail, streaming = [], 0, b"", False
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                # checked at every block: an answer that never pauses never times a read out
                if left <= 0:
                    return self._stopped_at_limit(endpoint, connection, streaming)
                connection.sock.settimeout(left)
            try:
                block = answer.read1(1 << 16)
            except TimeoutError:
                return self._stopped_at_limit(endpoint, connection, streaming)
            except (OSError, http.client.HTTPException) as exc:
                message = _broken(endpoint, restarts, "broke off its answer", exc)
                if streaming:
                    return self._cut(message)
                raise _Refused(502, message) from None
            if not block:
                break
            size += len(block)
            tail = (tail + block)[-len(_CANCELLED):]
            if limit is not None and size > limit:
                message = (f"the answer is larger than {limit:,} bytes, the most this endpoint "
                           "sends (max_result_bytes): ask for less, e.g. with LIMIT")
                if streaming:
                    return self._cut(message)
                raise _Refused(500, message)
            if streaming:
                self._send(h11.Data(data=block))
                continue
            held.append(block)
            if size > _HELD:
                self._head(answer, headers)
                streaming = True
                for part in held:
                    self._send(h11.Data(data=part))
                held = []
        if tail == _CANCELLED:  # Oxigraph ends such an answer as if it were complete
            message = _time_limit(endpoint, "Oxigraph: The SPARQL operation has been cancelled")
            if streaming:
                return self._cut(message)
            raise _Refused(500, message)
        if streaming:
            self._send(h11.EndOfMessage())
            return
        data = b"".join(held)
        self._head(answer, headers + [("Content-Length", str(len(data)))])
        self._send(h11.Data(data=data))
        self._send(h11.EndOfMessage())

    def _stopped_at_limit(self, endpoint: Server, connection: _Backend,
                          streaming: bool) -> None:
        """Answer a query that ran past the time limit, and see that Oxigraph stops it."""
        message = _time_limit(endpoint, "kept by the front")
        if streaming:
            self._cut(message)
        else:
            self._refuse(_Refused(500, message))
        with contextlib.suppress(OSError):
            self.request.shutdown(socket.SHUT_RDWR)  # the client has its answer now
        if connection.sock is not None and _goes_on(connection.sock):
            endpoint.restart_soon(f"a query went on past the time limit of "
                                  f"{endpoint.timeout:g} s")

    def _send(self, event) -> None:
        self.request.sendall(self.client.send(event))

    def _head(self, answer: http.client.HTTPResponse, headers, end: bool = False) -> None:
        self._send(h11.Response(status_code=answer.status, reason=answer.reason.encode(),
                                headers=[*headers, ("Connection", "close")]))
        if end:
            self._send(h11.EndOfMessage())

    def _cut(self, message: str) -> None:
        """End a streaming answer that cannot be completed: the reason as its last line, and
        no closing chunk, so that the client sees the answer is incomplete."""
        _log(f"cut off the answer to {self.method} {self.target[:200]}: {message}")
        self._send(h11.Data(data=f"\n\n{message}\n".encode()))

    def _refuse(self, refused: _Refused) -> None:
        _log(f"refused {self.method or 'a request'} {self.target[:200]}: {refused.message}")
        if self.client.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return  # the answer had begun: the connection just ends
        if not self.body_read and self.client.their_state is h11.SEND_BODY and \
                not self.client.they_are_waiting_for_100_continue:
            with contextlib.suppress(_Refused, OSError):  # or the client may not see the answer
                _whole(self._body())
        data = (refused.message + "\n").encode("utf-8")
        self._send(h11.Response(status_code=refused.status, headers=[
            ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data))),
            ("Connection", "close"), *refused.headers.items()]))
        if self.method != "HEAD":
            self._send(h11.Data(data=data))
        self._send(h11.EndOfMessage())


def _check_framing(head: bytes) -> None:
    """Refuse framing two HTTP parsers may read differently (h11 takes some of it)."""
    lines = re.split(rb"\r?\n", head)[1:]
    if any(line[:1] in (b" ", b"\t") for line in lines):
        raise _Refused(400, "obsolete line folding (a header line starting with a space) is "
                       "refused")
    names = [line.split(b":", 1)[0].strip().lower() for line in lines]
    if names.count(b"content-length") > 1:
        raise _Refused(400, "a request with more than one Content-Length header is refused")
    if b"content-length" in names and b"transfer-encoding" in names:
        raise _Refused(400, "a request with both Transfer-Encoding and Content-Length is "
                       "refused")


def _refusal(endpoint: Server, method: str, target: str, path: str, headers: dict) -> None:
    """Refuse the request (``_Refused``) if its target or headers are not allowed."""
    if not target.startswith("/"):
        raise _Refused(400, "the request target must be a path")
    host = headers.get("host")
    try:
        name = urllib.parse.urlsplit(f"//{host}").hostname if host else None
    except ValueError:
        name = None
    own = name is not None and (
        name == endpoint.host.strip("[]").lower() or name == "localhost"
        or (_is_loopback(name) if endpoint.loopback else _is_address(name)))
    if endpoint.loopback and host is not None and not own:
        raise _Refused(403, f"requests for the host {host!r} are refused: this endpoint answers "
                       "only at a loopback address (127.0.0.1 or localhost)")
    origin = headers.get("origin")
    if origin is not None and not (own and origin.lower() == f"http://{host}".lower()):
        raise _Refused(403, f"requests from web pages of other sites are refused (Origin: "
                       f"{origin[:100]}); use the endpoint at {endpoint.base} directly")
    if path != "/sparql" or method != "POST":  # else decided by what the body holds
        _refuse_write(endpoint, _is_write(method, path), headers)
    if headers.get("content-encoding", "identity").strip().lower() != "identity":
        raise _Refused(415, "compressed request bodies are not accepted")


def _refuse_write(endpoint: Server, write: bool, headers: dict) -> None:
    """Refuse a write to a read-only endpoint (403), or without the token (401)."""
    if write and not endpoint.writable:
        raise _Refused(403, "this endpoint is read-only: serve it writable to accept updates "
                       "and uploads")
    if write and endpoint.token:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
                token.strip().encode(), endpoint.token.encode()):
            raise _Refused(401, "a write needs the server's token: send the header "
                           "'Authorization: Bearer TOKEN'", {"WWW-Authenticate": "Bearer"})


def _whole(body) -> bytes:
    """The whole body (413 past ``_MAX_CHECKED_BODY`` bytes)."""
    blocks, size = [], 0
    for block in body:
        size += len(block)
        if size > _MAX_CHECKED_BODY:
            raise _Refused(413, f"a query or update of over {_MAX_CHECKED_BODY:,} bytes is "
                           "refused: upload data to the Graph Store endpoint")
        blocks.append(block)
    return b"".join(blocks)


def _time_limit(endpoint: Server, how: str) -> str:
    return f"the query was stopped at the time limit of {endpoint.timeout:g} s ({how})"


def _broken(endpoint: Server, restarts: int, what: str, exc: Exception) -> str:
    """Why the Oxigraph server ``what`` (did not answer, broke off its answer)."""
    why = endpoint._restarted_because if endpoint._restarts != restarts else exc
    return f"the Oxigraph server {what} ({why})"


def _goes_on(sock: socket.socket) -> bool:
    """Whether Oxigraph goes on with an answer the front stopped, not ending it (it was asked
    to close the connection when done) within ``_GRACE`` seconds."""
    deadline = time.monotonic() + _GRACE
    try:
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            if not sock.recv(1 << 16):
                return False
    except TimeoutError:
        return True
    except OSError:
        return False
    return True


def _log(message: str) -> None:
    sys.stderr.write(f"partnerkg serve: {message}\n")
