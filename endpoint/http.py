"""The one HTTP client behind every remote operation (queries, uploads, updates), on httpx.

It authenticates with HTTP Basic, Digest (whichever the server's challenge asks for) or a
bearer token; follows redirects as RFC 9110 says; verifies TLS. One request, its redirects and
the reading of its whole answer take at most ``timeout`` seconds of wall time (not per read: a
server that sends a byte a second is cut off all the same), and an answer is read as a stream
up to ``max_bytes`` after decompression (a refusal's body up to ``_MAX_REFUSAL``), so no server
can hold a client or fill its memory. Credentials come from, first to last: the caller
(``--user``, ``--token``), the URL (``http://user:pass@host/``, taken out of it), the
environment (``PARTNERKG_USER`` and ``PARTNERKG_PASSWORD``, or the file
``PARTNERKG_PASSWORD_FILE`` names; ``PARTNERKG_TOKEN`` or ``PARTNERKG_TOKEN_FILE``) and
``~/.netrc`` (or ``$NETRC``). No message ever holds a password or a token: URLs are shown
without their user part, and a secret a server echoes back in its refusal is starred out.

>>> safe_url("http://ann:secret@example.org:8890/sparql?x=1")
'http://example.org:8890/sparql?x=1'
"""

from __future__ import annotations

import base64
import html
import netrc
import os
import re
import time
import urllib.parse
from dataclasses import dataclass, field

import httpcore
import httpx

from ..core.errors import RemoteError

__all__ = ["Credentials", "HttpClient", "Response", "safe_url", "read_secret", "USER_ENV",
           "PASSWORD_ENV", "TOKEN_ENV", "PASSWORD_FILE_ENV", "TOKEN_FILE_ENV", "MAX_ANSWER"]

USER_ENV, PASSWORD_ENV, TOKEN_ENV = "PARTNERKG_USER", "PARTNERKG_PASSWORD", "PARTNERKG_TOKEN"
#: Files holding the password or the token: a secret on a command line is seen by every user
#: of the machine (``ps``), one in a file readable by its owner only is not.
PASSWORD_FILE_ENV, TOKEN_FILE_ENV = "PARTNERKG_PASSWORD_FILE", "PARTNERKG_TOKEN_FILE"
#: The largest answer read, in bytes after decompression, unless the caller says otherwise.
MAX_ANSWER = 100_000_000
#: How much of a refusal's body is read: its reason is one line of it.
_MAX_REFUSAL = 100_000
#: The most redirects followed for one request.
MAX_REDIRECTS = 10
_REDIRECTS = (301, 302, 303, 307, 308)


