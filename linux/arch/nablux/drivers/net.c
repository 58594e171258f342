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
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

#define NNET_MAX	8

struct nnet {
	const struct nablux_net_ops *ops;
	void *dev;
	u8 mac[ETH_ALEN];
	unsigned int mtu;		/* the host's, without the header */
	int irq;
	struct net_device *ndev;
	struct napi_struct napi;
};

static struct nnet nnets[NNET_MAX];
static int nnet_count;
static int nnet_started;

int nablux_net_add(const struct nablux_net_ops *ops, void *dev,
		   const unsigned char mac[6], unsigned int mtu)
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

static int nnet_poll(struct napi_struct *napi, int budget)
{
	struct nnet *nn = container_of(napi, struct nnet, napi);
	struct net_device *ndev = nn->ndev;
	unsigned int size = nn->mtu + ETH_HLEN;
	struct sk_buff *skb;
	int done = 0, len;

	while (done < budget) {
		skb = napi_alloc_skb(napi, size);
		if (!skb) {
			ndev->stats.rx_dropped++;
			break;
		}
		len = nn->ops->rx(nn->dev, skb->data, size);
		if (len <= 0 || len > size) {
			dev_kfree_skb_any(skb);
			if (len == -EAGAIN)
				break;
			ndev->stats.rx_errors++;
			if (len < 0)
				break;
			continue;
		}
		skb_put(skb, len);
		skb->protocol = eth_type_trans(skb, ndev);
		ndev->stats.rx_packets++;
		ndev->stats.rx_bytes += len;
		napi_gro_receive(napi, skb);
		done++;
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

static netdev_tx_t nnet_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct nnet *nn = nnet_of(ndev);
	int err;

	if (skb_linearize(skb)) {
		ndev->stats.tx_dropped++;
		goto out;
	}
	err = nn->ops->tx(nn->dev, skb->data, skb->len);
	if (err) {
		ndev->stats.tx_errors++;
		goto out;
	}
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
