/*
 * Frame benchmark: encode and decode frames of typical EPP sizes in memory
 * and print frames/s and MB/s for each size. Usage: bench_frame [seconds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "epp/frame.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
run(size_t payload_len, double seconds)
{
	char *payload = malloc(payload_len);
	epp_frame_reader *r;
	unsigned char *wire;
	size_t wire_len, used, off, out_len;
	unsigned long frames = 0;
	double t0, t;
	char *out;

	memset(payload, 'x', payload_len);
	epp_frame_reader_new(&r, 0);
	t0 = now();
	do {
		for (int i = 0; i < 1000; i++) {
			epp_frame_encode(&wire, &wire_len, payload, payload_len,
			                 0);
			/* arrive in TLS-record-sized pieces */
			for (off = 0; off < wire_len; off += used) {
				size_t n = wire_len - off;
				if (n > 16384)
					n = 16384;
				epp_frame_reader_feed(r, wire + off, n, &used);
			}
			epp_frame_reader_take(&out, &out_len, r);
			free(out);
			free(wire);
			frames++;
		}
		t = now() - t0;
	} while (t < seconds);
	printf("%-10zu %14.0f %10.1f\n", payload_len, frames / t,
	       frames * (double)(payload_len + 4) / t / 1e6);
	epp_frame_reader_free(r);
	free(payload);
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	static const size_t sizes[] = {200, 1500, 16384, 262144};

	printf("frame encode+decode, one core, %.1f s per size\n", seconds);
	printf("%-10s %14s %10s\n", "bytes", "frames/s", "MB/s");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		run(sizes[i], seconds);
	return 0;
}
