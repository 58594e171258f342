#!/bin/bash
# Installs what nablux's build, tests and benchmarks need from Debian, and
# enables Debian's source repositories (musl and the apps come from
# `apt-get source`). Idempotent: changes only what is missing.
set -e
# docker.io: tests/docker starts its own dockerd (/usr/sbin/dockerd, private
# roots, in a namespace it makes); it never uses the package's service.
PKGS=(build-essential clang libclang-rt-14-dev libseccomp-dev iproute2 bc flex bison libelf-dev ccache xz-utils
      iputils-ping e2fsprogs strace python3 git dpkg-dev musl-tools containerd docker.io containernetworking-plugins
      redis-tools tcl curl wrk quilt python3.11)
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
update=

# deb-src entries for the suites the deb entries use.
SRCLIST=/etc/apt/sources.list.d/nablux-deb-src.sources
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deps: enabling Debian source repositories in $SRCLIST"
	$SUDO tee "$SRCLIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	update=1
fi

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] || [ -n "$update" ]; then
	$SUDO apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
echo "deps: ok"
