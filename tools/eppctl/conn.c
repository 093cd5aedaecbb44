/*
 * Connection options shared by every eppctl subcommand, credential
 * loading, connect + login.
 *
 * Secrets come from files or the environment only: a password on the
 * command line is visible to every user of the machine in ps(1).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cli.h"
#include "eppctl.h"

enum {
	OPT_HOST = 256,
	OPT_PORT,
	OPT_USER,
	OPT_PASSWORD_FILE,
	OPT_PASSWORD,
	OPT_CA,
	OPT_CERT,
	OPT_KEY,
	OPT_KEY_PASSWORD_FILE,
	OPT_SERVER_NAME,
	OPT_INSECURE,
	OPT_PLAIN_TCP,
	OPT_TIMEOUT,
	OPT_BIND,
	OPT_CLTRID_PREFIX,
	OPT_LANG,
	OPT_NO_IDN
};

static const struct option long_opts[] = {
        {"epp", required_argument, NULL, 'e'},
        {"host", required_argument, NULL, OPT_HOST},
        {"port", required_argument, NULL, OPT_PORT},
        {"user", required_argument, NULL, OPT_USER},
        {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
        {"password", optional_argument, NULL, OPT_PASSWORD},
        {"ca", required_argument, NULL, OPT_CA},
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"key-password-file", required_argument, NULL, OPT_KEY_PASSWORD_FILE},
        {"server-name", required_argument, NULL, OPT_SERVER_NAME},
        {"insecure", no_argument, NULL, OPT_INSECURE},
        {"plain-tcp", no_argument, NULL, OPT_PLAIN_TCP},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"bind", required_argument, NULL, OPT_BIND},
        {"cltrid-prefix", required_argument, NULL, OPT_CLTRID_PREFIX},
        {"lang", required_argument, NULL, OPT_LANG},
        {"no-idn", no_argument, NULL, OPT_NO_IDN},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
};

void
eppctl_conn_usage(void)
{
	fputs("connection options:\n"
	      "  -e, --epp FILE          epp_params.txt: one line "
	      "\"host port login password\"\n"
	      "  --host HOST             registry host name or address\n"
	      "  --port PORT             default 700\n"
	      "  --user CLID             login name (<clID>)\n"
	      "  --password-file FILE    password on the first line; else "
	      "$EPP_PASSWORD,\n"
	      "                          else the --epp file (never on the "
	      "command line)\n"
	      "  --ca FILE               PEM CA bundle (default: system "
	      "CAs)\n"
	      "  --cert FILE --key FILE  PEM client certificate and key\n"
	      "  --key-password-file F   passphrase of the key; else "
	      "$EPP_KEY_PASSWORD\n"
	      "  --server-name NAME      name to verify and send as SNI "
	      "(default: host)\n"
	      "  --insecure              do not verify the server "
	      "certificate (warns)\n"
	      "  --timeout SECONDS       connect and per-command timeout\n"
	      "  --bind ADDR             local source address\n"
	      "  --cltrid-prefix P       prefix of generated clTRIDs\n"
	      "  --lang LANG             login language (default en)\n"
	      "  --plain-tcp             no TLS (test servers only)\n"
	      "  --no-idn                send domain and host names as typed "
	      "(default:\n"
	      "                          Unicode names go as A-labels, "
	      "xn--...)\n"
	      "  -v, --verbose           more log lines on stderr (twice: "
	      "debug)\n",
	      stdout);
}

/* One connection option into `c`. */
static int
conn_take(struct eppctl_conn *c, int opt, const char *arg)
{
	long v;

	switch (opt) {
	case 'e':
		c->epp_file = arg;
		break;
	case OPT_HOST:
		c->host = arg;
		break;
	case OPT_PORT:
		if (cli_number("eppctl", "--port", arg, 1, 65535, &v) != 0)
			return EPPCTL_USAGE;
		c->port = arg;
		break;
	case OPT_USER:
		c->user = arg;
		break;
	case OPT_PASSWORD_FILE:
		c->password_file = arg;
		break;
	case OPT_PASSWORD:
		fprintf(stderr, "eppctl: passwords are not accepted on the "
		                "command line (other users can read it);\n"
		                "        use --password-file FILE, "
		                "EPP_PASSWORD or --epp FILE\n");
		return EPPCTL_USAGE;
	case OPT_CA:
		c->ca_file = arg;
		break;
	case OPT_CERT:
		c->cert_file = arg;
		break;
	case OPT_KEY:
		c->key_file = arg;
		break;
	case OPT_KEY_PASSWORD_FILE:
		c->key_password_file = arg;
		break;
	case OPT_SERVER_NAME:
		c->server_name = arg;
		break;
	case OPT_INSECURE:
		c->insecure = 1;
		break;
	case OPT_NO_IDN:
		c->no_idn = 1;
		break;
	case OPT_PLAIN_TCP:
		c->plain_tcp = 1;
		break;
	case OPT_TIMEOUT:
		if (cli_number("eppctl", "--timeout", arg, 1, 3600, &v) != 0)
			return EPPCTL_USAGE;
		c->timeout_s = (int)v;
		break;
	case OPT_BIND:
		c->bind_address = arg;
		break;
	case OPT_CLTRID_PREFIX:
		c->cltrid_prefix = arg;
		break;
	case OPT_LANG:
		c->lang = arg;
		break;
	case 'v':
		c->verbose++;
		break;
	}
	return EPPCTL_OK;
}

