// SPDX-License-Identifier: GPL-2.0
/*
 * Network devices of the host: eth0, eth1, ...
 *
 * Transmit hands each frame to the host's tx. Receive is NAPI: the host
 * raises the device's interrupt when a frame is ready, the interrupt
 * schedules the poll, and the poll (in softirq context) takes frames with
 * the host's rx until there are none or the budget is spent. Having
 * drained the host, the poll completes and re-arms it (rx_arm): a frame
 * that arrives from then on raises the interrupt again.
 *
 * With offload (the host added the device with a header size), every
 * frame carries a struct virtio_net_hdr first, as a tap with IFF_VNET_HDR
 * has it: the device takes partial checksums and TCP super-frames up to
 * 64 KiB both ways. Transmit gathers the header and the skb into one
 * buffer for one host call. Receive reads into the device's buffer: a
 * small frame is copied out into a small skb; a large one becomes the skb
 * built around the buffer, which a new one replaces, or, when memory is
 * too fragmented for a new one (128 KiB, and no compaction without an
 * MMU), is copied into pages, so that a read never waits for memory. A
 * header the kernel's checks refuse drops the frame (rx_frame_errors).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/virtio_net.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

#define NNET_MAX	8

/* With offload: the largest frame after the header (an IP datagram of
 * 64 KiB behind a VLAN-tagged Ethernet header), frames copied out of the
 * receive buffer rather than built around it, and that buffer's size. */
#define NNET_FRAME_MAX	(IP_MAX_MTU + VLAN_ETH_HLEN)
#define NNET_COPYBREAK	(SKB_WITH_OVERHEAD(PAGE_SIZE) - NET_SKB_PAD - \
			 NET_IP_ALIGN)
#define NNET_COPY_HEAD	256	/* of a large frame copied: in the skb's head */
#define NNET_RX_ALLOC	(SKB_DATA_ALIGN(NET_SKB_PAD + \
					sizeof(struct virtio_net_hdr) + \
					NNET_FRAME_MAX) + \
			 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

struct nnet {
	const struct nablux_net_ops *ops;
	void *dev;
	u8 mac[ETH_ALEN];
	unsigned int mtu;		/* the host's, without the header */
	unsigned int hdr;		/* offload: header size, else 0 */
	int irq;
	struct net_device *ndev;
	struct napi_struct napi;
	void *rx_buf;			/* offload: where every read goes */
	void *tx_buf;			/* offload: header and frame */
};

static struct nnet nnets[NNET_MAX];
static int nnet_count;
static int nnet_started;

int nablux_net_add(const struct nablux_net_ops *ops, void *dev,
		   const unsigned char mac[6], unsigned int mtu,
		   unsigned int hdr_size)
{
	struct nnet *nn;
	int irq;

	if (nnet_started)
		return -EBUSY;
	if (!ops || !ops->tx || !ops->rx || !ops->rx_arm || !mac)
		return -EINVAL;
	if (!mtu)
		mtu = ETH_DATA_LEN;
	if (mtu < ETH_MIN_MTU || mtu > 65535)
		return -EINVAL;
	if (hdr_size && hdr_size != sizeof(struct virtio_net_hdr))
		return -EINVAL;
	if (nnet_count == NNET_MAX)
		return -ENOSPC;
	irq = irq_alloc("net");
	if (irq < 0)
		return irq;
	nn = &nnets[nnet_count];
	nn->ops = ops;
	nn->dev = dev;
	memcpy(nn->mac, mac, ETH_ALEN);
	nn->mtu = mtu;
	nn->hdr = hdr_size;
	nn->irq = irq;
	return nnet_count++;
}

int nablux_net_rx_ready(int n)
{
	if (n < 0 || n >= nnet_count)
		return -EINVAL;
	return nablux_irq_trigger(nnets[n].irq);
}

int nablux_net_rx_post(int n)
{
	if (n < 0 || n >= nnet_count)
		return -EINVAL;
	return nablux_irq_post(nnets[n].irq);
}

static irqreturn_t nnet_interrupt(int irq, void *data)
{
	struct nnet *nn = data;

	napi_schedule(&nn->napi);
	return IRQ_HANDLED;
}

/* A large frame copied: its headers into the skb's head, the rest into
 * pages. NULL when memory is short. */
