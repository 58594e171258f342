/* SPDX-License-Identifier: ISC */
/*
 * blk.c: block device test unikernel.
 *
 * Acquires the block device "storage", writes a per-block pattern to a
 * selection of its blocks (the first and last 64 and an even stride in
 * between, or every block with all=1), reads them back and checks them;
 * then checks that bad requests are refused with SOLO5_R_EINVAL without
 * touching the buffer or the device: misaligned offsets, sizes other than
 * one block, offsets at or past the capacity, and handles that are not
 * block devices.
 *
 * Command line (all optional):
 *   bs=N         fail unless the device's block size is N
 *   capacity=N   fail unless the device's capacity is N bytes
 *   all=1        test every block
 *   fresh=1      the image was all zeros: untested blocks next to tested
 *                ones must still read as zeros (nothing spilled over)
 *   net=1        also acquire the network device "service0" (manifest
 *                blknet.json), check that block and net calls refuse each
 *                other's handles, and exercise net read/write and yield
 *                (used by the strace check)
 * Prints SUCCESS and exits 0, or FAILURE: <why> and exits 1.
 */
#include "tlib.h"

#define MAX_BLOCK_SIZE 32768U	/* mft block_size is 16 bits, a power of 2 */
#define EDGE_BLOCKS 64U
#define STRIDE_TARGET 1024U

static uint8_t wbuf[2 * MAX_BLOCK_SIZE] __attribute__((aligned(4096)));
static uint8_t rbuf[2 * MAX_BLOCK_SIZE] __attribute__((aligned(4096)));

static solo5_handle_t h;
static uint64_t bs, capacity, nblocks, stride, seed;
static bool test_all;

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Contents of block (i): distinct for every block, word and run. */
static void fill(uint8_t *buf, uint64_t i)
{
	for (uint64_t j = 0; j < bs / 8; j++) {
		uint64_t v = mix(seed ^ (i << 20) ^ j);
		memcpy(buf + 8 * j, &v, 8);
	}
}

static bool chosen(uint64_t i)
{
	return test_all || i < EDGE_BLOCKS || i + EDGE_BLOCKS >= nblocks ||
	       i % stride == 0;
}

static uint64_t write_all(void)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < nblocks; i++) {
		if (!chosen(i))
			continue;
		fill(wbuf, i);
		solo5_result_t r = solo5_block_write(h, i * bs, wbuf, bs);
		if (r != SOLO5_R_OK)
			t_die("write of block %lu (offset %lu) gave %s", i,
			      i * bs, t_result_name(r));
		n++;
	}
	return n;
}

static void verify_all(const char *when)
{
	for (uint64_t i = 0; i < nblocks; i++) {
		if (!chosen(i))
			continue;
		fill(wbuf, i);
		memset(rbuf, 0xa5, bs);
		solo5_result_t r = solo5_block_read(h, i * bs, rbuf, bs);
		if (r != SOLO5_R_OK)
			t_die("%s: read of block %lu gave %s", when, i,
			      t_result_name(r));
		if (memcmp(rbuf, wbuf, bs) != 0) {
			uint64_t j = 0;
			while (rbuf[j] == wbuf[j])
				j++;
			t_die("%s: block %lu differs from what was written, "
			      "first at byte %lu", when, i, j);
		}
	}
}

/* Blocks not written that neighbour written ones must read as zeros. */
static uint64_t verify_untouched(void)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < nblocks; i++) {
		if (chosen(i) || !((i > 0 && chosen(i - 1)) ||
				   (i + 1 < nblocks && chosen(i + 1))))
			continue;
		memset(rbuf, 0xa5, bs);
		solo5_result_t r = solo5_block_read(h, i * bs, rbuf, bs);
		if (r != SOLO5_R_OK)
			t_die("read of untested block %lu gave %s", i,
			      t_result_name(r));
		for (uint64_t j = 0; j < bs; j++)
			if (rbuf[j] != 0)
				t_die("untested block %lu is not zero at byte "
				      "%lu", i, j);
		n++;
	}
	return n;
}

static unsigned nbad;

/* One refused read and one refused write; the read buffer and (checked
 * later) the device must be left alone. */
