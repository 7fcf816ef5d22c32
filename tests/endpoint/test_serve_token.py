"""The write token of ``serve`` from a file or the environment, so that it is not in the
process list (issue 30, item 10)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from .test_server_hardening import FORM, send


@pytest.mark.parametrize("way", ["file", "environment"])
def test_the_token_from_a_file_or_the_environment_stays_out_of_the_process_list(
        tmp_path, free_port, way):
    secret = "not-in-ps-0123456789"
    port = free_port()
    command = [sys.executable, "-m", "partnerkg", "serve", "--store", str(tmp_path / "store"),
               "--port", str(port), "--writable"]
    environment = dict(os.environ)
    if way == "file":
        (tmp_path / "token").write_text(secret + "\n")
        command += ["--token-file", str(tmp_path / "token")]
    else:
        environment["PARTNERKG_TOKEN"] = secret
    (tmp_path / "store").mkdir()
    subprocess.run([sys.executable, "-m", "partnerkg", "load", str(Path(__file__).parents[1] /
                    "data" / "long.csv"), "--store", str(tmp_path / "store")], check=True,
                   capture_output=True, env=environment)
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=environment)
    try:
        said = server.stdout.readline()
        assert said.startswith("SPARQL endpoint"), server.stderr.read()
        lines = [server.stdout.readline() for _ in range(2)]
        assert not any(secret in line for line in lines)  # not printed either
        seen = Path(f"/proc/{server.pid}/cmdline").read_bytes() if sys.platform.startswith(
            "linux") else b""
        assert secret.encode() not in seen
        update = urllib.parse.urlencode({"update": "INSERT DATA { <a:b> <a:c> <a:d> }"})
        assert send(port, "POST", "/update", update, {"Content-Type": FORM})[0] == 401
        assert send(port, "POST", "/update", update, {
            "Content-Type": FORM, "Authorization": f"Bearer {secret}"})[0] == 204
    finally:
        server.terminate()
        server.communicate(timeout=60)