def safe_url(url: str) -> str:
    """``url`` without its user name and password, fit for a message."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


@dataclass(frozen=True)
class Credentials:
    """Who to authenticate as: a user and password (Basic or Digest, as the server asks) or a
    bearer token. Its repr never shows the secret."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def __bool__(self) -> bool:
        return bool(self.user or self.token)

    @classmethod
    def find(cls, url: str, user: str | None = None, password: str | None = None,
             token: str | None = None) -> "Credentials":
        """The credentials for ``url``, from the first place that has some (see the module)."""
        token = token or _secret_from_environment(TOKEN_ENV, TOKEN_FILE_ENV)
        if token:
            return cls(token=token)
        if user:
            return cls(user, password if password is not None else
                       _secret_from_environment(PASSWORD_ENV, PASSWORD_FILE_ENV) or "")
        parts = urllib.parse.urlsplit(url)
        if parts.username:
            return cls(urllib.parse.unquote(parts.username),
                       urllib.parse.unquote(parts.password or ""))
        if os.environ.get(USER_ENV):
            return cls(os.environ[USER_ENV],
                       _secret_from_environment(PASSWORD_ENV, PASSWORD_FILE_ENV) or "")
        return cls._from_netrc(parts.hostname or "")

    def hide(self, text: str) -> str:
        """``text`` with this password or token starred out, as written and as a Basic header
        carries it (a server may echo the request's headers in its refusal)."""
        secrets = [self.password, self.token]
        if self.user and self.password:
            secrets.append(base64.b64encode(f"{self.user}:{self.password}".encode()).decode())
        for secret in sorted(filter(None, secrets), key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    @classmethod
    def _from_netrc(cls, host: str) -> "Credentials":
        path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
        if not os.path.isfile(path):
            return cls()
        try:
            found = netrc.netrc(path).authenticators(host)
        except (netrc.NetrcParseError, OSError) as exc:
            raise RemoteError(f"{path} cannot be read ({getattr(exc, 'msg', exc)})") from None
        if not found:
            return cls()
        login, _, password = found
        return cls(login, password or "") if login else cls()

    def auth(self) -> httpx.Auth | None:
        if self.token:
            return _Bearer(self.token)
        if self.user:
            return _Password(self.user, self.password or "")
        return None


def read_secret(path: str, what: str) -> str:
    """The password or token in the file ``path``: its first line, without the line end."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not text"
        raise RemoteError(f"the {what} file {path} cannot be read ({reason})") from None


def _secret_from_environment(variable: str, file_variable: str) -> str | None:
    if os.environ.get(variable):
        return os.environ[variable]
    if os.environ.get(file_variable):
        return read_secret(os.environ[file_variable], f"${file_variable}")
    return None


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request):
        request.headers["Authorization"] = self._header
        yield request


class _Password(httpx.Auth):
    """Digest when the server's challenge asks for it (httpx's DigestAuth), else Basic; Basic
    is sent only once a server has asked for it, never to a server that did not."""

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._basic_asked = False

    @property
    def challenged(self) -> bool:
        """Whether a server has said how it wants the password (so a request can carry it)."""
        return self._basic_asked or self._digest._last_challenge is not None

    def auth_flow(self, request):
        if self._basic_asked:
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)
        sent = next(flow)
        while True:
            response = yield sent
            try:
                sent = flow.send(response)
            except StopIteration:
                break
        challenges = [c.lower() for c in response.headers.get_list("www-authenticate")]
        if response.status_code == 401 and any(c.startswith("basic") for c in challenges) \
                and not any(c.startswith("digest") for c in challenges):
            self._basic_asked = True
            yield from self._basic.auth_flow(request)


class _Replayable:
    """A file's bytes as a body that can be sent again (after a Digest challenge or a 307)."""

    def __init__(self, path) -> None:
        self.path = path

    def __iter__(self):
        with open(self.path, "rb") as handle:
            while chunk := handle.read(1 << 16):
                yield chunk


