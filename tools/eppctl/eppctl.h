/*
 * eppctl internals: the connection options every subcommand shares, the
 * subcommand table, exit codes.
 *
 * A subcommand is a function in its own cmd_*.c file plus one line in the
 * table of main.c. It gets the connection options already parsed (those
 * given before its name) and its own arguments; it may accept connection
 * options after its name too, with eppctl_conn_parse().
 */
#ifndef EPPCTL_H
#define EPPCTL_H

#include "epp/params.h"
#include "epp/session.h"

/* Exit codes. */
enum {
	EPPCTL_OK = 0,
	EPPCTL_REFUSED = 1, /* the registry refused (login or command) */
	EPPCTL_USAGE = 2,
	EPPCTL_CONNECT = 3 /* DNS, TCP, TLS or protocol failure */
};

struct eppctl_conn {
	const char *epp_file; /* epp_params.txt: host port login password */
	const char *host;
	const char *port;
	const char *user;
	const char *password_file;
	const char *ca_file;
	const char *cert_file;
	const char *key_file;
	const char *key_password_file;
	const char *server_name;
	const char *bind_address;
	const char *cltrid_prefix;
	const char *lang;
	int insecure;
	int plain_tcp; /* tests only */
	int timeout_s;
	int verbose;
	/* filled by eppctl_connect(); freed by eppctl_conn_free() */
	epp_params file; /* the --epp file */
	char *password, *key_password;
};

struct eppctl_cmd {
	const char *name;
	const char *args;    /* argument synopsis, "" when none */
	const char *summary; /* one line for --help */
	/* Returns an exit code. argv[0] is the subcommand name. */
	int (*run)(struct eppctl_conn *conn, int argc, char **argv);
};

/* The table of main.c, ended by a NULL name. */
extern const struct eppctl_cmd eppctl_commands[];

/*
 * Parse connection options from argv[*optind_io] on, stopping at the
 * first non-option (the subcommand or its arguments). Returns EPPCTL_OK,
 * or EPPCTL_USAGE after printing why. `-h` sets *help when help is not
 * NULL.
 */
int eppctl_conn_parse(struct eppctl_conn *c, int argc, char **argv,
                      int *optind_io, int *help);

/* Print the connection options part of --help. */
void eppctl_conn_usage(void);

/*
 * Connect, read the greeting and, when `login` is set, log in. On
 * failure prints the reason on stderr and returns EPPCTL_CONNECT,
 * EPPCTL_REFUSED or EPPCTL_USAGE (*out is then NULL). On success *out is
 * the caller's (log out with eppctl_disconnect()).
 */
int eppctl_connect(struct eppctl_conn *c, epp_session **out, int login);

/* Log out when logged in (printing the result when verbose), close. */
int eppctl_disconnect(struct eppctl_conn *c, epp_session *s);

/* Print "eppctl: " + the session's error, return the matching exit
 * code for an epp_errcode. */
int eppctl_fail(epp_session *s, int rc, const char *what);

void eppctl_conn_free(struct eppctl_conn *c);

/* Subcommand handlers, one per cmd_*.c file, listed in main.c. */
int eppctl_cmd_hello(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_login_test(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_xml(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_json(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_fee(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_launch(struct eppctl_conn *c, int argc, char **argv);

#endif
