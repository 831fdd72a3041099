"""An SMTP server (aiosmtpd) in a process of its own for the load-and-fault benchmark: it
accepts every message on 127.0.0.1:PORT and appends its Message-ID to FILE, one a line, written
before the server answers 250. Stopping the process is stopping the server: the kernel closes
every socket it held, and a new one listens on the port at once.

    python bench/smtp_sink.py PORT FILE
"""

from __future__ import annotations

import email
import signal
import sys
import threading
from email import policy


class Recorder:
    def __init__(self, path: str) -> None:
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open while serving)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.file.write(f"{message['Message-ID']}\n")
            self.file.flush()
        return "250 OK"


def main() -> None:
    from aiosmtpd.controller import Controller

    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