class _Deadline(httpcore.NetworkBackend):
    """httpcore's own sockets, each read, write and connection given at most the time left
    before ``until`` (a ``time.monotonic`` instant, or None): httpx's timeouts apply to one
    read at a time, so a server that trickles bytes would otherwise never time out."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self.until: float | None = None

    def left(self, timeout: float | None) -> float | None:
        if self.until is None:
            return timeout
        left = self.until - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the time allowed is up")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._inner.connect_tcp(host, port, self.left(timeout),
                                                       local_address, socket_options), self)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _DeadlineStream(self._inner.connect_unix_socket(path, self.left(timeout),
                                                               socket_options), self)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner, deadline: _Deadline) -> None:
        self._inner, self._deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     self._deadline.left(timeout)),
                               self._deadline)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class AnswerTooLarge(Exception):
    """An answer went past the bytes allowed."""


@dataclass
class Response:
    status: int
    headers: httpx.Headers
    content: bytes
    url: str

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class HttpClient:
    """Requests to one remote store, with its credentials, timeout and TLS check.

    ``insecure`` turns off TLS certificate checks; ``warnings`` then says so (the CLI prints
    it).
    """

    def __init__(self, url: str, *, credentials: Credentials | None = None,
                 timeout: float = 60.0, insecure: bool = False,
                 max_bytes: int = MAX_ANSWER) -> None:
        self.credentials = credentials if credentials is not None else Credentials.find(url)
        self.timeout, self.insecure, self.max_bytes = timeout, insecure, max_bytes
        self.warnings: list[str] = []
        if insecure:
            self.warnings.append("TLS certificates are not checked (--insecure): anyone on the "
                                 "way can read and change what is sent and answered")
        self._auth = self.credentials.auth()
        transport = httpx.HTTPTransport(verify=not insecure)
        # httpx takes no network backend, its pool does: every socket then keeps the deadline
        self._deadline = _Deadline()
        transport._pool._network_backend = self._deadline
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                    transport=transport)

    def close(self) -> None:
        self._client.close()

    def send(self, method: str, url: str, *, doing: str, data: bytes | None = None,
             file=None, headers: dict | None = None, params: dict | None = None,
             form: dict | None = None) -> Response:
        """Send one request (following redirects) and read the answer; RemoteError on a
        refusal (HTTP 4xx/5xx) or when no answer came. ``form`` is sent as a URL-encoded form,
        ``file`` (a path) streamed as the body. A query form (``doing == "query"``) redirected
        by 301, 302 or 303 is asked again by GET with the query in the URL, as the SPARQL
        Protocol allows; other requests keep their method and body on 301, 302, 307 and 308
        and are not followed on 303 (it would turn a write into a read)."""
        self._deadline.until = time.monotonic() + self.timeout
        try:
            return self._send(method, url, doing=doing, data=data, file=file, headers=headers,
                              params=params, form=form)
        finally:
            self._deadline.until = None

    def _send(self, method, url, *, doing, data, file, headers, params, form) -> Response:
        headers = dict(headers or {})
        url = safe_url(url)
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS + 1):
            content = (urllib.parse.urlencode(form).encode() if form is not None else
                       _Replayable(file) if file is not None else data)
            if form is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            if file is not None:
                headers["Content-Length"] = str(os.path.getsize(file))
            request = self._client.build_request(method, url, content=content, headers=headers,
                                                 params=params)
            auth = self._auth if _same_site(origin, url) else None
            if content is not None and isinstance(auth, _Password) and not auth.challenged:
                self._learn_challenge(url, doing)
            try:
                answer = self._client.send(request, auth=auth, stream=True) if auth else \
                    self._client.send(request, stream=True)
                try:
                    content = self._read(answer)
                finally:
                    answer.close()
            except httpx.TimeoutException:
                raise RemoteError(f"no answer from {url} within {self.timeout:g} s during the "
                                  f"{doing}, the time allowed for all of it (raise --timeout "
                                  "for a big graph)",
                                  timed_out=True) from None
            except httpx.ConnectError as exc:
                raise RemoteError(f"cannot reach {url} ({_reason(exc)})", sent=False) from None
            except (httpx.TransportError, httpx.StreamError) as exc:
                raise RemoteError(f"the connection to {url} broke during the {doing} "
                                  f"({_reason(exc)})") from None
            except AnswerTooLarge:
                raise RemoteError(f"{url} answered the {doing} with more than "
                                  f"{self.max_bytes / 1e6:g} MB (after decompression); it was "
                                  "not read further (raise --max-answer-mb, or ask for less)"
                                  ) from None
            location = answer.headers.get("location")
            if answer.status_code not in _REDIRECTS or not location:
                return _checked(Response(answer.status_code, answer.headers, content, url),
                                doing, authenticated=auth is not None, hide=self.credentials.hide)
            target = urllib.parse.urljoin(url, location)
            if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
                raise RemoteError(f"{url} redirected the {doing} to {safe_url(target)}, which "
                                  "is not an http(s) URL")
            if answer.status_code in (301, 302, 303) and doing == "query" and form:
                method, params, form = "GET", form, None
                headers.pop("Content-Type", None)
            elif answer.status_code == 303 and method != "GET":
                raise RemoteError(f"{url} answered the {doing} with 303 See Other "
                                  f"({safe_url(target)}): the {doing} was not repeated there")
            url = safe_url(target)
        raise RemoteError(f"more than {MAX_REDIRECTS} redirects from {url} during the {doing}")

    def _learn_challenge(self, url: str, doing: str) -> None:
        """Ask for the server's password challenge with a request that has no body, so that
        a request with one is sent once, with the password: a server refusing an upload without it
        (401) may answer and close before it has read the body, and the upload then breaks
        off mid-way (Virtuoso does, now and then). What the probe answers is not wanted."""
        try:
            self._client.send(self._client.build_request("HEAD", url), auth=self._auth).close()
        except httpx.ConnectError as exc:
            raise RemoteError(f"cannot reach {url} ({_reason(exc)})", sent=False) from None
        except (httpx.TransportError, httpx.StreamError):
            pass  # the upload itself then says what is wrong

    def _read(self, answer: httpx.Response) -> bytes:
        """The answer's body, decompressed, read a chunk at a time: AnswerTooLarge past
        ``max_bytes`` (a gzip bomb is cut off by what it expands to). A refusal or a redirect
        is read only as far as its reason needs: the rest of its body is never wanted."""
        limit = self.max_bytes if answer.status_code < 300 else _MAX_REFUSAL
        body = bytearray()
        for chunk in answer.iter_bytes():
            body += chunk
            if len(body) > limit:
                if answer.status_code < 300:
                    raise AnswerTooLarge
                break
        return bytes(body[:limit])


def _origin(url: str) -> tuple:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


def _same_site(origin: tuple, url: str) -> bool:
    """Credentials go with a redirect to the same host and port, or from http to https on the
    same host (default ports); never elsewhere, nor from https down to http."""
    scheme, host, port = _origin(url)
    if host != origin[1]:
        return False
    if (scheme, port) == (origin[0], origin[2]):
        return True
    return origin[0] == "http" and scheme == "https" and origin[2] in (None, 80) and \
        port in (None, 443)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0]


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.I | re.S)


def reason_of(response: Response, limit: int = 300) -> str:
    """What a refusal's body says, in one line: an HTML page by its text (its title and first
    words, tags and scripts left out), any other body by its first line.

    >>> r = Response(401, httpx.Headers({"content-type": "text/html"}),
    ...     b"<html><head><title>401 Unauthorized</title></head><body><h1>Access denied"
    ...     b"</h1><p>You need to log in.</p></body></html>", "http://x")
    >>> reason_of(r)
    '401 Unauthorized: Access denied You need to log in.'
    """
    text = response.content[:100_000].decode("utf-8", "replace")
    if response.media_type in ("text/html", "application/xhtml+xml") or \
            text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        title = _TITLE.search(text)
        body = text[title.end():] if title else text
        words = " ".join(html.unescape(_TAGS.sub(" ", body)).split())
        head = " ".join(html.unescape(title.group(1)).split()) if title else ""
        if head and words.startswith(head):
            words = words[len(head):].strip()
        text = f"{head}: {words}" if head and words else head or words
    else:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        text = lines[0] if lines else ""
    return text[:limit]


def _checked(response: Response, doing: str, authenticated: bool = False,
             hide=lambda text: text) -> Response:
    if response.status < 400:
        return response
    reason = hide(reason_of(response))
    phrase = httpx.codes.get_reason_phrase(response.status)
    hint = ""
    if response.status in (401, 403) and authenticated:
        hint = " [the credentials given were refused, or do not allow this]"
    elif response.status in (401, 403):
        hint = (" [give credentials: --user NAME (asks for the password), $PARTNERKG_USER and "
                "$PARTNERKG_PASSWORD (or --password-file), ~/.netrc, or --token-file]")
    raise RemoteError(f"{response.url} refused the {doing} (HTTP {response.status} {phrase}"
                      f"{': ' + reason if reason else ''}){hint}", status=response.status)
