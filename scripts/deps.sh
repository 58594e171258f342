#!/bin/bash
# Installs what nablux's build, tests and benchmarks need from Debian.
# Idempotent: installs only what is missing.
set -e
PKGS=(build-essential clang libclang-rt-14-dev libseccomp-dev iproute2 bc flex bison libelf-dev ccache xz-utils
      iputils-ping e2fsprogs strace python3 git)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
echo "deps: ok"
