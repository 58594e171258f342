#!/bin/bash
# Kernel tests on the posix host: each check boots the library kernel in a
# fresh process (tests/linux/ktest.c), exercises it and halts it.
. "$(dirname "$0")/../lib.sh"
K=$BUILD/tests/linux/ktest

if [ ! -x "$K" ]; then
	t_fail build "no $K: run make"
	t_summary
	exit
fi

t_run boot-halt		0 '^ok boot$'		"$K" boot
t_run getpid		0 '^ok getpid$'		"$K" getpid
t_run enosys		0 '^ok enosys$'		"$K" enosys
t_run uname		0 '^ok uname$'		"$K" uname
t_run tmpfs-files	0 '^ok files$'		"$K" files
t_run stat-layout	0 '^ok stat$'		"$K" stat
t_run pipe		0 '^ok pipe$'		"$K" pipe
t_run nanosleep		0 '^ok nanosleep$'	"$K" nanosleep
t_run clock		0 '^ok clock$'		"$K" clock
t_run eventfd-epoll	0 '^ok eventfd-epoll$'	"$K" eventfd-epoll
t_run futex		0 '^ok futex$'		"$K" futex
t_run poll		0 '^ok poll$'		"$K" poll
t_run select		0 '^ok select$'		"$K" select
t_run timerfd		0 '^ok timerfd$'	"$K" timerfd
t_run signalfd		0 '^ok signalfd$'	"$K" signalfd
t_run directories	0 '^ok dirs$'		"$K" dirs
t_run rename-unlink	0 '^ok rename$'		"$K" rename
t_run unix-sockets	0 '^ok unix$'		"$K" unix
t_run tcp-lo		0 '^ok tcp$'		"$K" tcp
# The same checks with the host side under ASan/UBSan (leaks included).
A=$BUILD/tests/linux/ktest-asan
export ASAN_OPTIONS=detect_leaks=1:exitcode=86
export UBSAN_OPTIONS=halt_on_error=1:exitcode=87
for t in boot getpid files stat pipe eventfd-epoll futex poll select \
	 timerfd signalfd dirs rename unix tcp; do
	t_run "asan-$t" 0 "^ok $t\$" "$A" "$t"
done
KTEST_SECS=3 T_TIMEOUT=60 t_run asan-threads-8 0 '^ok threads$' "$A" threads

# 20 boots, each in a fresh process: no host thread, fd or RAM left.
T_TIMEOUT=60 t_run boot-20	0 '^ok boots$'		"$K" boots
# 8 host threads making system calls for 10 s, then a clean halt.
T_TIMEOUT=60 t_run threads-8	0 '^ok threads$'	env KTEST_SECS=10 "$K" threads
t_summary
