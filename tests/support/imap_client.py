#!/usr/bin/env python3
"""A mail client for the IMAP tests (Python's imaplib) against the test's Dovecot.

usage: imap_client.py HOST PORT USER PASSWORD COMMAND [ARG]
  count             the number of messages in INBOX
  append FILE       APPENDs FILE to INBOX as a new, unseen message
  unseen            the UIDs of INBOX without \\Seen, one line
"""
import imaplib
import sys


def main():
    host, port, user, password, command = sys.argv[1:6]
    imap = imaplib.IMAP4(host, int(port))
    imap.login(user, password)
    if command == "append":
        with open(sys.argv[6], "rb") as f:
            data = f.read()
        typ, _ = imap.append("INBOX", None, None, data)
        if typ != "OK":
            sys.exit(1)
    elif command == "count":
        typ, data = imap.select("INBOX")
        print(int(data[0]))
    elif command == "unseen":
        imap.select("INBOX")
        typ, data = imap.uid("SEARCH", None, "UNSEEN")
        print(data[0].decode())
    imap.logout()


if __name__ == "__main__":
    main()
