#!/bin/bash
# SPDX-License-Identifier: ISC
# nablux-elftool tests, run against the ASan/UBSan build: gen-manifest on
# valid and invalid JSON, query-abi and query-manifest on small ELF
# fixtures linked here, query-ext on them and on unikernels of the build.
. "$(dirname "$0")/../lib.sh"

E=$BUILD/asan/nablux-elftool
HERE=$ROOT/tests/elftool
INC=$ROOT/include
CC=${CC:-cc}
# A sanitizer finding must not pass for the expected "status 1".
export ASAN_OPTIONS=exitcode=86:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:exitcode=87:print_stacktrace=1

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ ! -x "$E" ]; then
	t_fail build "$E missing (run make)"
	t_summary
	exit
fi

# manifest_json N: a valid manifest with N block devices d0..d(N-1).
manifest_json() {
	local n=$1 i sep=""
	printf '{ "type": "solo5.manifest", "version": 1, "devices": ['
	for ((i = 0; i < n; i++)); do
		printf '%s\n  { "name": "d%d", "type": "BLOCK_BASIC" }' "$sep" "$i"
		sep=,
	done
	printf ' ] }\n'
}

# section_size OBJ: size in bytes of .note.solo5.manifest in OBJ.
section_size() {
	local hex
	hex=$(objdump -h "$1" | awk '$2 == ".note.solo5.manifest" { print $3 }')
	[ -n "$hex" ] && echo $((16#$hex))
}

# gen_ok NAME JSONFILE DEVICES: generation succeeds, the C compiles, and
# the note holds 20 header + 4 pad + 8 + (DEVICES+1) * 104 bytes.
gen_ok() {
	local name=$1 src=$2 n=$3 out=$T/$1.c
	t_run "gen $name" 0 '' "$E" gen-manifest "$src" "$out"
	[ "$T_STATUS" -eq 0 ] || return
	if ! grep -q "^#define MFT_ENTRIES $((n + 1))\$" "$out"; then
		t_fail "gen $name: MFT_ENTRIES" "$(grep MFT_ENTRIES "$out")"
		return
	fi
	t_run "gen $name: compiles" 0 '' \
		"$CC" -std=gnu11 -Wall -Wextra -Werror -c -I "$INC" "$out" -o "$T/$name.o"
	[ "$T_STATUS" -eq 0 ] || return
	local want=$((32 + (n + 1) * 104)) got
	got=$(section_size "$T/$name.o")
	if [ "$got" = "$want" ]; then
		t_ok "gen $name: note size $want"
	else
		t_fail "gen $name: note size" "got '${got}', want $want"
	fi
}

# gen_err NAME REGEX JSON: generation fails with status 1, one
# "nablux-elftool: ..." line matching REGEX, and no output or temp file.
gen_err() {
	local name=$1 re=$2 src=$T/err-$1.json out=$T/err-$1.c
	printf '%s' "$3" >"$src"
	t_run "error $name" 1 "^nablux-elftool: .*$re" "$E" gen-manifest "$src" "$out"
	if [ -e "$out" ] || compgen -G "$out.*" >/dev/null; then
		t_fail "error $name: no output" "$(ls "$out"*)"
	fi
	if [ "$(wc -l <<<"$T_OUT")" -ne 1 ]; then
		t_fail "error $name: one line" "$(tr '\n' '|' <<<"$T_OUT")"
	fi
}

# ---- gen-manifest: valid manifests ---------------------------------------
for n in 0 1 2 63; do
	manifest_json "$n" >"$T/m$n.json"
	gen_ok "$n devices" "$T/m$n.json" "$n"
done
# mv-friendly names for later use
for n in 0 1 2 63; do cp "$T/$n devices.c" "$T/m$n.c"; done

cat >"$T/mixed.json" <<'JSON'
{
	"devices": [
		{ "type": "NET_BASIC", "name": "service" },
		{ "name": "storage", "type": "BLOCK_BASIC" }
	],
	"version": 1,
	"type": "solo5.manifest"
}
JSON
gen_ok "key order and both types" "$T/mixed.json" 2
if grep -q '{ .name = "service", .type = MFT_DEV_NET_BASIC }' "$T/key order and both types.c" &&
   grep -q '{ .name = "", .type = MFT_RESERVED_FIRST }' "$T/key order and both types.c"; then
	t_ok "gen: entries in source order after the reserved entry"
else
	t_fail "gen: entries" "$(cat "$T/key order and both types.c")"
fi

long67=$(printf 'a%.0s' {1..67})
printf '{"type":"solo5.manifest","version":1,"devices":[{"name":"%s","type":"NET_BASIC"}]}' \
	"$long67" >"$T/long67.json"
gen_ok "67-character name" "$T/long67.json" 1

# A second run replaces OUTPUT, with the usual umask-governed mode.
cp "$T/m0.c" "$T/replace.c"
chmod 600 "$T/replace.c"
t_run "gen replaces output" 0 '' "$E" gen-manifest "$T/m1.json" "$T/replace.c"
if cmp -s "$T/replace.c" "$T/m1.c" && [ "$(stat -c %a "$T/replace.c")" = \
	"$(printf '%o' $((0666 & ~$(umask))))" ]; then
	t_ok "gen: replaced output has mode 0666 & ~umask"
else
	t_fail "gen: replaced output" "$(stat -c %a "$T/replace.c")"
fi
cp "$T/m1.c" "$T/m2.c.keep"

# ---- gen-manifest: errors --------------------------------------------------
V='"type":"solo5.manifest","version":1'
dev() { printf '{"name":"%s","type":"%s"}' "$1" "$2"; }
gen_err empty-file "JSON parse error" ''
gen_err not-json "JSON parse error: line 1, column 1" 'hello'
gen_err trailing-garbage "trailing data" "{$V,\"devices\":[]} x"
gen_err two-values "trailing data" "{$V,\"devices\":[]}{}"
gen_err trailing-comma "JSON parse error" "{$V,\"devices\":[],}"
gen_err array-trailing-comma "JSON parse error" "{$V,\"devices\":[$(dev a BLOCK_BASIC),]}"
gen_err unterminated "JSON parse error" "{$V,\"devices\":["
gen_err unterminated-string "unterminated string" '{"type":"solo5.manifest'
gen_err comment "JSON parse error" "// manifest
{$V,\"devices\":[]}"
gen_err single-quotes "JSON parse error" "{'type':'solo5.manifest'}"
gen_err leading-zero "leading zero" '{"type":"solo5.manifest","version":01,"devices":[]}'
gen_err bare-word "JSON parse error" '{"type":solo5,"version":1,"devices":[]}'
gen_err control-char "control character" $'{"type":"solo5.\tmanifest","version":1,"devices":[]}'
gen_err bad-escape "invalid escape" '{"type":"solo5.\manifest","version":1,"devices":[]}'
gen_err lone-surrogate "surrogate" '{"type":"\ud800","version":1,"devices":[]}'
gen_err bad-utf8 "invalid UTF-8" $'{"type":"\xc3\x28","version":1,"devices":[]}'
gen_err overlong-utf8 "invalid UTF-8" $'{"type":"\xc0\xaf","version":1,"devices":[]}'
gen_err duplicate-key "duplicate key \"version\"" '{"type":"solo5.manifest","version":1,"version":1,"devices":[]}'
gen_err deep-nesting "nesting deeper" "$(printf '[%.0s' {1..200})"
gen_err root-array "\\(root\\): expected OBJECT, got ARRAY" '[]'
gen_err unknown-root-key "\\(root\\): unknown key: extra" "{$V,\"devices\":[],\"extra\":0}"
gen_err missing-type "missing \\.type" '{"version":1,"devices":[]}'
gen_err missing-version "missing \\.version" '{"type":"solo5.manifest","devices":[]}'
gen_err missing-devices "missing \\.devices\\[\\]" "{$V}"
gen_err wrong-type "\\.type: invalid type \"solo5.abi\", expected \"solo5.manifest\"" \
	'{"type":"solo5.abi","version":1,"devices":[]}'
gen_err type-not-string "\\.type: expected STRING, got INTEGER" '{"type":1,"version":1,"devices":[]}'
gen_err wrong-version "\\.version: invalid version 2, expected 1" \
	'{"type":"solo5.manifest","version":2,"devices":[]}'
gen_err version-string "\\.version: expected INTEGER, got STRING" \
	'{"type":"solo5.manifest","version":"1","devices":[]}'
gen_err version-real "\\.version: expected INTEGER, got REAL" \
	'{"type":"solo5.manifest","version":1.0,"devices":[]}'
gen_err devices-object "\\.devices: expected ARRAY, got OBJECT" "{$V,\"devices\":{}}"
gen_err device-not-object "\\.devices\\[\\]: expected OBJECT, got STRING" "{$V,\"devices\":[\"a\"]}"
gen_err missing-name "\\.devices\\[0\\]: missing \\.name" "{$V,\"devices\":[{\"type\":\"NET_BASIC\"}]}"
gen_err empty-name "\\.name may not be empty" "{$V,\"devices\":[$(dev '' NET_BASIC)]}"
gen_err name-not-string "\\.devices\\[0\\]\\.name: expected STRING, got NULL" \
	"{$V,\"devices\":[{\"name\":null,\"type\":\"NET_BASIC\"}]}"
gen_err long-name "name too long, maximum 67" "{$V,\"devices\":[$(dev "${long67}b" NET_BASIC)]}"
gen_err name-dash "name is not alphanumeric: net-0" "{$V,\"devices\":[$(dev net-0 NET_BASIC)]}"
gen_err name-space "name is not alphanumeric" "{$V,\"devices\":[$(dev 'net 0' NET_BASIC)]}"
gen_err name-nul "name is not alphanumeric" "{$V,\"devices\":[$(dev 'net\\u0000x' NET_BASIC)]}"
gen_err name-utf8 "name is not alphanumeric" "{$V,\"devices\":[$(dev 'n\\u00e9t' NET_BASIC)]}"
gen_err missing-dev-type "\\.devices\\[1\\]: missing \\.type" \
	"{$V,\"devices\":[$(dev a NET_BASIC),{\"name\":\"b\"}]}"
gen_err unknown-dev-type "\\.devices\\[0\\]: unknown device type: MFT_BLOCK_BASIC" \
	"{$V,\"devices\":[$(dev a MFT_BLOCK_BASIC)]}"
gen_err lowercase-dev-type "unknown device type: block_basic" \
	"{$V,\"devices\":[$(dev a block_basic)]}"
gen_err unknown-dev-key "\\.devices\\[0\\]: unknown key: mac" \
	"{$V,\"devices\":[{\"name\":\"a\",\"type\":\"NET_BASIC\",\"mac\":1}]}"
gen_err duplicate-name "\\.devices\\[2\\]: duplicate name: a" \
	"{$V,\"devices\":[$(dev a NET_BASIC),$(dev b NET_BASIC),$(dev a BLOCK_BASIC)]}"
gen_err 64-devices "\\.devices\\[\\]: too many entries, maximum 63" "$(manifest_json 64)"

t_run "error: missing source" 1 "^nablux-elftool: $T/nope.json: cannot open: No such file" \
	"$E" gen-manifest "$T/nope.json" "$T/nope.c"
t_run "error: output directory missing" 1 "^nablux-elftool: $T/no/dir/out.c: cannot create" \
	"$E" gen-manifest "$T/m1.json" "$T/no/dir/out.c"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$T/huge.json"
t_run "error: source too large" 1 "file too large" "$E" gen-manifest "$T/huge.json" "$T/huge.c"

# A failed run leaves an existing OUTPUT as it was.
cp "$T/m2.c.keep" "$T/keep.c"
printf '{' >"$T/broken.json"
t_run "error keeps existing output" 1 "JSON parse error" "$E" gen-manifest "$T/broken.json" "$T/keep.c"
if cmp -s "$T/keep.c" "$T/m2.c.keep"; then t_ok "existing output untouched"
else t_fail "existing output untouched" "changed"; fi

# ---- command line ----------------------------------------------------------
t_run "usage: no arguments" 1 "^usage: nablux-elftool COMMAND" "$E"
t_run "usage: --help" 0 "gen-manifest SOURCE OUTPUT" "$E" --help
t_run "usage: unknown command" 1 "^nablux-elftool: frob: unknown command" "$E" frob
t_run "usage: gen-manifest arity" 1 "^nablux-elftool: gen-manifest: wrong number of arguments" \
	"$E" gen-manifest "$T/m1.json"
t_run "usage: query-abi arity" 1 "wrong number of arguments" "$E" query-abi

# ---- query-abi / query-manifest on ELF fixtures ----------------------------
# fixture NAME MANIFEST_C|- CFLAGS...: link an ET_EXEC at 0x100000.
fixture() {
	local name=$1 mft=$2; shift 2
	local objs=("$T/$name-fix.o")
	"$CC" -std=gnu11 -O2 -fno-pie -ffreestanding -I "$INC" "$@" \
		-c "$HERE/fixture.c" -o "$T/$name-fix.o" || return 1
	if [ "$mft" != - ]; then
		"$CC" -std=gnu11 -O2 -fno-pie -I "$INC" -c "$mft" -o "$T/$name-mft.o" || return 1
		objs+=("$T/$name-mft.o")
	fi
	"$CC" -nostdlib -static -no-pie -Wl,-e,0 -Wl,--build-id=none \
		-Wl,-T,"$HERE/fixture.lds" "${objs[@]}" -o "$T/$name.elf"
}

if fixture spt2 "$T/m2.c" && fixture spt0 "$T/m0.c" && fixture spt63 "$T/m63.c" &&
   fixture hvt "$T/m1.c" -DTARGET=HVT_ABI_TARGET && fixture nomft - -DNO_MFT &&
   fixture noabi "$T/m1.c" -DNO_ABI && fixture twoabi "$T/m1.c" -DTWO_ABI &&
   fixture abiinseg "$T/m1.c" -DABI_IN_SEGMENT &&
   fixture mixed "$T/key order and both types.c"; then
	t_ok "fixtures link"
else
	t_fail "fixtures link" "cc failed"
fi

t_run "query-abi spt" 0 '^\{ "type": "solo5.abi", "target": "spt", "version": 2 \}$' \
	"$E" query-abi "$T/spt2.elf"
t_run "query-abi hvt" 0 '"target": "hvt"' "$E" query-abi "$T/hvt.elf"
if command -v jq >/dev/null; then
	t_run "query-abi is JSON" 0 '^spt 2$' \
		bash -c "'$E' query-abi '$T/spt2.elf' | jq -je '.target, \" \", .version, \"\n\"'"
fi
t_run "query-abi: no ABI note" 1 "^nablux-elftool: $T/noabi.elf: .*no Solo5 'ABI1' note" \
	"$E" query-abi "$T/noabi.elf"
t_run "query-abi: two ABI notes" 1 "more than one Solo5 'ABI1' note" \
	"$E" query-abi "$T/twoabi.elf"
# Only the first note of a PT_NOTE is looked at, as Solo5 does.
t_run "query-abi: a second note in a segment is not read" 0 '"target": "spt"' \
	"$E" query-abi "$T/abiinseg.elf"

t_run "query-manifest 2 devices" 0 '"name": "d1", "type": "BLOCK_BASIC"' \
	"$E" query-manifest "$T/spt2.elf"
t_run "query-manifest 0 devices" 0 '"devices": \[ \]' "$E" query-manifest "$T/spt0.elf"
t_run "query-manifest omits the reserved entry" 0 '' "$E" query-manifest "$T/spt2.elf"
if grep -qE 'RESERVED|"name": ""' <<<"$T_OUT"; then
	t_fail "query-manifest: reserved entry" "$T_OUT"
else
	t_ok "query-manifest: no reserved entry printed"
fi
if command -v jq >/dev/null; then
	t_run "query-manifest is JSON" 0 '^solo5.manifest 1 2 service NET_BASIC$' \
		bash -c "'$E' query-manifest '$T/mixed.elf' | jq -je '.type, \" \", .version, \" \", (.devices|length), \" \", .devices[0].name, \" \", .devices[0].type, \"\n\"'"
fi
t_run "query-manifest: no manifest note" 1 "^nablux-elftool: $T/nomft.elf: .*no Solo5 'MFT1' note" \
	"$E" query-manifest "$T/nomft.elf"

# Round trip: query-manifest output is gen-manifest input, same C out.
for f in spt0 spt2 spt63 mixed; do
	"$E" query-manifest "$T/$f.elf" >"$T/$f.rt.json" 2>&1
	t_run "round trip $f" 0 '' "$E" gen-manifest "$T/$f.rt.json" "$T/$f.rt.c"
	case $f in
	spt0) src=$T/m0.c ;; spt2) src=$T/m2.c ;; spt63) src=$T/m63.c ;;
	mixed) src="$T/key order and both types.c" ;;
	esac
	if cmp -s "$src" "$T/$f.rt.c"; then t_ok "round trip $f: identical C"
	else t_fail "round trip $f: identical C" "$(diff "$src" "$T/$f.rt.c" | head -3)"; fi