static void expect_einval(const char *what, solo5_handle_t hd,
			  solo5_off_t off, size_t size)
{
	solo5_result_t r;

	memset(rbuf, 0x5a, sizeof rbuf);
	r = solo5_block_read(hd, off, rbuf, size);
	if (r != SOLO5_R_EINVAL)
		t_die("read %s (handle %lu offset %lu size %lu) gave %s, "
		      "want EINVAL", what, hd, off, size, t_result_name(r));
	for (size_t i = 0; i < sizeof rbuf; i++)
		if (rbuf[i] != 0x5a)
			t_die("refused read %s changed the buffer at %lu",
			      what, i);

	memset(wbuf, 0xee, sizeof wbuf);
	r = solo5_block_write(hd, off, wbuf, size);
	if (r != SOLO5_R_EINVAL)
		t_die("write %s (handle %lu offset %lu size %lu) gave %s, "
		      "want EINVAL", what, hd, off, size, t_result_name(r));
	nbad += 2;
}

static void bad_requests(solo5_handle_t net_handle, bool have_net)
{
	/* Misaligned offsets. */
	expect_einval("offset 1", h, 1, bs);
	expect_einval("offset bs/2", h, bs / 2, bs);
	expect_einval("offset bs-1", h, bs - 1, bs);
	expect_einval("offset bs+8", h, bs + 8, bs);
	expect_einval("offset capacity-1", h, capacity - 1, bs);
	expect_einval("offset capacity-bs+1", h, capacity - bs + 1, bs);

	/* Sizes other than one block. */
	expect_einval("size 0", h, 0, 0);
	expect_einval("size 1", h, 0, 1);
	expect_einval("size bs/2", h, 0, bs / 2);
	expect_einval("size bs-1", h, 0, bs - 1);
	expect_einval("size bs+1", h, 0, bs + 1);
	expect_einval("size 2*bs", h, 0, 2 * bs);
	expect_einval("size 2*bs at last block", h, capacity - bs, 2 * bs);

	/* Offsets at or after the capacity, including ones that would
	 * overflow a careless offset+size check. */
	expect_einval("offset capacity", h, capacity, bs);
	expect_einval("offset capacity+bs", h, capacity + bs, bs);
	expect_einval("offset 2*capacity", h, 2 * capacity, bs);
	expect_einval("offset 2^63", h, 1ULL << 63, bs);
	expect_einval("offset max aligned", h, UINT64_MAX & ~(bs - 1), bs);
	expect_einval("offset -bs", h, 0 - bs, bs);

	/* Handles that are not block devices. */
	expect_einval("handle 0 (reserved)", 0, 0, bs);
	expect_einval("handle 63", 63, 0, bs);
	expect_einval("handle 64", 64, 0, bs);
	expect_einval("handle 65", 65, 0, bs);
	expect_einval("handle 2^32", 1ULL << 32, 0, bs);
	expect_einval("handle -1", UINT64_MAX, 0, bs);
	if (!have_net)
		expect_einval("handle h+1 (undeclared)", h + 1, 0, bs);
	else
		expect_einval("net handle", net_handle, 0, bs);
}

/* Net side of net=1: the two device kinds must not accept each other's
 * handles, and the net calls must work. */
static void net_checks(solo5_handle_t nh, const struct solo5_net_info *ni)
{
	static uint8_t frame[65536 + SOLO5_NET_HLEN];
	size_t got = 0;
	solo5_result_t r;

	if (nh == h)
		t_die("net and block handles are both %lu", nh);
	r = solo5_net_read(h, frame, sizeof frame, &got);
	if (r != SOLO5_R_EINVAL)
		t_die("net read on the block handle gave %s", t_result_name(r));
	r = solo5_net_write(h, frame, 60);
	if (r != SOLO5_R_EINVAL)
		t_die("net write on the block handle gave %s",
		      t_result_name(r));
	if (ni->mtu < 68 || ni->mtu > 65535)
		t_die("service0: odd MTU %lu", (uint64_t)ni->mtu);

	/* A broadcast frame of a local experimental ethertype. */
	memset(frame, 0, 60);
	memset(frame, 0xff, SOLO5_NET_ALEN);
	memcpy(frame + SOLO5_NET_ALEN, ni->mac_address, SOLO5_NET_ALEN);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	memcpy(frame + 14, "nablux blk+net test", 19);
	r = solo5_net_write(nh, frame, 60);
	if (r != SOLO5_R_OK)
		t_die("net write on service0 gave %s", t_result_name(r));

	/* Drain whatever the host sent (router solicitations, …). */
	solo5_handle_set_t ready = 0;
	solo5_yield(solo5_clock_monotonic() + 1000000ULL, &ready);
	for (int i = 0; i < 64; i++) {
		r = solo5_net_read(nh, frame, ni->mtu + SOLO5_NET_HLEN, &got);
		if (r == SOLO5_R_AGAIN)
			break;
		if (r != SOLO5_R_OK)
			t_die("net read on service0 gave %s", t_result_name(r));
		if (got > ni->mtu + SOLO5_NET_HLEN)
			t_die("net read returned %lu bytes, more than "
			      "mtu + header", (uint64_t)got);
	}
	t_printf("blk: net device service0 handle %lu mtu %lu: ok\n", nh,
		 (uint64_t)ni->mtu);
}

