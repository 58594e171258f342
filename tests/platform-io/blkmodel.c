/* SPDX-License-Identifier: ISC */
/*
 * blkmodel.c: writes the image that "blkio.spt seed=S ops=N" leaves on a
 * zeroed device of CAP bytes with BS byte blocks, by replaying model.h's
 * writes, so run.sh can compare the real image with cmp.
 *   blkmodel SEED OPS CAP BS OUT
 */
#include <stdio.h>
#include <stdlib.h>
#include "model.h"

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: blkmodel SEED OPS CAP BS OUT\n");
		return 2;
	}
	uint64_t s = strtoull(argv[1], NULL, 0);
	unsigned long nops = strtoul(argv[2], NULL, 0);
	uint64_t cap = strtoull(argv[3], NULL, 0), bs = strtoull(argv[4], NULL, 0);
	uint8_t *img = calloc(1, cap);
	if (img == NULL || cap < 2 * bs || bs == 0)
		return 2;
	for (unsigned long i = 0; i < nops; i++) {
		struct mop op;
		model_next(&s, cap, bs, &op);
		size_t n = model_span(&op, cap);
		/* lseek past the end fails, and the write is not done */
		if (!mop_is_write(op.kind) || (op.kind == MOP_WRITE && op.off > cap))
			continue;
		for (size_t j = 0; j < n; j++)
			img[op.off + j] = model_byte(i, op.off + j);
	}
	FILE *f = fopen(argv[5], "wb");
	if (f == NULL || fwrite(img, 1, cap, f) != cap || fclose(f) != 0) {
		perror(argv[5]);
		return 1;
	}
	free(img);
	return 0;
}
