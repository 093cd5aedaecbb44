/*
 * Response benchmark: responses parsed into typed data per second (domain
 * check and domain info, RFC 5731 examples), and XML to compat JSON in
 * documents and MB per second, on one core. Usage: bench_parse [seconds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "epp/json.h"
#include "epp/response.h"
#include "epp/response_domain.h"

static double
now(void)
{
	struct timespec ts;

	/* CPU time of this process: the figure for one core, unaffected by
	 * whatever else the machine is running */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: read failed\n", path);
		exit(1);
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Parse and read one typed field, as a caller would. */
static void
parse(const char *name, const char *xml, size_t len, double seconds)
{
	unsigned long n = 0;
	epp_response *r;
	double t0 = now(), t;
	size_t sink = 0;

	do {
		for (int i = 0; i < 1000; i++) {
			if (epp_response_parse(&r, xml, len, NULL) != EPP_OK) {
				fprintf(stderr, "%s: parse failed\n", name);
				exit(1);
			}
			sink += (size_t)epp_response_code(r) +
			        (epp_response_domain_info(r) != NULL);
			epp_response_free(r);
			n++;
		}
		t = now() - t0;
	} while (t < seconds);
	printf("%-28s %6zu %12.0f %8.1f\n", name, len, n / t,
	       n * (double)len / t / 1e6);
	if (sink == 0)
		printf("(no result)\n");
}

static void
to_json(const char *name, const char *xml, size_t len, double seconds)
{
	unsigned long n = 0;
	double t0 = now(), t;
	char *out;

	do {
		for (int i = 0; i < 100; i++) {
			if (epp_json_from_xml(&out, NULL, xml, len, NULL) !=
			    EPP_OK) {
				fprintf(stderr, "%s: conversion failed\n",
				        name);
				exit(1);
			}
			free(out);
			n++;
		}
		t = now() - t0;
	} while (t < seconds);
	printf("%-28s %6zu %12.0f %8.1f\n", name, len, n / t,
	       n * (double)len / t / 1e6);
}

/* A check response of `count` names: the large end of real replies. */
static char *
big_check(int count, size_t *len)
{
	size_t cap = (size_t)count * 160 + 512, n = 0;
	char *s = malloc(cap);

	n += (size_t)snprintf(s + n, cap - n,
	                      "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\">"
	                      "<response><result code=\"1000\"><msg>Command "
	                      "completed successfully</msg></result><resData>"
	                      "<domain:chkData xmlns:domain=\"urn:ietf:params:"
	                      "xml:ns:domain-1.0\">\n");
	for (int i = 0; i < count; i++)
		n += (size_t)snprintf(
		        s + n, cap - n,
		        "  <domain:cd><domain:name avail=\"%d\">name-%d.example"
		        "</domain:name>%s</domain:cd>\n",
		        i % 2, i,
		        i % 2 ? "" : "<domain:reason>In use</domain:reason>");
	n += (size_t)snprintf(s + n, cap - n,
	                      "</domain:chkData></resData><trID><clTRID>A"
	                      "</clTRID><svTRID>B</svTRID></trID></response>"
	                      "</epp>\n");
	*len = n;
	return s;
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	size_t chk_len, inf_len, big_len;
	char *chk =
	        slurp(EPPKIT_SAMPLES_DIR "/rfc5731-domain-check-response.xml",
	              &chk_len);
	char *inf =
	        slurp(EPPKIT_SAMPLES_DIR "/rfc5731-domain-info-response.xml",
	              &inf_len);
	char *big = big_check(1000, &big_len);

	epp_global_init();
	printf("responses, one core, %.1f s of CPU time each\n", seconds);
	printf("%-28s %6s %12s %8s\n", "parse (typed)", "bytes", "docs/s",
	       "MB/s");
	parse("domain check", chk, chk_len, seconds);
	parse("domain info", inf, inf_len, seconds);
	parse("domain check, 1000 names", big, big_len, seconds);
	printf("%-28s %6s %12s %8s\n", "XML to compat JSON", "bytes", "docs/s",
	       "MB/s");
	to_json("domain check", chk, chk_len, seconds);
	to_json("domain info", inf, inf_len, seconds);
	to_json("domain check, 1000 names", big, big_len, seconds);
	free(chk);
	free(inf);
	free(big);
	epp_global_cleanup();
	return 0;
}
