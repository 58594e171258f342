# A private Docker (Debian's docker.io) for tests and benchmarks; source
# it after tests/lib.sh.
#
#   dk_why                  empty when dk_start can work here, else why not
#   dk_start DIR            dockerd, with everything under DIR, in a new
#                           network namespace ($NS, t_ns_new) and new mount
#                           and pid namespaces; sets DK (the docker command)
#                           and DK_CG (its containers' cgroup parent)
#   dk_stop                 containers removed, dockerd stopped (by pid),
#                           its cgroups removed; safe to call twice
#
# Why each namespace: the network one holds docker0, the veths and the
# published ports (nothing outside it sees them); the mount one holds
# overlay2's mounts, the netns bind mounts and a tmpfs on /run (the shims
# put their sockets in /run/containerd/s; nothing of the host's /run is
# touched); the pid one has docker-init (tini) as its pid 1, which reaps
# the shims dockerd leaves to it, and whose death kills everything in it,
# containers included, however the test ends.
#
# dockerd options: its own data and exec roots, pid file and socket; it
# starts its own containerd under them; --iptables=false because with
# iptables dockerd loads netfilter modules (br_netfilter, nat), which is a
# change to the host, and it needs no NAT here: published ports go through
# docker-proxy on the namespace's 127.0.0.1, the bridge is reached
# directly; --ip-forward=false (nothing is routed; docker run then warns
# "IPv4 forwarding is disabled"); overlay2 storage (the test directories
# are on ext4 here), vfs where overlay2 cannot start.

DOCKERD=/usr/sbin/dockerd
DOCKER=/usr/bin/docker          # not /usr/local/bin's newer client
DK_UNSHARE=
DK=()
DK_CG=

dk_why() {
	local b
	for b in "$DOCKERD" "$DOCKER" /usr/bin/docker-init /usr/sbin/docker-proxy; do
		[ -x "$b" ] || { echo "$b is missing (apt-get install docker.io)"; return; }
	done
	command -v containerd >/dev/null || { echo "containerd is missing"; return; }
	t_net_why
}

dk_start() {
	local d=$1
	DK_DIR=$d
	mkdir -p "$d"
	t_ns_new docker || return 1
	DK_NS=$NS
	DK_CG=/nablux-t$$-docker
	cat >"$d/daemon.json" <<EOF
{ "runtimes": { "nablux": { "path": "$BIN/nablux" } } }
EOF
	# overlay2 where the file system under $d takes it, else vfs (slower
	# and bigger, same behaviour; NABLUX_DOCKER_STORAGE=vfs to choose it);
	# DK_STORAGE says which one runs.
	for DK_STORAGE in ${NABLUX_DOCKER_STORAGE:-overlay2 vfs}; do
		dk_daemon "$d" && return 0
		[ -z "$DK_UNSHARE" ] && grep -q "error initializing graphdriver" "$d/dockerd.log" || return 1
		echo "   dockerd: $(grep -m1 "error initializing graphdriver" "$d/dockerd.log" | cut -c1-120); vfs"
	done
	return 1
}

# dk_daemon DIR: dockerd with $DK_STORAGE; status 0 once it answers. When
# it ends before that, DK_UNSHARE is empty again.
dk_daemon() {
	local d=$1 i
	# NABLUX_STORE reaches the runtime through containerd and the shims:
	# its ext4 images on disk, not in the runtime root.
	NABLUX_STORE=$d/store nsenter --net="/run/netns/$DK_NS" unshare -m -p --fork \
		--kill-child=SIGKILL --mount-proc --propagation slave \
		/usr/bin/docker-init -- sh -c 'mount -t tmpfs -o mode=755 tmpfs /run &&
		mkdir /run/containerd && exec "$@"' sh "$DOCKERD" \
		--config-file "$d/daemon.json" --data-root "$d/data-$DK_STORAGE" \
		--exec-root "$d/exec" --pidfile "$d/docker.pid" \
		-H "unix://$d/docker.sock" --storage-driver "$DK_STORAGE" \
		--iptables=false --ip-forward=false --cgroup-parent "$DK_CG" \
		--userland-proxy-path /usr/sbin/docker-proxy \
		>"$d/dockerd.log" 2>&1 </dev/null &
	DK_UNSHARE=$!
	DK=("$DOCKER" -H "unix://$d/docker.sock")
	for i in $(seq 300); do
		timeout -s KILL 5 "${DK[@]}" version >/dev/null 2>&1 && return 0
		if ! kill -0 "$DK_UNSHARE" 2>/dev/null; then
			wait "$DK_UNSHARE" 2>/dev/null || :
			DK_UNSHARE=
			return 1
		fi
		sleep 0.1
	done
	return 1
}

# (Every command that may fail is in a condition or ends in "|| :": safe
# under set -e, from an EXIT trap too.)
dk_stop() {
	local ids init i d
	[ -n "$DK_UNSHARE" ] || return 0
	ids=$(timeout -s KILL 10 "${DK[@]}" ps -aq 2>/dev/null) || :
	[ -z "$ids" ] || timeout -s KILL 60 "${DK[@]}" rm -f $ids >/dev/null 2>&1 || :
	# SIGTERM to docker-init goes on to dockerd, which stops containerd.
	init=$(pgrep -P "$DK_UNSHARE") || :
	[ -z "$init" ] || kill -TERM "$init" 2>/dev/null || :
	for i in $(seq 200); do
		kill -0 "$DK_UNSHARE" 2>/dev/null || break
		sleep 0.1
	done
	# Still there: unshare's death takes its child, the pid namespace's
	# init, and with it every process in the namespace.
	kill -KILL "$DK_UNSHARE" 2>/dev/null || :
	wait "$DK_UNSHARE" 2>/dev/null || :
	DK_UNSHARE=
	for d in $(awk '/ - cgroup2? /{print $5}' /proc/self/mountinfo); do
		[ -d "$d$DK_CG" ] || continue
		for i in $(seq 50); do
			rmdir "$d$DK_CG"/* "$d$DK_CG" 2>/dev/null || :
			[ -d "$d$DK_CG" ] || break
			sleep 0.1
		done
	done
	return 0
}
