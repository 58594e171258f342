/* SPDX-License-Identifier: ISC */
/*
 * net.c: network devices: one Ethernet frame per call on the tender's
 * non-blocking tap fd. Readiness comes from solo5_yield().
 *
 * With net offload (nablux_spt_abi.h), which a guest gets only when it
 * asked and the tender said so in the device's manifest entry, each
 * frame has a virtio_net_hdr before it and may be up to 64 KiB.
 */
#include "bindings.h"
#include "nablux_spt.h"
#include "nablux_spt_abi.h"

extern const char nablux_spt_opt_net_offload[] __attribute__((weak));

/* The header size the tender granted on (e), or 0: plain frames. */
static size_t vnet_hdr(const struct mft_entry *e)
{
	struct nablux_net_offload o;

	if (!(uintptr_t)nablux_spt_opt_net_offload)
		return 0;
	memcpy(&o, (const char *)e + NABLUX_NET_OFFLOAD_AT, sizeof(o));
	if (o.magic != NABLUX_NET_OFFLOAD_MAGIC || o.hdr_size == 0 ||
	    o.hdr_size > 64)
		return 0;
	return o.hdr_size;
}

size_t nablux_spt_net_hdr_size(solo5_handle_t handle)
{
	const struct mft_entry *e = mft_get(handle, MFT_DEV_NET_BASIC);

	return e == NULL ? 0 : vnet_hdr(e);
}

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
				 struct solo5_net_info *info)
{
	if (info == NULL)
		return SOLO5_R_EINVAL;
	const struct mft_entry *e = mft_acquire(name, MFT_DEV_NET_BASIC, handle);
	if (e == NULL)
		return SOLO5_R_EINVAL;
	memcpy(info->mac_address, e->u.net_basic.mac, SOLO5_NET_ALEN);
	info->mtu = e->u.net_basic.mtu;
	return SOLO5_R_OK;
}

static size_t frame_max(const struct mft_entry *e)
{
	size_t hdr = vnet_hdr(e);

	if (hdr)
		return hdr + NABLUX_NET_OFFLOAD_FRAME_MAX;
	return (size_t)e->u.net_basic.mtu + SOLO5_NET_HLEN;
}

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
			       size_t size)
{
	const struct mft_entry *e = mft_get(handle, MFT_DEV_NET_BASIC);
	if (e == NULL || buf == NULL || size > frame_max(e))
		return SOLO5_R_EINVAL;
	long n = sys_write(e->b.hostfd, buf, size);
	return n == (long)size ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf,
			      size_t size, size_t *read_size)
{
	const struct mft_entry *e = mft_get(handle, MFT_DEV_NET_BASIC);
	/* A smaller buffer could truncate a frame without telling. */
	if (e == NULL || buf == NULL || read_size == NULL ||
	    size < frame_max(e))
		return SOLO5_R_EINVAL;
	long n = sys_read(e->b.hostfd, buf, size);
	if (n == -SYS_EAGAIN)
		return SOLO5_R_AGAIN;
	if (n < 0)
		return SOLO5_R_EUNSPEC;
	*read_size = (size_t)n;
	return SOLO5_R_OK;
}