static struct sk_buff *nnet_rx_copy(struct nnet *nn, const u8 *data,
				    unsigned int len)
{
	unsigned int off = min_t(unsigned int, len, NNET_COPY_HEAD);
	struct sk_buff *skb = napi_alloc_skb(&nn->napi, off);
	int i = 0;

	if (!skb)
		return NULL;
	skb_put_data(skb, data, off);
	while (off < len) {
		unsigned int n = min_t(unsigned int, len - off, PAGE_SIZE);
		struct page *page;

		page = i < MAX_SKB_FRAGS ?
		       alloc_page(GFP_ATOMIC | __GFP_NOWARN) : NULL;
		if (!page) {
			dev_kfree_skb_any(skb);
			return NULL;
		}
		memcpy(page_address(page), data + off, n);
		skb_add_rx_frag(skb, i++, page, 0, n, PAGE_SIZE);
		off += n;
	}
	return skb;
}

/* The frame at (off) in the receive buffer as an skb, the buffer given
 * away when a new one can be had. */
static struct sk_buff *nnet_rx_large(struct nnet *nn, unsigned int off,
				     unsigned int len)
{
	void *next = kmalloc(NNET_RX_ALLOC, GFP_ATOMIC | __GFP_NOWARN);
	struct sk_buff *skb;

	if (next) {
		skb = build_skb(nn->rx_buf, 0);
		if (skb) {
			nn->rx_buf = next;
			skb_reserve(skb, off);
			skb_put(skb, len);
			skb->dev = nn->ndev;
			return skb;
		}
		kfree(next);
	}
	return nnet_rx_copy(nn, (u8 *)nn->rx_buf + off, len);
}

/*
 * Reading the next frame into an skb, offload or plain: each returns a
 * positive count when a frame was read (*pskb NULL when it was dropped
 * and counted) or a negative errno, -EAGAIN when the host has none.
 */
static int nnet_rx_vnet(struct nnet *nn, struct sk_buff **pskb)
{
	struct net_device *ndev = nn->ndev;
	struct virtio_net_hdr h;
	struct sk_buff *skb;
	unsigned int frame;
	u8 *data;
	int len;

	*pskb = NULL;
	data = (u8 *)nn->rx_buf + NET_SKB_PAD;
	len = nn->ops->rx(nn->dev, data, nn->hdr + NNET_FRAME_MAX);
	if (len < 0)
		return len;
	if ((unsigned int)len < nn->hdr + ETH_HLEN ||
	    (unsigned int)len > nn->hdr + NNET_FRAME_MAX) {
		ndev->stats.rx_length_errors++;
		ndev->stats.rx_errors++;
		return len;
	}
	memcpy(&h, data, sizeof(h));
	frame = len - nn->hdr;
	if (frame <= NNET_COPYBREAK) {
		skb = napi_alloc_skb(&nn->napi, frame);
		if (skb)
			skb_put_data(skb, data + nn->hdr, frame);
	} else {
		skb = nnet_rx_large(nn, NET_SKB_PAD + nn->hdr, frame);
	}
	if (!skb) {
		ndev->stats.rx_dropped++;
		return len;
	}
	/* The host checked the checksums (or will fill them in: NEEDS_CSUM,
	 * CHECKSUM_PARTIAL); a super-frame gets its GSO fields. */
	if (h.flags & VIRTIO_NET_HDR_F_DATA_VALID)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	if (virtio_net_hdr_to_skb(skb, &h, virtio_legacy_is_little_endian())) {
		ndev->stats.rx_frame_errors++;
		ndev->stats.rx_errors++;
		dev_kfree_skb_any(skb);
		return len;
	}
	*pskb = skb;
	return len;
}

/* Plain frames: each read straight into an skb of the link's size. */
static int nnet_rx_plain(struct nnet *nn, struct sk_buff **pskb)
{
	unsigned int size = nn->mtu + ETH_HLEN;
	struct sk_buff *skb;
	int len;

	*pskb = NULL;
	skb = napi_alloc_skb(&nn->napi, size);
	if (!skb)
		return -ENOMEM;
	len = nn->ops->rx(nn->dev, skb->data, size);
	if (len <= 0 || (unsigned int)len > size) {
		dev_kfree_skb_any(skb);
		if (len < 0)
			return len;
		nn->ndev->stats.rx_errors++;
		return 1;
	}
	skb_put(skb, len);
	*pskb = skb;
	return len;
}

static int nnet_poll(struct napi_struct *napi, int budget)
{
	struct nnet *nn = container_of(napi, struct nnet, napi);
	struct net_device *ndev = nn->ndev;
	struct sk_buff *skb;
	int done = 0, len;

	while (done < budget) {
		len = nn->hdr ? nnet_rx_vnet(nn, &skb)
			      : nnet_rx_plain(nn, &skb);
		if (len == -EAGAIN)
			break;
		if (len == -ENOMEM) {
			ndev->stats.rx_dropped++;
			break;
		}
		if (len < 0) {
			ndev->stats.rx_errors++;
			break;
		}
		done++;
		if (!skb)
			continue;
		skb->protocol = eth_type_trans(skb, ndev);
		ndev->stats.rx_packets++;
		ndev->stats.rx_bytes += skb->len + ETH_HLEN;
		napi_gro_receive(napi, skb);
	}
	/* Out of frames (or memory): sleep until the host has one. */
	if (done < budget && napi_complete_done(napi, done))
		nn->ops->rx_arm(nn->dev);
	return done;
}

