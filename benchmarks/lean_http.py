"""A lean HTTP/1.1 keep-alive client on asyncio, for load generation on the server's machine.

The load generator shares the CPU with the server it measures: every millisecond it spends
is one the server does not get. A general client (aiohttp) spends about 0.3 ms of CPU per
request here; this one writes the request bytes itself and parses only what a JSON API
answers (status line, Content-Length, chunked bodies), at a fraction of that.
"""

import asyncio
import json


class ClientError(Exception):
    """The connection failed or the answer was not HTTP/1.1 as expected."""


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.closed = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._answer()

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ClientError(f"connection closed ({exc or 'by server'})"))

    def _answer(self) -> None:
        if self.waiter is None or self.waiter.done():
            return
        try:
            parsed = _parse(self.buffer)
        except (ValueError, IndexError) as error:
            self.waiter.set_exception(ClientError(f"malformed response: {error}"))
            return
        if parsed is not None:
            self.waiter.set_result(parsed)

    async def exchange(self, request: bytes) -> tuple[int, bytes, bool]:
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        self._answer()  # the answer may already be buffered (it never is, but cheap to check)
        try:
            return await self.waiter
        finally:
            self.waiter = None


def _parse(buffer: bytearray) -> tuple[int, bytes, bool] | None:
    """(status, body, server closes) once a whole response is in `buffer`, which it consumes."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, chunked, closes = 0, False, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value.lower()
        elif name == "connection":
            closes = value.strip().lower() == "close"
    start = end + 4
    if not chunked:
        if len(buffer) < start + length:
            return None
        body = bytes(buffer[start:start + length])
        del buffer[:start + length]
        return status, body, closes
    body, at = bytearray(), start
    while True:
        size_end = buffer.find(b"\r\n", at)
        if size_end < 0:
            return None
        size = int(bytes(buffer[at:size_end]).split(b";")[0], 16)
        if len(buffer) < size_end + 2 + size + 2:
            return None
        body += buffer[size_end + 2:size_end + 2 + size]
        at = size_end + 2 + size + 2
        if size == 0:
            del buffer[:at]
            return status, bytes(body), closes


class LeanClient:
    """Keep-alive connections to one host, reused one request at a time each."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self._idle: list[_Connection] = []
        self._all: set[_Connection] = set()
        self._host_header = f"Host: {host}:{port}\r\n".encode()

    async def request(self, method: str, path: str, *, json_body=None,
                      headers: dict | None = None) -> tuple[int, bytes]:
        """One request; (status, body). Raises ClientError or TimeoutError."""
        head = [f"{method} {path} HTTP/1.1\r\n".encode(), self._host_header]
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}\r\n".encode())
        body = b""
        if json_body is not None:
            body = json.dumps(json_body).encode()
            head.append(b"Content-Type: application/json\r\n")
        head.append(f"Content-Length: {len(body)}\r\n\r\n".encode())
        connection = self._idle.pop() if self._idle else await self._connect()
        try:
            async with asyncio.timeout(self.timeout):
                status, answer, closes = await connection.exchange(b"".join(head) + body)
        except BaseException:
            self._drop(connection)
            raise
        if closes or connection.closed:
            self._drop(connection)
        else:
            self._idle.append(connection)
        return status, answer

    async def get_json(self, path: str):
        status, body = await self.request("GET", path)
        if status != 200:
            raise ClientError(f"GET {path}: HTTP {status}")
        return json.loads(body)

    async def _connect(self) -> _Connection:
        try:
            _, connection = await asyncio.get_running_loop().create_connection(
                _Connection, self.host, self.port)
        except OSError as error:
            raise ClientError(f"cannot connect: {error}") from error
        self._all.add(connection)
        return connection

    def _drop(self, connection: _Connection) -> None:
        self._all.discard(connection)
        if connection.transport is not None:
            connection.transport.close()

    async def close(self) -> None:
        for connection in list(self._all):
            self._drop(connection)
        self._idle.clear()
        await asyncio.sleep(0)
