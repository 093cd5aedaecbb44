/*
 * What every eppkit program shares on its command line: one table of exit
 * statuses, one option parser (getopt_long with permutation), checked
 * numbers, the version line, "did you mean" for unknown command names and
 * the input-file check. Internal to the programs (eppctl, epp-rpc,
 * epp-gate, epp-sim, eppkit-gencerts): not part of libepp's API.
 *
 * Every usage error is one line on stderr that names the option or word
 * and ends with "(try --help)", and the status is CLI_USAGE.
 */
#ifndef EPPKIT_CLI_H
#define EPPKIT_CLI_H

#include <getopt.h>
#include <stdio.h>

/* Exit statuses of every program (64 and up from sysexits.h). */
enum {
	CLI_OK = 0,
	CLI_REFUSED = 1,   /* the registry refused: result code >= 2000 */
	CLI_GATE = 2,      /* epp-rpc: the gate answered with an error */
	CLI_TRANSPORT = 3, /* connection, TLS or transport failure */
	CLI_USAGE = 64,    /* EX_USAGE: a bad command line or request */
	CLI_NOINPUT = 66,  /* EX_NOINPUT: an input file missing/unreadable */
	CLI_CONFIG = 78    /* EX_CONFIG: a configuration that cannot work */
};

/* Which of the statuses a program's --help lists (0 and 64 always). */
enum {
	CLI_SHOWS_REFUSED = 1 << 0,
	CLI_SHOWS_GATE = 1 << 1,
	CLI_SHOWS_TRANSPORT = 1 << 2,
	CLI_SHOWS_NOINPUT = 1 << 3,
	CLI_SHOWS_CONFIG = 1 << 4
};

/* Print the "exit status:" part of --help, in the wording of README.md. */
void cli_exit_usage(FILE *out, unsigned shows);

/* Print "PROG VERSION" (the CMake project version) on stdout. */
void cli_version(const char *prog);

/*
 * getopt_long() over argv[1..] with permutation: options may come before,
 * between or after the other arguments, "--" ends them, and the others
 * end up in order in argv[optind..]. Start a parse with optind = 0.
 * `shortopts` is without the leading ':' (added here). Returns the
 * option's value as getopt_long does, -1 at the end, or -2 after printing
 * "PROG: unknown option '--x' (try --help)" (or "needs a value", "takes
 * no value"): the caller then exits with CLI_USAGE.
 */
int cli_getopt(const char *prog, int argc, char **argv, const char *shortopts,
               const struct option *longopts);

/*
 * A whole number from lo to hi in *out. Else prints "PROG: OPT: expected
 * a whole number from LO to HI, not 'ARG' (try --help)" and returns -1.
 */
int cli_number(const char *prog, const char *opt, const char *arg, long lo,
               long hi, long *out);

/* The same for a decimal number (seconds with a fraction, say). */
int cli_decimal(const char *prog, const char *opt, const char *arg, double lo,
                double hi, double *out);

/* Print "PROG: MESSAGE (try --help)" on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *prog, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/*
 * The name of `names` (NULL-ended) nearest to `word` by edit distance,
 * or NULL when none is close enough to be what was meant.
 */
const char *cli_nearest(const char *word, const char *const *names);

/*
 * Print "PROG: unknown WHAT 'WORD'; did you mean NAME? (try --help)" (no
 * suggestion when none is near) and return CLI_USAGE.
 */
int cli_unknown(const char *prog, const char *what, const char *word,
                const char *const *names);

/*
 * Whether `path` can be opened for reading. Else prints "PROG: cannot
 * read WHAT PATH: REASON" (the OS reason) and returns CLI_NOINPUT.
 */
int cli_check_file(const char *prog, const char *what, const char *path);

/*
 * Print a value as people read it: control characters escaped (a
 * registry cannot forge a line), and a name with A-labels followed by its
 * Unicode form, "xn--bcher-kva.example (bücher.example)".
 */
void cli_print_value(FILE *out, const char *s);

#endif