/* The net_device's private area points to its entry in nnets. */
static struct nnet *nnet_of(struct net_device *ndev)
{
	return *(struct nnet **)netdev_priv(ndev);
}

/* Offload: the header and the frame, gathered for one host call. */
static int nnet_tx_vnet(struct nnet *nn, struct sk_buff *skb)
{
	if (skb->len > NNET_FRAME_MAX ||
	    virtio_net_hdr_from_skb(skb, nn->tx_buf,
				    virtio_legacy_is_little_endian(), false, 0))
		return -EINVAL;
	if (skb_copy_bits(skb, 0, (u8 *)nn->tx_buf + nn->hdr, skb->len))
		return -EFAULT;
	return nn->ops->tx(nn->dev, nn->tx_buf, nn->hdr + skb->len);
}

static netdev_tx_t nnet_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct nnet *nn = nnet_of(ndev);
	int err;

	if (nn->hdr) {
		err = nnet_tx_vnet(nn, skb);
		if (err) {
			ndev->stats.tx_errors++;
			goto out;
		}
		goto sent;
	}
	if (skb_linearize(skb)) {
		ndev->stats.tx_dropped++;
		goto out;
	}
	err = nn->ops->tx(nn->dev, skb->data, skb->len);
	if (err) {
		ndev->stats.tx_errors++;
		goto out;
	}
sent:
	ndev->stats.tx_packets++;
	ndev->stats.tx_bytes += skb->len;
out:
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

static int nnet_open(struct net_device *ndev)
{
	struct nnet *nn = nnet_of(ndev);

	napi_enable(&nn->napi);
	netif_carrier_on(ndev);
	netif_start_queue(ndev);
	nn->ops->rx_arm(nn->dev);
	return 0;
}

static int nnet_stop(struct net_device *ndev)
{
	struct nnet *nn = nnet_of(ndev);

	netif_stop_queue(ndev);
	netif_carrier_off(ndev);
	napi_disable(&nn->napi);
	return 0;
}

static const struct net_device_ops nnet_ops = {
	.ndo_open		= nnet_open,
	.ndo_stop		= nnet_stop,
	.ndo_start_xmit		= nnet_xmit,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_mac_address	= eth_mac_addr,
};

static int __init nnet_create(struct nnet *nn)
{
	struct net_device *ndev;
	int err;

	ndev = alloc_etherdev(sizeof(nn));
	if (!ndev)
		return -ENOMEM;
	*(struct nnet **)netdev_priv(ndev) = nn;
	nn->ndev = ndev;
	ndev->netdev_ops = &nnet_ops;
	ndev->mtu = nn->mtu;
	ndev->max_mtu = nn->mtu;
	if (nn->hdr) {
		nn->tx_buf = kmalloc(nn->hdr + NNET_FRAME_MAX, GFP_KERNEL);
		nn->rx_buf = kmalloc(NNET_RX_ALLOC, GFP_KERNEL);
		if (!nn->tx_buf || !nn->rx_buf) {
			err = -ENOMEM;
			goto err_free;
		}
		ndev->hw_features = NETIF_F_SG | NETIF_F_HW_CSUM |
				    NETIF_F_TSO | NETIF_F_TSO6 |
				    NETIF_F_TSO_ECN | NETIF_F_RXCSUM;
		ndev->features = ndev->hw_features;
	}
	eth_hw_addr_set(ndev, nn->mac);
	netif_napi_add(ndev, &nn->napi, nnet_poll);

	err = request_irq(nn->irq, nnet_interrupt, 0, "net", nn);
	if (err)
		goto err_free;
	err = register_netdev(ndev);
	if (err)
		goto err_irq;
	return 0;

err_irq:
	free_irq(nn->irq, nn);
err_free:
	netif_napi_del(&nn->napi);
	free_netdev(ndev);
	kfree(nn->tx_buf);
	kfree(nn->rx_buf);
	nn->tx_buf = NULL;
	nn->rx_buf = NULL;
	nn->ndev = NULL;
	return err;
}

static int __init nnet_init(void)
{
	int n, err;

	nnet_started = 1;
	for (n = 0; n < nnet_count; n++) {
		err = nnet_create(&nnets[n]);
		if (err)
			pr_err("net device %d: cannot add it: %d\n", n, err);
	}
	return 0;
}
device_initcall(nnet_init);
