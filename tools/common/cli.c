/*
 * The command-line contract of every eppkit program (see cli.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "epp/idn.h"

#ifndef EPPKIT_VERSION
#error "EPPKIT_VERSION comes from the CMake project version"
#endif

void
cli_exit_usage(FILE *out, unsigned shows)
{
	fputs("exit status:\n"
	      "   0  success\n",
	      out);
	if (shows & CLI_SHOWS_REFUSED)
		fputs("   1  the registry refused (result code 2000 or more)\n",
		      out);
	if (shows & CLI_SHOWS_GATE)
		fputs("   2  the gate answered with an error\n", out);
	if (shows & CLI_SHOWS_TRANSPORT)
		fputs("   3  connection, TLS or transport failure\n", out);
	fputs("  64  usage error (EX_USAGE)\n", out);
	if (shows & CLI_SHOWS_NOINPUT)
		fputs("  66  an input file is missing or unreadable "
		      "(EX_NOINPUT)\n",
		      out);
	if (shows & CLI_SHOWS_CONFIG)
		fputs("  78  a configuration that cannot work (EX_CONFIG)\n",
		      out);
}

void
cli_version(const char *prog)
{
	printf("%s %s\n", prog, EPPKIT_VERSION);
}

int
cli_usage_error(const char *prog, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s (try --help)\n", prog, msg);
	return CLI_USAGE;
}

/* The word of argv that getopt stopped at, for the message. */
static const char *
offending(int argc, char **argv)
{
	int i = optind - 1;

	if (i < 1)
		i = 1;
	if (i >= argc)
		i = argc - 1;
	return argv[i];
}

int
cli_getopt(const char *prog, int argc, char **argv, const char *shortopts,
           const struct option *longopts)
{
	char spec[128], name[128];
	const char *word;
	int ch;

	snprintf(spec, sizeof(spec), ":%s", shortopts ? shortopts : "");
	opterr = 0;
	ch = getopt_long(argc, argv, spec, longopts, NULL);
	if (ch != '?' && ch != ':')
		return ch;
	word = offending(argc, argv);
	if (strncmp(word, "--", 2) == 0) {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(word, "="),
		         word);
	} else if (optopt > 0 && optopt < 256) {
		snprintf(name, sizeof(name), "-%c", optopt);
	} else {
		snprintf(name, sizeof(name), "%s", word);
	}
	if (ch == ':')
		cli_usage_error(prog, "option '%s' needs a value", name);
	else if (optopt != 0 && strchr(word, '=') && word[1] == '-')
		cli_usage_error(prog, "option '%s' takes no value", name);
	else
		cli_usage_error(prog, "unknown option '%s'", name);
	return -2;
}

int
cli_number(const char *prog, const char *opt, const char *arg, long lo, long hi,
           long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end != '\0' || v < lo || v > hi) {
		cli_usage_error(prog,
		                "%s: expected a whole number from %ld to %ld, "
		                "not '%s'",
		                opt, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int
cli_decimal(const char *prog, const char *opt, const char *arg, double lo,
            double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end != '\0' || !isfinite(v) || v < lo ||
	    v > hi) {
		cli_usage_error(prog,
		                "%s: expected a number from %g to %g, not '%s'",
		                opt, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

#define MAX_NAME 64

/* Edit distance with transpositions (optimal string alignment). */
static size_t
distance(const char *a, const char *b)
{
	size_t d[MAX_NAME + 1][MAX_NAME + 1], i, j, la, lb, c, v;

	la = strlen(a);
	lb = strlen(b);
	if (la > MAX_NAME || lb > MAX_NAME)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] != b[j - 1];
			v = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *
cli_nearest(const char *word, const char *const *names)
{
	const char *best = NULL, *prefix = NULL;
	size_t d, best_d = (size_t)-1, len = strlen(word), limit;
	int prefixes = 0;

	if (len == 0)
		return NULL;
	for (; *names; names++) {
		if (strncmp(*names, word, len) == 0) {
			prefix = *names;
			prefixes++;
		}
		d = distance(word, *names);
		if (d < best_d) {
			best_d = d;
			best = *names;
		}
	}
	/* "domain_ch" means domain_check when nothing else starts so. */
	if (prefixes == 1)
		return prefix;
	limit = len < 6 ? 1 : len / 3;
	return best_d <= limit ? best : NULL;
}

int
cli_unknown(const char *prog, const char *what, const char *word,
            const char *const *names)
{
	const char *near = cli_nearest(word, names);

	if (near)
		return cli_usage_error(prog,
		                       "unknown %s '%s'; did you mean %s?",
		                       what, word, near);
	return cli_usage_error(prog, "unknown %s '%s'", what, word);
}

int
cli_check_file(const char *prog, const char *what, const char *path)
{
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "%s: cannot read %s %s: %s\n", prog, what, path,
		        strerror(errno));
		return CLI_NOINPUT;
	}
	fclose(f);
	return CLI_OK;
}

void
cli_print_value(FILE *out, const char *s)
{
	const unsigned char *p;
	char *u = NULL;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	/* only a name: no spaces, and one that decodes */
	if (strchr(s, ' ') == NULL && epp_idn_has_alabel(s) &&
	    epp_idn_to_unicode(&u, s, NULL) == EPP_OK && strcmp(u, s) != 0) {
		fputs(" (", out);
		for (p = (const unsigned char *)u; *p != '\0'; p++)
			fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, out);
		fputc(')', out);
	}
	free(u);
}
