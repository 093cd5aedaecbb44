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

#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "epp/command.h"
#include "epp/params.h"
#include "epp/session.h"

struct json_t;

/* Exit codes: the table every program shares (cli.h). */
enum {
	EPPCTL_OK = CLI_OK,
	EPPCTL_REFUSED = CLI_REFUSED,   /* the registry refused (login or
	                                  command) */
	EPPCTL_CONNECT = CLI_TRANSPORT, /* DNS, TCP, TLS or protocol */
	EPPCTL_USAGE = CLI_USAGE,       /* command line or request */
	EPPCTL_NOINPUT = CLI_NOINPUT,   /* a file that cannot be read */
	EPPCTL_CONFIG = CLI_CONFIG      /* a file that does not parse */
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
	int no_idn;    /* names as typed, not turned into A-labels */
	int plain_tcp; /* tests only */
	int timeout_s;
	int verbose;
	/* filled by eppctl_connect(); freed by eppctl_conn_free() */
	epp_params file; /* the --epp file */
	char *password, *key_password;
};

/* How a reply is printed. */
enum eppctl_output {
	EPPCTL_OUT_JSON = 0, /* compat JSON, one line (as the gate sends) */
	EPPCTL_OUT_PRETTY,   /* compat JSON, indented */
	EPPCTL_OUT_READABLE  /* result code and message, then the fields */
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

/* What eppctl_getopt() returns besides a subcommand's own option. */
enum {
	EPPCTL_OPT_END = -1,  /* no more options: arguments at argv[optind..] */
	EPPCTL_OPT_HELP = -2, /* --help or -h */
	EPPCTL_OPT_ERROR = -3, /* said why: exit EPPCTL_USAGE */
	EPPCTL_OPT_OWN = 512   /* a subcommand's options have vals from here */
};

/*
 * The option parser of every subcommand (argv[0] is its name; start
 * with optind = 0): the connection options (into `c`; none when `c` is
 * NULL, for the shell's lines), --help and the subcommand's `own`
 * options (NULL-ended, vals >= EPPCTL_OPT_OWN), anywhere among the
 * arguments, until "--". Returns an own option's val (its value in
 * optarg), or one of EPPCTL_OPT_END, _HELP, _ERROR.
 */
int eppctl_getopt(struct eppctl_conn *c, int argc, char **argv,
                  const struct option *own);

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

/*
 * Whether `arg` is a connection option: -1 not one, 0 complete in itself
 * (a flag, or --name=value), 1 its value is the next argument. Lets
 * main() find the subcommand among the options.
 */
int eppctl_conn_option_arity(const char *arg);

/*
 * Connect, log in, send a built command, print the reply and log out:
 * a single request from the command line. Returns the exit code.
 */
int eppctl_request_run(struct eppctl_conn *c, const epp_command *cmd,
                       enum eppctl_output how);

/* The first line of a file without its line end (a secret: the caller
 * cleanses and frees it). NULL after saying why on stderr. */
char *eppctl_read_line(const char *path, const char *what);

/* Read all of `f`, at most `max` bytes (EPP_ELIMIT beyond). *out is
 * malloc'ed, not NUL-terminated. Returns EPP_OK, EPP_EIO, EPP_ENOMEM. */
int eppctl_read_all(FILE *f, size_t max, char **out, size_t *len);

/*
 * The one path of a request, for call, the shortcuts and the shell:
 * a docs/protocol.md request {"cmd", "args"} is checked and built with
 * epp_json_to_command() before anything is sent. A bad request prints
 * "eppctl: <what is wrong>" and returns EPPCTL_USAGE.
 */
int eppctl_request_build(const struct eppctl_conn *c, const char *json,
                         size_t len, epp_command **out);

/*
 * Send a built command on a logged-in session; *reply is its compat JSON
 * (a new reference) and *code the result code (0 for a greeting, the
 * answer to hello). Returns the libepp code: EPP_OK, or why the exchange
 * failed (the session may then be broken).
 */
int eppctl_request_send(epp_session *s, const epp_command *cmd,
                        struct json_t **reply, int *code);

/* Print a reply on `out` in the given form. */
void eppctl_print_reply(FILE *out, const struct json_t *reply,
                        enum eppctl_output how);

/*
 * The readable form: "<code> <message>" per result, then the fields of
 * msgQ, resData and extension as "  path: value" lines (a check as one
 * line per name). authInfo and pw values print as ***.
 */
void eppctl_print_readable(FILE *out, const struct json_t *reply);

/* The exit code for a result code: 0 below 2000, else EPPCTL_REFUSED. */
int eppctl_code_status(int code);

/* Print a greeting as `eppctl hello` does. */
void eppctl_print_greeting(FILE *out, const epp_greeting *g);

/* A greeting as a JSON object (new reference; NULL without memory). */
struct json_t *eppctl_greeting_json(const epp_greeting *g);

/* Print `o` as one line of JSON (the --json form of a result). */
void eppctl_print_json(FILE *out, struct json_t *o);

/*
 * The shortcuts: argv (argv[0] the object: domain, host, contact, poll;
 * argv[1] the verb) to a docs/protocol.md request. `c` NULL refuses
 * connection options (the shell); else they are parsed into it.
 * *output is set from --json / --pretty (readable by default). Returns
 * EPPCTL_OK with *request the JSON text (free it with
 * eppctl_request_text_free()), EPPCTL_USAGE after saying why, or -1 when
 * help was printed.
 */
int eppctl_shortcut_request(struct eppctl_conn *c, int argc, char **argv,
                            char **request, enum eppctl_output *output);

/* Wipe (it may hold an authInfo) and free a request text. NULL: no-op. */
void eppctl_request_text_free(char *request);

/* 1 when `word` is an object the shortcuts know. */
int eppctl_shortcut_object(const char *word);

/*
 * Tab completion of the shortcuts: the candidates for the word `prefix`
 * after the complete words[0..argc-1] (objects, their verbs, or, after
 * "--", the verb's option names without the dashes) into out[], at most
 * `max`. Returns how many.
 */
size_t eppctl_shortcut_complete(int argc, char **words, const char *prefix,
                                const char **out, size_t max);

/* The shortcut lines of the usage. */
void eppctl_shortcut_usage(FILE *out, const char *indent);

/* Subcommand handlers, one per cmd_*.c file, listed in main.c. */
int eppctl_cmd_hello(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_login_test(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_xml(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_json(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_fee(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_launch(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_call(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_shortcut(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_shell(struct eppctl_conn *c, int argc, char **argv);
int eppctl_cmd_journal(struct eppctl_conn *c, int argc, char **argv);

#endif
