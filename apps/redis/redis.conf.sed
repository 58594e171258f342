# Debian's redis.conf (debian/patches/debian-packaging/0001-Set-Debian-
# configuration-defaults.patch applied) made fit for a nablux unikernel:
# every change is commented in the resulting file with "nablux:".
# apps/redis/build.sh checks that each of them took effect.

# One process, no fork: a daemon cannot detach, and the tender (or the
# container runtime) is the process a supervisor watches.
s|^daemonize yes$|# nablux: no fork() in a unikernel (ENOSYS): it runs in the foreground;\n# the tender, nablux-spt, is the process to supervise.\ndaemonize no|

# Nothing inside the unikernel reads a pid file (and /run is not on the image).
s|^pidfile \(.*\)$|# nablux: no pid file: nothing else runs inside to read it.\n# pidfile \1|

# The log goes to standard output, i.e. the tender's.
s|^logfile .*$|# nablux: log to standard output (the tender's stdout).\nlogfile ""|

# The unikernel's only way in is eth0 on the host's tap, which the host
# (namespace, bridge, firewall) controls: listen there, without protected
# mode (which refuses every client not on loopback without a password).
s|^bind 127\.0\.0\.1 -::1$|# nablux: listen on eth0 (nablux.ip=...), the only way in; the host side\n# of the tap decides who can reach it.\nbind 0.0.0.0|
s|^protected-mode yes$|# nablux: clients come over eth0, never loopback: protected mode would\n# refuse them all.\nprotected-mode no|

# Snapshots: redis's save points run BGSAVE, which forks (ENOSYS here).
# SAVE and SHUTDOWN SAVE still write dump.rdb, synchronously, in the main
# thread.
s|^# save ""$|# nablux: no save points: BGSAVE forks, and fork() is ENOSYS in a\n# unikernel. SAVE (and SHUTDOWN SAVE) write dump.rdb synchronously.\nsave ""|

# AOF: appending and fsync work, but a rewrite (BGREWRITEAOF, automatic or
# not) forks: no automatic rewrite.
s|^auto-aof-rewrite-percentage 100$|# nablux: no automatic AOF rewrite: BGREWRITEAOF forks (ENOSYS). The AOF\n# itself (appendonly yes, any appendfsync) works.\nauto-aof-rewrite-percentage 0|
