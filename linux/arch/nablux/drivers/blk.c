// SPDX-License-Identifier: GPL-2.0
/*
 * Block devices of the host: /dev/vda, vdb, ...
 *
 * A blk-mq driver with one hardware queue whose requests are served at
 * once, in queue_rq, by the host's read, write and flush operations. The
 * host call blocks the CPU while it runs: with one CPU and I/O that the
 * host completes synchronously anyway, there is nothing else to overlap.
 * The queue has a volatile write cache, so file systems send flushes
 * (FUA is emulated by the block layer with a flush).
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/blkdev.h>
#include <linux/blk-mq.h>
#include <linux/hdreg.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <nablux/nablux.h>

#define NBLK_MAX	16
#define NBLK_MINORS	16	/* the disk and 15 partitions */

struct nblk {
	const struct nablux_blk_ops *ops;
	void *dev;
	unsigned long long capacity;	/* bytes */
	unsigned int sector_size;
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;
};

static struct nblk nblks[NBLK_MAX];
static int nblk_count;
static int nblk_started;
static int nblk_major;

int nablux_blk_add(const struct nablux_blk_ops *ops, void *dev,
		   unsigned long long capacity, unsigned int sector_size)
{
	struct nblk *b;

	if (nblk_started)
		return -EBUSY;
	if (!ops || !ops->read || !ops->write || !ops->flush)
		return -EINVAL;
	if (sector_size < SECTOR_SIZE || sector_size > PAGE_SIZE ||
	    !is_power_of_2(sector_size) || !capacity ||
	    capacity % sector_size)
		return -EINVAL;
	if (nblk_count == NBLK_MAX)
		return -ENOSPC;
	b = &nblks[nblk_count];
	b->ops = ops;
	b->dev = dev;
	b->capacity = capacity;
	b->sector_size = sector_size;
	return nblk_count++;
}

/* Reads or writes a request's segments, merging those adjacent in memory. */
static int nblk_rw(struct nblk *b, struct request *rq)
{
	bool write = req_op(rq) == REQ_OP_WRITE;
	loff_t pos = (loff_t)blk_rq_pos(rq) << SECTOR_SHIFT;
	struct req_iterator iter;
	struct bio_vec bv;
	char *run = NULL;
	unsigned long len = 0;
	int err;

	rq_for_each_segment(bv, rq, iter) {
		char *p = (char *)page_address(bv.bv_page) + bv.bv_offset;

		if (run && run + len == p) {
			len += bv.bv_len;
			continue;
		}
		if (run) {
			err = write ? b->ops->write(b->dev, pos, run, len) :
				      b->ops->read(b->dev, pos, run, len);
			if (err)
				return err;
			pos += len;
		}
		run = p;
		len = bv.bv_len;
	}
	if (!run)
		return 0;
	return write ? b->ops->write(b->dev, pos, run, len) :
		       b->ops->read(b->dev, pos, run, len);
}

static blk_status_t nblk_queue_rq(struct blk_mq_hw_ctx *hctx,
				  const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;
	struct nblk *b = rq->q->queuedata;
	int err;

	blk_mq_start_request(rq);
	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		err = nblk_rw(b, rq);
		break;
	case REQ_OP_FLUSH:
		err = b->ops->flush(b->dev);
		break;
	default:
		blk_mq_end_request(rq, BLK_STS_NOTSUPP);
		return BLK_STS_OK;
	}
	if (err)
		pr_err_ratelimited("%s: host %s error %d at sector %llu\n",
				   b->disk->disk_name,
				   blk_op_str(req_op(rq)), err,
				   (unsigned long long)blk_rq_pos(rq));
	blk_mq_end_request(rq, err ? errno_to_blk_status(err) : BLK_STS_OK);
	return BLK_STS_OK;
}

static const struct blk_mq_ops nblk_mq_ops = {
	.queue_rq	= nblk_queue_rq,
};

static int nblk_getgeo(struct block_device *bdev, struct hd_geometry *geo)
{
	/* What fdisk expects of a disk with no geometry. */
	geo->heads = 64;
	geo->sectors = 32;
	geo->cylinders = get_capacity(bdev->bd_disk) >> 11;
	return 0;
}

static const struct block_device_operations nblk_fops = {
	.owner		= THIS_MODULE,
	.getgeo		= nblk_getgeo,
};

static int __init nblk_create(struct nblk *b, int n)
{
	struct gendisk *disk;
	int err;

	err = blk_mq_alloc_sq_tag_set(&b->tag_set, &nblk_mq_ops, 16,
				      BLK_MQ_F_SHOULD_MERGE);
	if (err)
		return err;
	disk = blk_mq_alloc_disk(&b->tag_set, b);
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		goto err_tags;
	}
	b->disk = disk;
	disk->major = nblk_major;
	disk->first_minor = n * NBLK_MINORS;
	disk->minors = NBLK_MINORS;
	disk->fops = &nblk_fops;
	disk->private_data = b;
	snprintf(disk->disk_name, DISK_NAME_LEN, "vd%c", 'a' + n);
	set_capacity(disk, b->capacity >> SECTOR_SHIFT);

	blk_queue_logical_block_size(disk->queue, b->sector_size);
	blk_queue_physical_block_size(disk->queue, b->sector_size);
	blk_queue_io_min(disk->queue, b->sector_size);
	blk_queue_max_hw_sectors(disk->queue, 2048);	/* 1 MiB */
	blk_queue_max_segments(disk->queue, 256);
	blk_queue_write_cache(disk->queue, true, false);
	blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);

	err = add_disk(disk);
	if (err)
		goto err_disk;
	return 0;

err_disk:
	put_disk(disk);
	b->disk = NULL;
err_tags:
	blk_mq_free_tag_set(&b->tag_set);
	return err;
}

/* Halting: whatever the host still caches becomes durable. */
static int nblk_reboot(struct notifier_block *nb, unsigned long action,
		       void *data)
{
	int n, err;

	for (n = 0; n < nblk_count; n++) {
		if (!nblks[n].disk)
			continue;
		err = nblks[n].ops->flush(nblks[n].dev);
		if (err)
			pr_err("%s: host flush error %d\n",
			       nblks[n].disk->disk_name, err);
	}
	return NOTIFY_DONE;
}

static struct notifier_block nblk_reboot_nb = {
	.notifier_call	= nblk_reboot,
};

static int __init nblk_init(void)
{
	int n, err;

	nblk_started = 1;
	if (!nblk_count)
		return 0;
	nblk_major = register_blkdev(0, "vd");
	if (nblk_major < 0)
		return nblk_major;
	for (n = 0; n < nblk_count; n++) {
		err = nblk_create(&nblks[n], n);
		if (err)
			pr_err("vd%c: cannot add the disk: %d\n", 'a' + n, err);
	}
	register_reboot_notifier(&nblk_reboot_nb);
	return 0;
}
device_initcall(nblk_init);
