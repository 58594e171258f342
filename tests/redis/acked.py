#!/usr/bin/env python3
# acked.py HOST PORT FILE: writes to redis until the connection dies:
# SET k:<i> <i>, then INCR counter (which answers i); after each answer,
# FILE holds the number of iterations redis acknowledged.
import socket
import sys

host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.create_connection((host, port), timeout=5)
f = s.makefile("rb")


def cmd(*words):
    out = b"*%d\r\n" % len(words)
    for w in words:
        w = str(w).encode()
        out += b"$%d\r\n%s\r\n" % (len(w), w)
    s.sendall(out)
    line = f.readline()
    if not line:
        raise ConnectionError("connection closed")
    return line.rstrip(b"\r\n")


acked = 0
try:
    i = 0
    while True:
        i += 1
        if cmd("SET", "k:%d" % i, i) != b"+OK":
            break
        r = cmd("INCR", "counter")
        if r != b":%d" % i:
            print("unexpected answer", r, "at", i)
            break
        acked = i
        with open(path, "w") as out:
            out.write("%d\n" % acked)
except (OSError, ConnectionError) as e:
    print("stopped after %d acknowledged: %s" % (acked, e))
