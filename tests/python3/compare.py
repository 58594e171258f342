#!/usr/bin/env python3
# compare.py NATIVE_DIR UK_DIR KNOWN-FAILURES
# Compares the runs of CPython's regression tests made by tests/python3/
# run.sh: each DIR holds, per test module M, M.xml (regrtest --junit-xml)
# and M.status (regrtest's exit status, or "timeout"). Prints
#   native P F S M C    passed, failed (failure + error), skipped, modules
#   uk P F S M C        run, modules without a result file (crashed or
#                       timed out)
#   regression M: ID    passed natively, not in the unikernel, not known
#   known M: ID -- WHY  passed natively, not in the unikernel, known
#   fixed ENTRY         a known-failures entry nothing needed
#   native-fail M: ID   failed natively (the reference's own failures)
#   nores SIDE M STATUS a module with no result file on that side
# A test is its unittest id (test.test_os.FileTests.test_write, a
# subTest's failure counts for its test).
#
# KNOWN-FAILURES, one entry a line ('#' starts a comment line):
#   ID -- reason           one test (ID exact, or /REGEXP searched in ID)
#   skip ID -- reason      the same, and not run in the unikernel at all
#                          (suite.sh: regrtest --ignore ID): it would hang
#   module M -- reason     every test of module M
#   error REGEXP -- reason every test whose failure in the unikernel has
#                          a traceback REGEXP matches (re.S: . is any
#                          character), e.g. an ENOSYS from os.fork
#   skipped REGEXP -- reason   every test the unikernel skips with a
#                          reason REGEXP matches (what its image lacks)
import os
import re
import sys
import xml.etree.ElementTree as ET


class Side:
    def __init__(self, path, modules):
        self.ok, self.fail, self.skip = {}, {}, {}
        self.nores = {}
        self.modules = modules
        for m in modules:
            st = "missing"
            try:
                with open(os.path.join(path, m + ".status")) as f:
                    st = f.read().strip()
            except OSError:
                pass
            x = os.path.join(path, m + ".xml")
            try:
                root = ET.parse(x).getroot()
            except (OSError, ET.ParseError):
                self.nores[m] = st
                continue
            for tc in root.iter("testcase"):
                name = tc.get("name")
                if not name:
                    # a test whose subTests failed: unittest reports it
                    # without a result of its own
                    name = "%s.<unnamed subTest failure>" % m
                    self.fail.setdefault((m, name), "subtest")
                    continue
                e = tc.find("error")
                if e is None:
                    e = tc.find("failure")
                if e is not None:
                    self.fail[(m, name)] = (e.get("message") or "") + "\n" + (e.text or "")
                elif tc.find("skipped") is not None:
                    self.skip[(m, name)] = tc.find("skipped").text or ""
                else:
                    self.ok[(m, name)] = 1

    def summary(self):
        return "%d %d %d %d %d" % (len(self.ok), len(self.fail), len(self.skip),
                                   len(self.modules), len(self.nores))


def known(path):
    tests, mods, errors, skips = [], {}, [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, _, why = line.partition(" -- ")
            name = name.strip()
            if name.startswith("skip "):
                name = name[5:].strip()
            if name.startswith("module "):
                mods[name[7:].strip()] = why.strip()
            elif name.startswith("error "):
                errors.append((name[6:].strip(), why.strip()))
            elif name.startswith("skipped "):
                skips.append((name[8:].strip(), why.strip()))
            else:
                tests.append((name, why.strip()))
    return tests, mods, errors, skips


def match(entries, name):
    for pat, why in entries:
        if (pat.startswith("/") and re.search(pat[1:], name)) or pat == name:
            return pat, why
    return None


def main():
    modules = sys.argv[4].split() if len(sys.argv) > 4 else None
    if modules is None:
        modules = sorted({f.rsplit(".", 1)[0] for d in sys.argv[1:3] for f in os.listdir(d)
                          if f.endswith((".xml", ".status"))})
    nat = Side(sys.argv[1], modules)
    uk = Side(sys.argv[2], modules)
    ktests, kmods, kerrors, kskips = known(sys.argv[3])
    print("native", nat.summary())
    print("uk", uk.summary())
    used = set()
    for key in sorted(nat.ok):
        if key in uk.ok:
            continue
        m, name = key
        k = match(ktests, name)
        text = uk.fail.get(key)
        e = None
        if not k and isinstance(text, str):
            e = next((("error " + p, w) for p, w in kerrors if re.search(p, text, re.S)), None)
        if not k and key in uk.skip:
            e = next((("skipped " + p, w) for p, w in kskips if re.search(p, uk.skip[key])), None)
        if e:
            used.add(e[0])
            print("known %s: %s -- %s" % (m, name, e[1]))
        elif k:
            used.add(k[0])
            print("known %s: %s -- %s" % (m, name, k[1]))
        elif m in kmods:
            used.add("module " + m)
            print("known %s: %s -- %s" % (m, name, kmods[m]))
        else:
            print("regression %s: %s" % (m, name))
    for pat, _ in ktests:
        if pat not in used:
            print("fixed %s" % pat)
    for m in kmods:
        if "module " + m not in used:
            print("fixed module %s" % m)
    for p, _ in kerrors:
        if "error " + p not in used:
            print("fixed error %s" % p)
    for p, _ in kskips:
        if "skipped " + p not in used:
            print("fixed skipped %s" % p)
    for (m, name) in sorted(nat.fail):
        print("native-fail %s: %s" % (m, name))
    for side, s in (("native", nat), ("uk", uk)):
        for m, st in sorted(s.nores.items()):
            print("nores %s %s %s" % (side, m, st))


main()
