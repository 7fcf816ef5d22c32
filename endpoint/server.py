"""A SPARQL 1.1 endpoint over a store directory, run by the Oxigraph server (PyPI ``oxigraph``).

The server answers queries at ``/query`` (SPARQL 1.1 Protocol) and, when writable, takes
graphs at ``/store`` (Graph Store HTTP Protocol). Its default graph is the store's data; the
named graphs beside it hold what each source file said (one graph per file, named by the
file's ``pkg:SourceFile`` node) and the kept analysis results (``pkg:cachedResult``).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import StoreError
from ..graph.store import require_store

__all__ = ["Server", "oxigraph_executable"]


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


@dataclass
class Server:
    """The Oxigraph server on ``store``, read-only unless ``writable``.

    >>> Server("tca-store", port=7000).url
    'http://127.0.0.1:7000/query'
    """

    store: str | Path
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    create: bool = False  # start on a new, empty store directory
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (writable servers only)."""
        return f"{self.base}/store"

    def command(self) -> list[str]:
        mode = "serve" if self.writable else "serve-read-only"
        return [oxigraph_executable(), mode, "--location", str(self.store),
                "--bind", f"{self.host}:{self.port}"]

    def start(self, wait: float = 30.0) -> "Server":
        """Start the server and return once it answers (StoreError if it does not)."""
        if not self.create:
            require_store(self.store)
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = (self.process.stderr.read() or "").strip().splitlines()
                raise StoreError(f"the Oxigraph server stopped at once: "
                                 f"{message[-1] if message else 'no message'} "
                                 f"(is port {self.port} in use, or the store open elsewhere?)")
            if self._answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise StoreError(f"the Oxigraph server did not answer at {self.base} within {wait:g} s")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=1):
                return True
        except (urllib.error.URLError, OSError):
            return False

    def wait(self) -> int:
        """Wait until the server stops (Ctrl-C or SIGTERM stop it); its exit code."""
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            return self.process.wait()
        except KeyboardInterrupt:
            self.stop()
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
