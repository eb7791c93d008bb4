"""JSON over keep-alive HTTP/1.1 to one server (Rasa, on loopback), one connection per thread.

requests spent 0.6 ms of every message on machinery a loopback JSON call does not use (proxy
lookups, adapters, cookie jars, hooks): 0.86 ms a call against 0.24 ms with http.client, measured
against a server that answers at once (docs/performance.md).
"""

from __future__ import annotations

import http.client
import json
import select
import threading
from urllib.parse import urlsplit


class HttpError(Exception):
    """The server could not be reached, timed out, closed the connection, or sent no JSON."""


class JsonHttp:
    """Calls one server; a connection the server has closed while idle is replaced before use."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the base URL must be http:// or https:// with a host")
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.prefix = parts.path.rstrip("/")
        self.headers = dict(headers)
        self._local = threading.local()

    def call(self, method: str, path: str, payload: object = None, connect_timeout: float = 2.0,
             read_timeout: float = 5.0) -> tuple[int, object]:
        """(status, the decoded JSON body or None when the body is empty); HttpError on any failure."""
        body = None if payload is None else json.dumps(payload).encode("utf-8")
        headers = self.headers if body is None else {**self.headers, "Content-Type": "application/json"}
        kept = getattr(self._local, "connection", None)
        connection = self._connection(connect_timeout)
        reused = connection is kept
        try:
            connection.sock.settimeout(read_timeout)
            try:
                connection.request(method, self.prefix + path, body=body, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                if not reused:
                    raise
                # The server closed the kept-alive connection as we wrote to it: nothing reached
                # it, so the message goes once more, on a new connection.
                self._drop()
                connection = self._connection(connect_timeout)
                connection.sock.settimeout(read_timeout)
                connection.request(method, self.prefix + path, body=body, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self._drop()
            raise HttpError(type(exc).__name__) from None
        if response.will_close:
            self._drop()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            raise HttpError("not JSON") from None

    def _connection(self, connect_timeout: float) -> http.client.HTTPConnection:
        """This thread's open connection, or a new one."""
        connection = getattr(self._local, "connection", None)
        if connection is not None and _closed_by_server(connection):
            self._drop()
            connection = None
        if connection is None:
            kind = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            connection = kind(self.host, self.port, timeout=connect_timeout)
            try:
                connection.connect()
            except OSError as exc:
                raise HttpError(type(exc).__name__) from None
            self._local.connection = connection
        return connection

    def _drop(self) -> None:
        """Close this thread's connection; the next call opens a new one."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """An idle keep-alive socket that is readable has been closed by the server (Sanic closes
    idle connections after a few seconds): sending on it would lose the message."""
    if connection.sock is None:
        return True
    try:
        readable, _, _ = select.select([connection.sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
