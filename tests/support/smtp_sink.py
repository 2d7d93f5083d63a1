#!/usr/bin/env python3
"""An SMTP server for the mail tests (aiosmtpd, Debian's python3-aiosmtpd) on 127.0.0.1.

usage: smtp_sink.py FOLDER [--cert CERT --key KEY] [--login USER:PASSWORD] [--defer N]
                    [--delay SECONDS]

Writes each message it accepts to FOLDER/N.eml (N from 1) and its envelope recipients to
FOLDER/N.rcpt, prints "port P" once listening, and runs until standard input closes.
--cert/--key: STARTTLS offered and required before MAIL. --login: AUTH PLAIN/LOGIN required
(only over TLS). --defer N: the first N messages are answered 451 (try again later).
--delay SECONDS: each message is kept, then answered after that long (a slow server).
"""
import argparse
import asyncio
import os
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Keeper:
    def __init__(self, folder, defer, delay):
        self.folder = folder
        self.defer = defer
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.defer > 0:
            self.defer -= 1
            return "451 4.3.0 try again later"
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".rcpt.tmp", "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".rcpt.tmp", base + ".rcpt")
        os.rename(base + ".eml.tmp", base + ".eml")
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        return "250 OK"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--login")
    p.add_argument("--defer", type=int, default=0)
    p.add_argument("--delay", type=float, default=0)
    args = p.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    if args.login:
        user, password = args.login.split(":", 1)

        def check(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs["authenticator"] = check
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(args.cert)
    controller = Controller(Keeper(args.folder, args.defer, args.delay), hostname="127.0.0.1", port=port,
                            **kwargs)
    controller.start()
    print("port", port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