done

# Hostile manifests, written by hand: the tender's mft_validate() refuses
# them, and so does query-manifest.
# bad_mft NAME ENTRIES VERSION ENTRY...: a manifest C file in $T/NAME.c.
bad_mft() {
	local name=$1 entries=$2 version=$3 e; shift 3
	{
		echo "#define MFT_ENTRIES $#"
		echo '#include "mft_abi.h"'
		echo "MFT1_NOTE_DECLARE_BEGIN { .version = $version, .entries = $entries, .e = {"
		for e in "$@"; do echo "  { $e },"; done
		echo "} } MFT1_NOTE_DECLARE_END"
	} >"$T/$name.c"
}
R='.name = "", .type = MFT_RESERVED_FIRST'
bad_mft badversion 2 2 "$R" '.name = "a", .type = MFT_DEV_NET_BASIC'
bad_mft badcount 3 1 "$R" '.name = "a", .type = MFT_DEV_NET_BASIC'
bad_mft badname 2 1 "$R" '.name = "a-b", .type = MFT_DEV_NET_BASIC'
bad_mft badtype 2 1 "$R" '.name = "a", .type = 7'
bad_mft dupname 3 1 "$R" '.name = "a", .type = MFT_DEV_NET_BASIC' \
	'.name = "a", .type = MFT_DEV_BLOCK_BASIC'
