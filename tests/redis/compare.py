#!/usr/bin/env python3
# compare.py NATIVE.out UK.out KNOWN-FAILURES
# Reads the runs of redis's runtest made by tests/redis/suite.sh (one
# runtest per unit, each after a line "nablux: unit UNIT") and prints:
#   native P F S U A    passed, failed (err + exception), skipped (skip +
#   uk P F S U A        ignore), units run, units aborted (an exception
#                       ended the unit's run before its end)
#   regression U: NAME  passed natively, not in the unikernel, not known
#   known U: NAME -- WHY   passed natively, not in the unikernel, known
#   fixed ENTRY         a known-failures entry nothing needed
#   native-fail U: NAME failed natively (the reference's own failures)
# Names count as a multiset per unit (a few tests repeat).
#
# KNOWN-FAILURES, one entry a line ('#' starts a comment line):
#   NAME -- reason         a test that fails in the unikernel (NAME exact,
#                          or /REGEXP as runtest's --skiptest)
#   skip NAME -- reason    the same (suite.sh does not run it against the
#                          unikernel)
#   unit UNIT -- reason    tests of UNIT that the unikernel's run never
#                          reaches (neither passed nor failed)
import collections
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LINE = re.compile(r"^\[(ok|err|exception|skip|ignore)\]: (.*)$")
MS = re.compile(r" \(\d+ ms\)$")
WHERE = re.compile(r" in tests/\S+\.tcl$")


class Run:
    def __init__(self, path):
        self.ok = collections.Counter()
        self.fail = collections.Counter()
        self.ran = collections.Counter()   # ok or failed
        self.skip = 0
        self.units = []
        self.aborted = set()
        unit = "?"
        with open(path, errors="replace") as f:
            for raw in f:
                line = ANSI.sub("", raw.rstrip("\n"))
                if line.startswith("nablux: unit "):
                    unit = line[len("nablux: unit "):].strip()
                    self.units.append(unit)
                    continue
                m = LINE.match(line)
                if not m:
                    continue
                kind, rest = m.groups()
                if kind == "exception":
                    self.aborted.add(unit)
                    self.fail[(unit, "exception: " + rest)] += 1
                elif kind == "ok":
                    key = (unit, MS.sub("", rest))
                    self.ok[key] += 1
                    self.ran[key] += 1
                elif kind == "err":
                    key = (unit, WHERE.sub("", rest))
                    self.fail[key] += 1
                    self.ran[key] += 1
                else:
                    self.skip += 1

    def summary(self):
        return "%d %d %d %d %d" % (sum(self.ok.values()), sum(self.fail.values()),
                                   self.skip, len(self.units), len(self.aborted))


def known(path):
    tests, units = [], {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, _, why = line.partition(" -- ")
            name = name.strip()
            if name.startswith("skip "):
                name = name[5:].strip()
            if name.startswith("unit "):
                units[name[5:].strip()] = why.strip()
            else:
                tests.append((name, why.strip()))
    return tests, units


def match(entries, name):
    for pat, why in entries:
        if (pat.startswith("/") and re.search(pat[1:], name)) or pat == name:
            return pat, why
    return None


def main():
    nat = Run(sys.argv[1])
    uk = Run(sys.argv[2])
    ktests, kunits = known(sys.argv[3])
    print("native", nat.summary())
    print("uk", uk.summary())
    used = set()
    for key, n in sorted(nat.ok.items()):
        unit, name = key
        if n <= uk.ok.get(key, 0):
            continue
        k = match(ktests, name)
        if k:
            used.add(k[0])
            print("known %s: %s -- %s" % (unit, name, k[1]))
        elif uk.ran.get(key, 0) < n and unit in kunits:
            used.add("unit " + unit)
            print("known %s: %s -- not reached: %s" % (unit, name, kunits[unit]))
        else:
            print("regression %s: %s" % (unit, name))
    for pat, _ in ktests:
        if pat not in used:
            print("fixed %s" % pat)
    for unit in kunits:
        if "unit " + unit not in used:
            print("fixed unit %s" % unit)
    for (unit, name) in sorted(nat.fail):
        print("native-fail %s: %s" % (unit, name))


main()
