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
# Known race: with 8 threads contending for the same directory, about one
# run in ten hangs (a runnable task is left with nobody to schedule it when
# the CPU is released with an application task parked). Opt in until fixed.
if [ -n "$NABLUX_LINUX_STRESS" ]; then
	t_run threads-8	0 '^ok threads$'	env KTEST_SECS=7 "$K" threads
else
	t_skip threads-8 "known scheduling race; NABLUX_LINUX_STRESS=1 runs it"
fi
t_summary
