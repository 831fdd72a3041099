"""A clamd for the tests: a real socket server speaking clamd's INSTREAM protocol, and the
``clamd`` fixture that starts one and points OMBUD_VIRUS_SCANNER at it."""

from __future__ import annotations

import socketserver
import struct
import threading

import pytest

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd(socketserver.ThreadingTCPServer):
    """A clamd that speaks the real INSTREAM protocol: "zINSTREAM\\0", then chunks each with a
    4-byte big-endian length, ended by a zero-length chunk; answers "stream: OK\\0" or
    "stream: Eicar-Test-Signature FOUND\\0". Keeps every stream it read."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        self.streams: list[bytes] = []
        self.commands: list[bytes] = []
        super().__init__(("127.0.0.1", 0), _ClamdHandler)

    @property
    def address(self) -> str:
        return f"clamd://127.0.0.1:{self.server_address[1]}"


class _ClamdHandler(socketserver.BaseRequestHandler):
    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.request.recv(size - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def handle(self):
        command = self._read(len(b"zINSTREAM\0"))
        self.server.commands.append(command)
        if command != b"zINSTREAM\0":
            self.request.sendall(b"UNKNOWN COMMAND\0")
            return
        stream = b""
        while True:
            (length,) = struct.unpack("!L", self._read(4))
            if length == 0:
                break
            stream += self._read(length)
        self.server.streams.append(stream)
        found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in stream
        self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found
                             else b"stream: OK\0")


@pytest.fixture
def clamd(settings):
    server = FakeClamd()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OMBUD_VIRUS_SCANNER = server.address
    yield server
    server.shutdown()
    server.server_close()