bad_mft noreserved 1 1 '.name = "a", .type = MFT_DEV_NET_BASIC'
for b in badversion badcount badname badtype dupname noreserved; do
	if fixture "$b" "$T/$b.c"; then
		t_run "query-manifest: hostile $b" 1 \
			"^nablux-elftool: $T/$b.elf: invalid manifest: manifest" \
			"$E" query-manifest "$T/$b.elf"
	else
		t_fail "query-manifest: hostile $b" "fixture did not build"
	fi
done

# query-ext: the nablux note's words as nablux-spt reads them. A Solo5
# executable has no note; a bare guest of nablux-spt-cc has it and asks
# for nothing; a Linux unikernel (nablux-cc) asks for all four.
t_run "query-ext: no nablux note" 0 \
	'^\{ "type": "nablux.ext", "note": false, "host_signals": false, "net_offload": false, "preempt": false, "exec_heap": false \}$' \
	"$E" query-ext "$T/spt2.elf"
for f in sandbox/hello:false libc/exits:true; do
	spt=$BUILD/tests/${f%:*}.spt
	if [ -f "$spt" ]; then
		t_run "query-ext: $(basename "$spt")" 0 \
			"\"note\": true, \"host_signals\": ${f#*:}, \"net_offload\": ${f#*:}, \"preempt\": ${f#*:}, \"exec_heap\": ${f#*:} \}\$" \
			"$E" query-ext "$spt"
	else
		t_skip "query-ext: $(basename "$spt")" "$spt is not built"
	fi
done
t_run "usage: query-ext arity" 1 "wrong number of arguments" "$E" query-ext

# Files that are not Solo5 executables.
printf 'hello, world: this is plain text, long enough to hold an ELF header.\n' >"$T/text"
head -c 100 "$T/spt2.elf" >"$T/truncated.elf"
: >"$T/empty"
"$CC" -c -I "$INC" "$T/m1.c" -o "$T/reloc.o"
for cmd in query-abi query-manifest query-ext; do
	t_run "$cmd: text file" 1 "^nablux-elftool: $T/text: .*not an ELF file" "$E" $cmd "$T/text"
	t_run "$cmd: empty file" 1 "^nablux-elftool: $T/empty: .*too short" "$E" $cmd "$T/empty"
	t_run "$cmd: truncated ELF" 1 "^nablux-elftool: $T/truncated.elf: " "$E" $cmd "$T/truncated.elf"
	t_run "$cmd: relocatable object" 1 "not an executable" "$E" $cmd "$T/reloc.o"
	t_run "$cmd: directory" 1 "not a regular file" "$E" $cmd "$T"
	t_run "$cmd: missing file" 1 "^nablux-elftool: $T/nope: cannot open: No such file" \
		"$E" $cmd "$T/nope"
done

t_summary
