# Each test suite may contribute build rules in tests/<suite>/<suite>.mk.
-include $(wildcard tests/*/*.mk)
