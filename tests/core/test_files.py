"""Temporary folders a command makes (an RDF export sorts on disk there) carry the process's
id and start time: what one killed outright left goes when the next one runs, and a running
one's stays."""

import os
import signal
import subprocess
import sys
import time

from partnerkg.core.files import owner_mark


def exports_in(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("partnerkg-export-"))


def test_a_killed_exports_temporary_folder_goes_at_the_next_export(tca_store, tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "PARTNERKG_SKIP_RESOURCE_CHECK": "1"}
    # a folder named for this very process, which runs: never taken
    running = scratch / f"partnerkg-export-{owner_mark()}-abc"
    running.mkdir()
    command = [sys.executable, "-m", "partnerkg", "export", "--format", "nt", "--store",
               str(tca_store)]
    killed = subprocess.Popen([*command, "-o", str(tmp_path / "a.nt")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while killed.poll() is None and len(exports_in(scratch)) < 2:
        time.sleep(0.001)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    left = [name for name in exports_in(scratch) if name != running.name]
    assert left and left[0].startswith(f"partnerkg-export-{killed.pid}"), exports_in(scratch)
    done = subprocess.run([*command, "-o", str(tmp_path / "b.nt")], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert exports_in(scratch) == [running.name]
    assert (tmp_path / "b.nt").stat().st_size > 10_000