static uint64_t arg_u64(const char *cmdline, const char *key, bool *present)
{
	char v[32];
	uint64_t n = 0;

	*present = t_arg(cmdline, key, v, sizeof v);
	if (*present && !t_parse_u64(v, &n))
		t_die("bad number in %s=%s", key, v);
	return n;
}

int solo5_app_main(const struct solo5_start_info *si)
{
	struct solo5_block_info bi;
	solo5_handle_t nh = 0;
	struct solo5_net_info ni;
	solo5_result_t r;
	bool want_bs, want_cap, want_net, fresh, p;

	t_puts("\n**** nablux device test: blk ****\n\n");

	uint64_t exp_bs = arg_u64(si->cmdline, "bs", &want_bs);
	uint64_t exp_cap = arg_u64(si->cmdline, "capacity", &want_cap);
	test_all = arg_u64(si->cmdline, "all", &p) != 0;
	want_net = arg_u64(si->cmdline, "net", &p) != 0;
	fresh = arg_u64(si->cmdline, "fresh", &p) != 0;

	/* Names that are absent or of the wrong type. */
	r = solo5_block_acquire("nosuchdevice", &h, &bi);
	if (r != SOLO5_R_EINVAL)
		t_die("acquire of an undeclared block device gave %s",
		      t_result_name(r));
	r = solo5_net_acquire("storage", &h, &ni);
	if (r != SOLO5_R_EINVAL)
		t_die("net acquire of block device storage gave %s",
		      t_result_name(r));

	r = solo5_block_acquire("storage", &h, &bi);
	if (r != SOLO5_R_OK)
		t_die("could not acquire block device storage: %s",
		      t_result_name(r));
	bs = bi.block_size;
	capacity = bi.capacity;
	t_printf("blk: storage handle %lu capacity %lu block_size %lu\n", h,
		 capacity, bs);
	if (h == 0 || h > 63)
		t_die("handle %lu is not a manifest index 1..63", h);
	if (bs < 512 || bs > MAX_BLOCK_SIZE || (bs & (bs - 1)) != 0)
		t_die("block size %lu is not a power of two in 512..%u", bs,
		      MAX_BLOCK_SIZE);
	if (capacity < bs || capacity % bs != 0)
		t_die("capacity %lu is not a positive multiple of %lu",
		      capacity, bs);
	if (want_bs && bs != exp_bs)
		t_die("block size %lu, expected %lu", bs, exp_bs);
	if (want_cap && capacity != exp_cap)
		t_die("capacity %lu, expected %lu", capacity, exp_cap);

	if (want_net) {
		r = solo5_net_acquire("service0", &nh, &ni);
		if (r != SOLO5_R_OK)
			t_die("could not acquire net device service0: %s",
			      t_result_name(r));
		r = solo5_block_acquire("service0", &nh, &bi);
		if (r != SOLO5_R_EINVAL)
			t_die("block acquire of net device service0 gave %s",
			      t_result_name(r));
	}

	nblocks = capacity / bs;
	stride = nblocks / STRIDE_TARGET;
	if (stride == 0)
		stride = 1;
	seed = solo5_clock_wall() ^ solo5_clock_monotonic();

	uint64_t n = write_all();
	verify_all("after writing");
	t_printf("blk: wrote and read back %lu of %lu blocks\n", n, nblocks);

	bad_requests(nh, want_net);
	verify_all("after the refused requests");
	t_printf("blk: %u bad requests refused with EINVAL, data intact\n",
		 nbad);
	if (fresh)
		t_printf("blk: %lu untested neighbouring blocks still zero\n",
			 verify_untouched());

	if (want_net)
		net_checks(nh, &ni);

	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
