/*
 * Command building benchmark: domain check and domain info built through
 * the C API, and the same requests through the JSON bridge, on one core.
 * Prints commands built per second. Usage: bench_build [seconds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "epp/domain.h"
#include "epp/json.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef int (*build_fn)(epp_command **out, const void *arg);

static int
check(epp_command **out, const void *arg)
{
	return epp_domain_check_build(out, arg, "ABC-12345", NULL);
}

static int
info(epp_command **out, const void *arg)
{
	return epp_domain_info_build(out, arg, "ABC-12345", NULL);
}

static int
json(epp_command **out, const void *arg)
{
	return epp_json_to_command(out, arg, strlen(arg), "ABC-12345", NULL);
}

static void
run(const char *label, build_fn fn, const void *arg, double seconds)
{
	unsigned long n = 0;
	size_t bytes = 0, len;
	double t0 = now(), t;
	epp_command *c;

	do {
		for (int i = 0; i < 1000; i++) {
			if (fn(&c, arg) != EPP_OK) {
				fprintf(stderr, "%s: build failed\n", label);
				exit(1);
			}
			epp_command_xml(c, &len);
			bytes += len;
			epp_command_free(c);
			n++;
		}
		t = now() - t0;
	} while (t < seconds);
	printf("%-34s %10.0f commands/s  %6.0f bytes each\n", label, n / t,
	       (double)bytes / (double)n);
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	const char *one[] = {"example.com"};
	const char *five[] = {"example.com", "example.net", "example.org",
	                      "xn--bcher-kva.example", "example.info"};
	epp_domain_check_args c1 = EPP_DOMAIN_CHECK_ARGS_INIT;
	epp_domain_check_args c5 = EPP_DOMAIN_CHECK_ARGS_INIT;
	epp_domain_info_args in = EPP_DOMAIN_INFO_ARGS_INIT;

	if (seconds <= 0)
		seconds = 2.0;
	epp_global_init();
	c1.names = one;
	c1.count = 1;
	c5.names = five;
	c5.count = 5;
	in.name = "example.com";
	in.auth_info = "2fooBAR";
	printf("one core, %.1f s per case\n", seconds);
	run("domain check, 1 name (C API)", check, &c1, seconds);
	run("domain check, 5 names (C API)", check, &c5, seconds);
	run("domain info + authInfo (C API)", info, &in, seconds);
	run("domain check, 1 name (JSON)", json,
	    "{\"cmd\": \"domain_check\", \"args\": {\"domains\": "
	    "[\"example.com\"]}}",
	    seconds);
	run("domain info (JSON)", json,
	    "{\"cmd\": \"domain_info\", \"args\": {\"name\": \"example.com\", "
	    "\"auth_info\": \"2fooBAR\"}}",
	    seconds);
	epp_global_cleanup();
	return 0;
}
