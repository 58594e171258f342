#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Check a TCP echo server (run inside the test's network namespace).

  tcp_echo_check.py HOST PORT line TEXT   send TEXT and a newline, print
                                          the line echoed back
  tcp_echo_check.py HOST PORT bulk MIB    send MIB MiB of random bytes
                                          while reading the echo; print
                                          "exact N.N MB/s" or "differs ..."
  tcp_echo_check.py HOST PORT sha256 MIB  the same, compared by the
                                          SHA-256 of what was sent and of
                                          what came back: "sha256 match
                                          HEX N.N MB/s" or "sha256 differs"
"""
import hashlib
import os
import socket
import sys
import threading
import time


def line(host, port, text):
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(text.encode() + b"\n")
    got = b""
    while not got.endswith(b"\n"):
        d = s.recv(100)
        if not d:
            break
        got += d
    print(got.decode().strip())


def bulk(host, port, mib, sha=False):
    n = mib << 20
    data = os.urandom(n)
    s = socket.create_connection((host, port), timeout=10)
    t0 = time.monotonic()

    def send():
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)

    th = threading.Thread(target=send)
    th.start()
    got = bytearray()
    while True:
        d = s.recv(1 << 16)
        if not d:
            break
        got += d
    th.join()
    dt = time.monotonic() - t0
    if sha:
        sent = hashlib.sha256(data).hexdigest()
        back = hashlib.sha256(got).hexdigest()
        if sent == back:
            print("sha256 match", sent, "%.1f MB/s" % (n / dt / 1e6))
        else:
            print("sha256 differs: sent %s (%d bytes), got back %s (%d bytes)"
                  % (sent, n, back, len(got)))
        return
    verdict = "exact" if bytes(got) == data else \
        "differs (%d of %d bytes)" % (len(got), n)
    print(verdict, "%.1f MB/s" % (n / dt / 1e6))


if __name__ == "__main__":
    host, port, mode, arg = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    if mode == "line":
        line(host, port, arg)
    else:
        bulk(host, port, int(arg), mode == "sha256")
