"""The keep-alive JSON client the Rasa client uses: reuse, a server that hangs up, failures."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpline.dialogue.json_http import HttpError, JsonHttp
from tooling.rasa_server import free_port


class Handler(BaseHTTPRequestHandler):
    """Echoes the JSON it gets, with the connection count; /close hangs up after answering."""

    protocol_version = "HTTP/1.1"
    connections: list[int] = []

    def setup(self):
        super().setup()
        Handler.connections.append(1)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        received = json.loads(self.rfile.read(length)) if length else None
        self._answer(200, {"got": received, "auth": self.headers.get("Authorization"), "path": self.path})
        if self.path.endswith("/close"):
            self.close_connection = True

    def do_GET(self):
        if self.path.endswith("/text"):
            body = b"not json"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self._answer(404, {"error": "no such path"})

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.connections = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/base"
    httpd.shutdown()
    httpd.server_close()


def test_calls_send_json_with_the_headers_and_reuse_one_connection(server):
    http = JsonHttp(server, {"Authorization": "Bearer t"})
    for i in range(3):
        status, data = http.call("POST", "/webhook", {"n": i})
        assert status == 200 and data == {"got": {"n": i}, "auth": "Bearer t", "path": "/base/webhook"}
    assert len(Handler.connections) == 1


def test_a_connection_the_server_closed_is_replaced_before_the_next_message(server):
    http = JsonHttp(server, {})
    assert http.call("POST", "/close", {"a": 1})[0] == 200
    time.sleep(0.2)  # idle, as between two messages: the server's close has arrived
    status, data = http.call("POST", "/webhook", {"b": 2})  # the first connection is gone
    assert status == 200 and data["got"] == {"b": 2}
    assert len(Handler.connections) == 2


def test_an_error_status_is_returned_with_its_body(server):
    assert JsonHttp(server, {}).call("GET", "/missing") == (404, {"error": "no such path"})


def test_a_body_that_is_not_json_is_an_error(server):
    with pytest.raises(HttpError):
        JsonHttp(server, {}).call("GET", "/text")


def test_a_closed_port_is_an_error_that_names_no_url():
    with pytest.raises(HttpError) as raised:
        JsonHttp(f"http://127.0.0.1:{free_port()}", {}).call("POST", "/webhook", {"message": "secret words"})
    assert "127.0.0.1" not in str(raised.value) and "secret" not in str(raised.value)


def test_only_http_urls_with_a_host_are_accepted():
    with pytest.raises(ValueError):
        JsonHttp("file:///etc/passwd", {})
