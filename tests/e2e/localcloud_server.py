"""Starts the real localcloud binary for a test module and hands out clients.

The binary comes from $LOCALCLOUD_BIN (CTest sets it). Every test module gets
its own server on a free port with a fresh in-memory store unless it asks for
a data directory.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import boto3
from botocore.config import Config

def error_of(call, *args, **kwargs):
    """Calls a boto3 operation expected to fail; returns (HTTP status, error code, message)."""
    from botocore.exceptions import ClientError
    try:
        call(*args, **kwargs)
    except ClientError as e:
        return (e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"],
                e.response["Error"]["Message"])
    raise AssertionError("expected an error")


CREDENTIALS = dict(aws_access_key_id="test", aws_secret_access_key="test",
                   region_name="us-east-1")

# Lambda wants a role ARN; localcloud stores it and checks only its shape.
ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def make_zip(files, modes=None):
    """A deflated zip of {name: text or bytes}; `modes` sets some files' permission bits."""
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = ((modes or {}).get(name, 0o644) | 0o100000) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


class LocalCloud:
    def __init__(self, *args, data_dir=None, cwd=None):
        self.args = list(args)
        self.data_dir = data_dir
        self.cwd = cwd
        self.proc = None
        self.port = None
        self.stderr_file = None

    def start(self, timeout=20):
        binary = os.environ["LOCALCLOUD_BIN"]
        cmd = [binary, "--port", "0", "--log-level", "warn"] + self.args
        cmd += ["--data-dir", self.data_dir] if self.data_dir else ["--in-memory"]
        self.stderr_file = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr_file,
                                     text=True, cwd=self.cwd)
        deadline = time.time() + timeout
        line = self.proc.stdout.readline()
        if not line or time.time() > deadline:
            raise RuntimeError("localcloud did not start: " + self.stderr())
        info = json.loads(line)
        assert info["event"] == "listening"
        self.port = info["port"]
        return self

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def client(self, service, **config):
        return boto3.client(service, endpoint_url=self.endpoint,
                            config=Config(retries={"max_attempts": 1}, **config),
                            **CREDENTIALS)

    def stderr(self):
        if not self.stderr_file:
            return ""
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        return self.proc.returncode if self.proc else None

    def aws(self, *args, check=True):
        """Runs the AWS CLI against this server; returns (exit code, stdout, stderr)."""
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        out = subprocess.run(["aws", "--endpoint-url", self.endpoint, "--output", "json",
                              *args], env=env, capture_output=True, text=True, timeout=60)
        if check and out.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed: {out.stderr}")
        return out.returncode, out.stdout, out.stderr


def namespaces_permitted(*kinds):
    """Whether this system grants a mount namespace and `kinds` (util-linux `unshare`
    options such as "--pid") as localcloud asks for them for a Lambda environment: as
    root, or through a user namespace of its own."""
    extra = [option for kind in kinds for option in (kind, "--fork")]
    for args in (["unshare", "--mount", *extra, "true"],
                 ["unshare", "--user", "--map-current-user", "--mount", *extra, "true"]):
        try:
            if subprocess.run(args, capture_output=True, timeout=10).returncode == 0:
                return True
        except (OSError, subprocess.TimeoutExpired):
            pass
    return False


def unretried_client(server, service, read_timeout=10):
    """A boto3 client that never retries: an answer is an acknowledgement, an error is not."""
    return boto3.client(service, endpoint_url=server.endpoint,
                        config=Config(retries={"max_attempts": 1}, connect_timeout=2,
                                      read_timeout=read_timeout),
                        **CREDENTIALS)


def kill_rounds(test, label, rounds, drivers, verify, setup=None, pause=(0.3, 1.2),
                join_timeout=30):
    """The crash tests' loop: a server on a fresh data directory (after `setup(server)`),
    then `rounds` times: start the threads `drivers(server, round_no, stop)` returns, SIGKILL
    the server after a random pause, set `stop`, join, restart, `verify(server, round_no)`.
    SEED (environment) replays a run; the seed is printed."""
    seed = int(os.environ.get("SEED", random.randrange(1 << 30)))
    print(f"{label}: seed {seed}, {rounds} rounds", flush=True)
    rng = random.Random(seed)
    data = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, data, ignore_errors=True)
    server = LocalCloud(data_dir=data).start()
    test.addCleanup(server.stop, signal.SIGKILL)
    if setup:
        setup(server)
    for round_no in range(rounds):
        stop = threading.Event()
        threads = drivers(server, round_no, stop)
        for t in threads:
            t.start()
        time.sleep(rng.uniform(*pause))
        server.stop(signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join(join_timeout)
        server.start()
        verify(server, round_no)
    return server