#define MAX_OPTIONS 96

int
eppctl_getopt(struct eppctl_conn *c, int argc, char **argv,
              const struct option *own)
{
	static struct option all[MAX_OPTIONS];
	const struct option *o;
	size_t n = 0;
	int opt;

	/* The subcommand's own, the connection options unless the
	 * shell parses a line, --help. */
	for (o = own; o && o->name && n < MAX_OPTIONS - 32; o++)
		all[n++] = *o;
	for (o = long_opts; c && o->name; o++)
		all[n++] = *o;
	all[n++] = (struct option){"help", no_argument, NULL, 'h'};
	all[n] = (struct option){NULL, 0, NULL, 0};
	opt = cli_getopt("eppctl", argc, argv, c ? "e:vh" : "h", all);
	if (opt == -1)
		return EPPCTL_OPT_END;
	if (opt == 'h')
		return EPPCTL_OPT_HELP;
	if (opt < 0 || opt == '?')
		return EPPCTL_OPT_ERROR;
	if (opt >= EPPCTL_OPT_OWN)
		return opt;
	return conn_take(c, opt, optarg) == EPPCTL_OK
	               ? eppctl_getopt(c, argc, argv, own)
	               : EPPCTL_OPT_ERROR;
}

int
eppctl_conn_option_arity(const char *arg)
{
	const struct option *o;
	size_t n;

	if (strcmp(arg, "-e") == 0)
		return 1;
	if (strncmp(arg, "-e", 2) == 0 ||
	    strspn(arg + 1, "v") == strlen(arg + 1))
		return 0;
	if (strncmp(arg, "--", 2) != 0)
		return -1;
	arg += 2;
	n = strcspn(arg, "=");
	for (o = long_opts; o->name; o++) {
		if (strlen(o->name) != n || strncmp(o->name, arg, n) != 0)
			continue;
		/* --password SECRET: the secret is skipped too, so that it
		 * is never taken for (and echoed as) the command */
		return arg[n] == '=' || o->has_arg == no_argument ? 0 : 1;
	}
	return -1;
}

