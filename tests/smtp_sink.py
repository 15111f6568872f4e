"""A tiny SMTP server on 127.0.0.1 for tests and the soak benchmark: records messages, can die."""
import socket
import socketserver
import threading
from email import message_from_bytes


class SMTPServer(socketserver.ThreadingTCPServer):
    """A tiny SMTP server on 127.0.0.1 that records messages and can die after `die_after` of them."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port=0, die_after=None):
        super().__init__(("127.0.0.1", port), SMTPHandler)
        self.received: list = []
        self.die_after = die_after
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def kill(self):
        threading.Thread(target=self.shutdown, daemon=True).start()
        self.socket.close()


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        srv = self.server
        self.reply("220 test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").strip().upper()
            if cmd.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif cmd.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif cmd == "DATA":
                self.reply("354 go ahead")
                data = b""
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data += chunk
                with srv.lock:
                    if srv.die_after is not None and len(srv.received) >= srv.die_after:
                        # The server dies before it accepts this message: the connection just drops.
                        self.connection.shutdown(socket.SHUT_RDWR)
                        srv.kill()
                        return
                    srv.received.append(message_from_bytes(data))
                self.reply("250 queued")
            elif cmd == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 no")
