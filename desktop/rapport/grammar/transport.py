"""HTTP with a total deadline per request, which another thread can abort. Stdlib only.

language-tool-python sends its requests through ``requests``, whose timeout
applies to each socket read: a server that sends one byte every two seconds is
never timed out, and a thread blocked in a read cannot be woken from outside.
A stuck check then held the backend's lock, and closing the window waited on it.

Here every read and write gets only the time left until the deadline, so a
request ends by its deadline whatever the server sends, and :meth:`abort` shuts
the sockets down, which wakes a blocked read at once (closing a socket from
another thread does not). Proxies from the environment (``http_proxy``,
``https_proxy``, ``no_proxy``) are honoured, as ``requests`` honours them.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import io
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: An answer bigger than this is refused (LanguageTool's answer for a long email is
#: a few hundred kB; a server that streams without end must not fill the memory).
MAX_BODY_BYTES = 32 * 1024 * 1024
_CHUNK = 64 * 1024


class DeadlineExceeded(TimeoutError):
    """The server did not finish answering before the deadline."""


class RequestAborted(ConnectionError):
    """The transport was aborted (the app is closing) while a request was under way."""


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    status: int
    body: bytes


class _DeadlineReader(io.RawIOBase):
    """Reads a socket, each read waiting no longer than the time left."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise DeadlineExceeded("the answer did not arrive before the deadline")
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv_into(buffer)
        except TimeoutError as error:
            raise DeadlineExceeded("the answer did not arrive before the deadline") from error


class _DeadlineSocket:
    """A connected socket whose ``makefile`` (what http.client reads from) keeps the deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class DeadlineTransport:
    """Sends requests that end by a deadline; :meth:`abort` ends them now, from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._aborted = False

    @property
    def aborted(self) -> bool:
        return self._aborted

    def abort(self) -> None:
        """Wake and fail every request under way, and refuse new ones. Never blocks."""
        with self._lock:
            self._aborted = True
            sockets = list(self._sockets)
        for sock in sockets:
            # shutdown, not close: it wakes a thread blocked in recv on this socket.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def request(
        self,
        method: str,
        url: str,
        fields: Mapping[str, str] | None,
        *,
        deadline: float,
    ) -> HttpAnswer:
        """GET (fields in the query) or POST (form-encoded fields); the whole answer."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url}")
        method = method.upper()
        target = parts.path or "/"
        body: bytes | None = None
        headers = {"Accept": "application/json", "Connection": "close"}
        encoded = urllib.parse.urlencode(dict(fields or {}))
        if method == "POST":
            body = encoded.encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif encoded or parts.query:
            target += "?" + (encoded or parts.query)
        connection, proxied = self._connection(parts, headers, deadline)
        if proxied and parts.scheme == "http":
            target = urllib.parse.urlunsplit((parts.scheme, parts.netloc, target, "", ""))
        try:
            self._connect(connection, deadline)
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            return HttpAnswer(response.status, _read_body(response))
        except (OSError, http.client.HTTPException):
            if self._aborted:
                raise RequestAborted("the request was aborted") from None
            raise
        finally:
            raw = getattr(connection.sock, "_sock", connection.sock)
            with self._lock:
                self._sockets.discard(raw)
            connection.close()

    def _connection(
        self, parts: urllib.parse.SplitResult, headers: dict[str, str], deadline: float
    ) -> tuple[http.client.HTTPConnection, bool]:
        """The connection to make (to the server, or to its proxy), and whether it is a proxy."""
        remaining = max(0.001, deadline - time.monotonic())
        host, port = parts.hostname or "", parts.port
        https = parts.scheme == "https"
        make = http.client.HTTPSConnection if https else http.client.HTTPConnection
        proxy = (
            None
            if urllib.request.proxy_bypass(host)
            else urllib.request.getproxies().get(parts.scheme)
        )
        if not proxy:
            return make(host, port, timeout=remaining), False
        via = urllib.parse.urlsplit(proxy if "://" in proxy else "http://" + proxy)
        proxy_headers = {}
        if via.username is not None:
            user = urllib.parse.unquote(via.username)
            password = urllib.parse.unquote(via.password or "")
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            proxy_headers["Proxy-Authorization"] = f"Basic {token}"
        if https:
            # Through the proxy's CONNECT tunnel, TLS end to end.
            connection = make(via.hostname or "", via.port, timeout=remaining)
            connection.set_tunnel(host, port, headers=proxy_headers)
            return connection, True
        headers.update(proxy_headers)
        return http.client.HTTPConnection(via.hostname or "", via.port, timeout=remaining), True

    def _connect(self, connection: http.client.HTTPConnection, deadline: float) -> None:
        with self._lock:
            if self._aborted:
                raise RequestAborted("the request was aborted")
        try:
            connection.connect()  # connect (and TLS) wait at most the time left
        except TimeoutError as error:
            raise DeadlineExceeded("the server did not accept the connection in time") from error
        raw = connection.sock
        with self._lock:
            self._sockets.add(raw)
            aborted = self._aborted
        if aborted:  # abort() ran while we connected and did not see this socket
            with contextlib.suppress(OSError):
                raw.shutdown(socket.SHUT_RDWR)
            raise RequestAborted("the request was aborted")
        # The request goes out in one sendall, whose timeout is its total time.
        raw.settimeout(max(0.001, deadline - time.monotonic()))
        connection.sock = _DeadlineSocket(raw, deadline)


def _read_body(response: http.client.HTTPResponse) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = response.read(_CHUNK)
        except TimeoutError as error:
            raise DeadlineExceeded("the answer did not arrive before the deadline") from error
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise http.client.HTTPException(
                f"the answer is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB"
            )
        chunks.append(chunk)
