"""The balancer's retries (bench/haproxy.cfg, DEPLOY.md): a GET that a server took and then closed
without an answer (a server stopped in the middle) is sent to the other server; a POST that
reached a server is never sent a second time, as it may have stored a quiz result.

HAProxy from bench/haproxy.cfg, as `make rehearse` fills it in, in front of two stand-in servers
on loopback: "a" answers its health check and hangs up on everything else without a word, "b"
answers everything and writes down what it got. No database, no Django server.
"""

from __future__ import annotations

import http.client
import os
import socket
import string
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import rehearse

TEMPLATE = Path(__file__).resolve().parent.parent / "bench" / "haproxy.cfg"


class StandIn(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hangs_up = False
    seen: list[tuple[str, str]]

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except ConnectionResetError:  # HAProxy's health check hangs up as soon as it has its answer
            self.close_connection = True
            return
        if not self.raw_requestline or not self.parse_request():
            self.close_connection = True
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        if self.path != "/health/":
            self.server.seen.append((self.command, body))  # type: ignore[attr-defined]
            if self.server.hangs_up:  # type: ignore[attr-defined]
                self.close_connection = True  # read the request, closed without an answer
                self.connection.shutdown(socket.SHUT_RDWR)
                return
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def stand_in(hangs_up: bool) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.hangs_up = hangs_up  # type: ignore[attr-defined]
    server.seen = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def balancer(tmp_path):
    binary = rehearse.haproxy_binary()
    if not binary:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("haproxy not installed (apt-get install -y haproxy)")
        pytest.skip("haproxy not installed (apt-get install -y haproxy)")
    a, b = stand_in(hangs_up=True), stand_in(hangs_up=False)
    port = free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        string.Template(TEMPLATE.read_text()).substitute(
            stats_socket=tmp_path / "haproxy.sock", queue_timeout="5s", port=port,
            port_a=a.server_address[1], port_b=b.server_address[1], maxconn=4,
            inter="200ms", fall=2, rise=1, observe="",
        )
    )  # fmt: skip
    subprocess.run([binary, "-c", "-q", "-f", str(config)], check=True)  # noqa: S603 (our own files)
    process = subprocess.Popen(  # noqa: S603 (the installed HAProxy, our own file)
        [binary, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield port, a, b
    finally:
        process.terminate()
        process.wait(timeout=10)
        a.shutdown()
        b.shutdown()


def ask(port: int, method: str, body: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        connection.request(method, "/quiz/", body=body or None, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_get_goes_to_the_other_server_and_a_post_is_never_sent_twice(balancer):
    port, a, b = balancer
    gets = [ask(port, "GET") for _ in range(8)]
    posts = {f"stap=over-jou&n={n}": ask(port, "POST", f"stap=over-jou&n={n}") for n in range(8)}

    assert gets == [200] * 8  # the ones "a" hung up on were answered by "b"
    assert sum(method == "GET" for method, _ in a.seen) >= 1  # so some did reach "a" first
    hung_up = {body for method, body in a.seen if method == "POST"}
    assert hung_up, "no POST went to the server that hangs up: the test proved nothing"
    for body, status in posts.items():
        if body in hung_up:
            assert status == 502  # the visitor sees an error and may try again themselves
        else:
            assert status == 200
    # "b" never got a POST that had already reached "a"
    assert not hung_up & {body for method, body in b.seen if method == "POST"}