static void
free_secret(char **p)
{
	if (*p) {
		OPENSSL_cleanse(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

void
eppctl_conn_free(struct eppctl_conn *c)
{
	epp_params_clear(&c->file);
	free_secret(&c->password);
	free_secret(&c->key_password);
}

/* First line of a file, without its line end. NULL on failure (said). */
char *
eppctl_read_line(const char *path, const char *what)
{
	char buf[1024];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "eppctl: cannot read %s %s: %s\n", what, path,
		        strerror(errno));
		return NULL;
	}
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	if (n == 0) {
		fprintf(stderr, "eppctl: %s %s is empty\n", what, path);
		return NULL;
	}
	return strdup(buf);
}

/* Every file named on the command line, readable before anything is
 * sent: a missing one is named with the reason (exit 66). */
static int
check_files(const struct eppctl_conn *c)
{
	const struct {
		const char *what, *path;
	} files[] = {
	        {"EPP parameter file (--epp)", c->epp_file},
	        {"CA file (--ca)", c->ca_file},
	        {"client certificate (--cert)", c->cert_file},
	        {"client key (--key)", c->key_file},
	};
	size_t i;
	int rc;

	if (c->cert_file && c->key_file == NULL)
		return cli_usage_error("eppctl", "--cert needs --key FILE (the "
		                                 "same file when it holds "
		                                 "both)");
	if (c->key_file && c->cert_file == NULL)
		return cli_usage_error("eppctl", "--key needs --cert FILE");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (files[i].path &&
		    (rc = cli_check_file("eppctl", files[i].what,
		                         files[i].path)) != CLI_OK)
			return rc;
	return EPPCTL_OK;
}

/* Fill host, port, user and secrets from files and the environment. */
static int
resolve(struct eppctl_conn *c)
{
	const char *env;
	epp_error err;
	int rc;

	if ((rc = check_files(c)) != EPPCTL_OK)
		return rc;
	/* Precedence: --password-file, $EPP_PASSWORD, the --epp file. */
	if (c->password == NULL && c->password_file &&
	    (c->password = eppctl_read_line(c->password_file,
	                                    "password file")) == NULL)
		return EPPCTL_NOINPUT;
	if (c->password == NULL && (env = getenv("EPP_PASSWORD")) && *env)
		c->password = strdup(env);
	if (c->epp_file && c->file.host == NULL) {
		if (epp_params_load(&c->file, c->epp_file, &err) != EPP_OK) {
			fprintf(stderr, "eppctl: %s\n", err.text);
			return EPPCTL_CONFIG;
		}
		if (c->password == NULL &&
		    (c->password = strdup(c->file.password)) == NULL)
			return EPPCTL_CONNECT;
	}
	if (c->key_password == NULL && c->key_password_file &&
	    (c->key_password = eppctl_read_line(c->key_password_file,
	                                        "key password file")) == NULL)
		return EPPCTL_NOINPUT;
	if (c->key_password == NULL && (env = getenv("EPP_KEY_PASSWORD")) &&
	    *env)
		c->key_password = strdup(env);
	if (c->host == NULL)
		c->host = c->file.host;
	if (c->port == NULL)
		c->port = c->file.port;
	if (c->user == NULL)
		c->user = c->file.login;
	if (c->host == NULL)
		return cli_usage_error("eppctl",
		                       "no registry: give --host HOST "
		                       "or --epp FILE");
	return EPPCTL_OK;
}

static void
log_line(void *userdata, int level, const char *msg)
{
	static const char *const names[] = {"error", "warning", "info",
	                                    "debug"};
	const struct eppctl_conn *c = userdata;

	/* Errors are printed once by eppctl_fail(); warnings always. */
	if (level == EPP_LOG_ERROR && c->verbose == 0)
		return;
	if (level >= EPP_LOG_INFO && level - EPP_LOG_WARN > c->verbose)
		return;
	fprintf(stderr, "eppctl: %s: %s\n",
	        names[level >= 0 && level <= 3 ? level : 3], msg);
}

int
eppctl_fail(epp_session *s, int rc, const char *what)
{
	const char *msg = s ? epp_session_errmsg(s) : "";

	fprintf(stderr, "eppctl: %s failed: %s\n", what,
	        *msg ? msg : epp_strerror(rc));
	if (strstr(msg, "hostname mismatch"))
		fprintf(stderr, "eppctl: --server-name NAME sets the name "
		                "expected in the registry's certificate\n");
	switch (rc) {
	case EPP_ELOGIN:
		return EPPCTL_REFUSED;
	case EPP_EINVAL:
		return EPPCTL_USAGE;
	default:
		return EPPCTL_CONNECT;
	}
}

int
eppctl_connect(struct eppctl_conn *c, epp_session **out, int login)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_session *s = NULL;
	int rc;

	*out = NULL;
	rc = resolve(c);
	if (rc != EPPCTL_OK)
		return rc;
	if (login && (c->user == NULL || c->password == NULL))
		return cli_usage_error(
		        "eppctl", "login needs --user (or --epp FILE) and a "
		                  "password (--password-file, EPP_PASSWORD or "
		                  "--epp FILE)");
	o.host = c->host;
	o.port = c->port;
	o.bind_address = c->bind_address;
	o.client_id = c->user;
	o.password = c->password;
	o.ca_file = c->ca_file;
	o.cert_file = c->cert_file;
	o.key_file = c->key_file;
	o.key_passphrase = c->key_password;
	o.server_name = c->server_name;
	o.insecure = c->insecure;
	o.plain_tcp = c->plain_tcp;
	o.connect_timeout_ms = c->timeout_s * 1000;
	o.io_timeout_ms = c->timeout_s * 1000;
	o.cltrid_prefix = c->cltrid_prefix;
	o.lang = c->lang;
	o.log = log_line;
	o.log_userdata = c;
	rc = epp_session_open(&s, &o);
	if (rc != EPP_OK) {
		rc = eppctl_fail(s, rc, "connect");
		epp_session_free(s);
		return rc == EPPCTL_USAGE ? EPPCTL_CONNECT : rc;
	}
	if (login && (rc = epp_session_login(s)) != EPP_OK) {
		rc = eppctl_fail(s, rc, "login");
		epp_session_free(s);
		return rc;
	}
	*out = s;
	return EPPCTL_OK;
}

int
eppctl_disconnect(struct eppctl_conn *c, epp_session *s)
{
	int rc = EPPCTL_OK, erc;

	if (s && epp_session_logged_in(s)) {
		erc = epp_session_logout(s);
		if (erc != EPP_OK)
			rc = eppctl_fail(s, erc, "logout");
		else if (c->verbose)
			fprintf(stderr, "eppctl: logged out (%d)\n",
			        epp_session_last_code(s));
	}
	epp_session_free(s);
	return rc;
}
