/*
 * epp-rpc: send one request to epp-gate through RabbitMQ and print the
 * reply, or run a load of them (--repeat/--concurrency).
 *
 *   epp-rpc [options] CMD [ARGS...]     e.g. epp-rpc domain_check a.example
 *   epp-rpc [options] call 'JSON' | -
 *
 * Options may come before or after the command and its arguments; "--"
 * ends them. Exit statuses: cli.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp/idn.h"
#include "cli.h"
#include "epp-rpc.h"

#define PROG "epp-rpc"

static void
usage(void)
{
	printf("usage: epp-rpc [options] CMD [ARGS...]\n"
	       "       epp-rpc [options] call 'JSON' | -\n"
	       "       epp-rpc [options] poll-listen --exchange NAME "
	       "[--queue NAME] [--count N]\n"
	       "\n"
	       "Send a request to epp-gate through RabbitMQ and print its "
	       "reply (compat JSON),\n"
	       "or print the poll messages the gate delivers (--poll-exchange) "
	       "as JSON lines.\n"
	       "Options may come before or after the command; -- ends "
	       "them.\n"
	       "\n"
	       "options:\n"
	       "  --conf FILE           client configuration (JSON), else\n"
	       "                        $RPC_CLIENT_CONF_PATH or "
	       "$RPC_CLIENT_CONF\n"
	       "  --host HOST           broker host (default from the "
	       "configuration);\n"
	       "                        repeat it for the nodes of a cluster, "
	       "each HOST[:PORT]\n"
	       "  --port PORT           broker port (1-65535)\n"
	       "  --user USER           broker user\n"
	       "  --password-file FILE  broker password on the first line\n"
	       "  --tls                 AMQPS\n"
	       "  --ca FILE             CA bundle for the broker "
	       "(with --tls)\n"
	       "  --cert FILE --key FILE  client certificate and key "
	       "(with --tls)\n"
	       "  --insecure            do not verify the broker's "
	       "certificate\n"
	       "  --queue QUEUE         request queue (default epp_messages)\n"
	       "  --timeout SECONDS     wait so long for a reply (default "
	       "from the\n"
	       "                        configuration, else 30)\n"
	       "  --reply-queue         exclusive reply queue instead of "
	       "direct reply-to\n"
	       "  --health-file FILE    on transport errors append a line, "
	       "wait, retry\n"
	       "  --json                the reply as one line of compat JSON "
	       "(the default),\n"
	       "                        the --repeat summary as JSON\n"
	       "  --pretty              indent the reply\n"
	       "  --brief               the result line, then one "
	       "path: value line each\n"
	       "  --dry-run             print the request, send nothing\n"
	       "  --no-idn              send domain and host names as typed "
	       "(default:\n"
	       "                        Unicode names go as A-labels, "
	       "xn--...)\n"
	       "  --repeat N            send the request N times, print a "
	       "summary\n"
	       "  --concurrency K       from K threads (1-1024; needs "
	       "--repeat)\n"
	       "  --exchange NAME       poll-listen: the gate's "
	       "--poll-exchange\n"
	       "                        (with --queue NAME: a durable queue "
	       "that keeps\n"
	       "                        messages while no listener runs; "
	       "else an exclusive one)\n"
	       "  --count N             poll-listen: exit after N messages\n"
	       "  -h, --help            this text\n"
	       "  -V, --version         the version\n"
	       "\n"
	       "commands: call, ");
	rpc_print_commands(stdout);
	printf("; each takes\n"
	       "  positional arguments and key=value (key:=JSON) ones, see "
	       "epp-rpc(1).\n\n");
	cli_exit_usage(stdout, CLI_SHOWS_REFUSED | CLI_SHOWS_GATE |
	                               CLI_SHOWS_TRANSPORT | CLI_SHOWS_NOINPUT |
	                               CLI_SHOWS_CONFIG);
	printf("  (--repeat: 1 when any request did not succeed)\n");
}

/* The first line of a file, for --password-file. */
static char *
read_secret(const char *path)
{
	char buf[1024];
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "epp-rpc: cannot read password file %s: %s\n",
		        path, strerror(errno));
		return NULL;
	}
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return strdup(buf);
}

/* Where the broker credentials came from, for a refused login. */
static const char *
credential_source(const epprpc_options *o, const char *password_file)
{
	const char *env;

	if (password_file)
		return password_file;
	if (o->conf_path)
		return o->conf_path;
	if ((env = getenv("RPC_CLIENT_CONF_PATH")) && *env)
		return env;
	if ((env = getenv("RPC_CLIENT_CONF")) && *env)
		return "$RPC_CLIENT_CONF";
	return "--user / --password-file";
}

/* Say why the client could not open or call, return the exit status. */
static int
fail(int rc, const epprpc_options *o, const char *password_file)
{
	fprintf(stderr, "epp-rpc: %s\n",
	        *epprpc_last_error() ? epprpc_last_error()
	                             : epprpc_strerror(rc));
	switch (rc) {
	case EPPRPC_EINVAL:
		return CLI_CONFIG;
	case EPPRPC_EIO:
		return CLI_NOINPUT;
	case EPPRPC_ELOGIN:
		fprintf(stderr,
		        "epp-rpc: check the broker user and password in %s\n",
		        credential_source(o, password_file));
		return CLI_CONFIG;
	case EPPRPC_EREPLY:
		return CLI_GATE;
	default:
		return CLI_TRANSPORT;
	}
}

static int
print_reply(const char *text, size_t len, enum rpc_output how)
{
	json_error_t jerr;
	json_t *reply;
	epprpc_result_class cls;
	char *out;
	int code;

	reply = json_loadb(text, len, 0, &jerr);
	if (reply == NULL || !json_is_object(reply)) {
		json_decref(reply);
		fwrite(text, 1, len, stdout);
		putchar('\n');
		fprintf(stderr, "epp-rpc: the reply is not a JSON object\n");
		return CLI_GATE;
	}
	if (how == RPC_OUT_BRIEF) {
		rpc_print_brief(reply, stdout);
	} else if (how == RPC_OUT_PRETTY) {
		out = json_dumps(reply, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (out) {
			puts(out);
			free(out);
		}
	} else {
		fwrite(text, 1, len, stdout);
		putchar('\n');
	}
	cls = epprpc_reply_result(reply, &code, NULL);
	/* hello's answer is a greeting, which has no result code */
	if (json_object_get(json_object_get(reply, "epp"), "greeting"))
		cls = EPPRPC_RESULT_SUCCESS;
	json_decref(reply);
	switch (cls) {
	case EPPRPC_RESULT_SUCCESS:
		return CLI_OK;
	case EPPRPC_RESULT_GATE_ERROR:
	case EPPRPC_RESULT_BAD_RESPONSE:
		return CLI_GATE;
	default:
		return CLI_REFUSED;
	}
}

/* call 'JSON' | -: the request as given, checked to be an object with a
 * "cmd"; a parse error gives its line and column (never the text, which
 * may hold a password). */
static json_t *
call_request(int argc, char **argv)
{
	json_error_t jerr;
	json_t *req;

	if (argc != 1) {
		cli_usage_error(PROG, "call takes one JSON request (or - to "
		                      "read it from standard input)");
		return NULL;
	}
	if (strcmp(argv[0], "-") == 0)
		req = json_loadf(stdin, 0, &jerr);
	else
		req = json_loads(argv[0], 0, &jerr);
	if (req == NULL) {
		fprintf(stderr, "epp-rpc: invalid JSON at line %d, column %d\n",
		        jerr.line, jerr.column);
		return NULL;
	}
	if (!json_is_object(req) ||
	    !json_is_string(json_object_get(req, "cmd"))) {
		fprintf(stderr, "epp-rpc: call: a JSON object with \"cmd\" "
		                "expected\n");
		json_decref(req);
		return NULL;
	}
	return req;
}

enum {
	OPT_CONF = 256,
	OPT_HOST,
	OPT_PORT,
	OPT_USER,
	OPT_PASSWORD_FILE,
	OPT_TLS,
	OPT_CA,
	OPT_CERT,
	OPT_KEY,
	OPT_INSECURE,
	OPT_QUEUE,
	OPT_TIMEOUT,
	OPT_REPLY_QUEUE,
	OPT_HEALTH_FILE,
	OPT_JSON,
	OPT_PRETTY,
	OPT_BRIEF,
	OPT_NO_IDN,
	OPT_DRY_RUN,
	OPT_REPEAT,
	OPT_CONCURRENCY,
	OPT_EXCHANGE,
	OPT_COUNT
};

static const struct option longopts[] = {
        {"conf", required_argument, NULL, OPT_CONF},
        {"host", required_argument, NULL, OPT_HOST},
        {"port", required_argument, NULL, OPT_PORT},
        {"user", required_argument, NULL, OPT_USER},
        {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
        {"tls", no_argument, NULL, OPT_TLS},
        {"ca", required_argument, NULL, OPT_CA},
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"insecure", no_argument, NULL, OPT_INSECURE},
        {"queue", required_argument, NULL, OPT_QUEUE},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"reply-queue", no_argument, NULL, OPT_REPLY_QUEUE},
        {"health-file", required_argument, NULL, OPT_HEALTH_FILE},
        {"json", no_argument, NULL, OPT_JSON},
        {"pretty", no_argument, NULL, OPT_PRETTY},
        {"brief", no_argument, NULL, OPT_BRIEF},
        {"no-idn", no_argument, NULL, OPT_NO_IDN},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"repeat", required_argument, NULL, OPT_REPEAT},
        {"concurrency", required_argument, NULL, OPT_CONCURRENCY},
        {"exchange", required_argument, NULL, OPT_EXCHANGE},
        {"count", required_argument, NULL, OPT_COUNT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
};

#define MAX_HOSTS 32

struct cmdline {
	epprpc_options o;
	const char *hosts[MAX_HOSTS + 1]; /* --host, repeated */
	int nhosts;
	const char *password_file;
	const char *exchange; /* poll-listen */
	long count;           /* poll-listen: 0 = no limit */
	enum rpc_output how;
	int dry_run, concurrency_given, json, no_idn;
	long repeat, concurrency;
};

/* Options into `cl`; argv[optind..] are then the command and its args.
 * Returns -1 to go on, else the exit status. */
static int
parse(struct cmdline *cl, int argc, char **argv)
{
	epprpc_options *o = &cl->o;
	double secs;
	long v;
	int ch;

	optind = 0;
	while ((ch = cli_getopt(PROG, argc, argv, "hV", longopts)) != -1) {
		switch (ch) {
		case OPT_CONF:
			o->conf_path = optarg;
			break;
		case OPT_HOST:
			if (cl->nhosts == MAX_HOSTS)
				return cli_usage_error(
				        PROG, "more than %d --host", MAX_HOSTS);
			cl->hosts[cl->nhosts++] = optarg;
			o->host = optarg;
			break;
		case OPT_PORT:
			if (cli_number(PROG, "--port", optarg, 1, 65535, &v))
				return CLI_USAGE;
			o->port = (int)v;
			break;
		case OPT_USER:
			o->username = optarg;
			break;
		case OPT_PASSWORD_FILE:
			cl->password_file = optarg;
			break;
		case OPT_TLS:
			o->tls = 1;
			break;
		case OPT_CA:
			o->ca_file = optarg;
			break;
		case OPT_CERT:
			o->cert_file = optarg;
			break;
		case OPT_KEY:
			o->key_file = optarg;
			break;
		case OPT_INSECURE:
			o->tls_no_verify = 1;
			break;
		case OPT_QUEUE:
			o->queue_name = optarg;
			break;
		case OPT_TIMEOUT:
			if (cli_decimal(PROG, "--timeout", optarg, 0.001, 86400,
			                &secs))
				return CLI_USAGE;
			o->timeout_ms =
			        secs * 1000 < 1 ? 1 : (int)(secs * 1000);
			break;
		case OPT_REPLY_QUEUE:
			o->reply_mode = EPPRPC_REPLY_QUEUE;
			break;
		case OPT_HEALTH_FILE:
			o->health_file = optarg;
			break;
		case OPT_JSON:
			cl->how = RPC_OUT_JSON;
			cl->json = 1;
			break;
		case OPT_PRETTY:
			cl->how = RPC_OUT_PRETTY;
			break;
		case OPT_BRIEF:
			cl->how = RPC_OUT_BRIEF;
			break;
		case OPT_DRY_RUN:
			cl->dry_run = 1;
			break;
		case OPT_NO_IDN:
			cl->no_idn = 1;
			break;
		case OPT_REPEAT:
			if (cli_number(PROG, "--repeat", optarg, 1, 1000000000L,
			               &cl->repeat))
				return CLI_USAGE;
			break;
		case OPT_CONCURRENCY:
			if (cli_number(PROG, "--concurrency", optarg, 1, 1024,
			               &cl->concurrency))
				return CLI_USAGE;
			cl->concurrency_given = 1;
			break;
		case OPT_EXCHANGE:
			if (*optarg == '\0' || strlen(optarg) > 255)
				return cli_usage_error(
				        PROG, "--exchange: a name of 1 to 255 "
				              "bytes");
			cl->exchange = optarg;
			break;
		case OPT_COUNT:
			if (cli_number(PROG, "--count", optarg, 1, 1000000000L,
			               &cl->count))
				return CLI_USAGE;
			break;
		case 'h':
			usage();
			return CLI_OK;
		case 'V':
			cli_version(PROG);
			return CLI_OK;
		default:
			return CLI_USAGE;
		}
	}
	if (cl->nhosts > 1) {
		/* Several nodes: "host:port" each, --port the default. */
		cl->hosts[cl->nhosts] = NULL;
		o->hosts = cl->hosts;
		o->host = NULL;
	}
	if (cl->concurrency_given && cl->repeat == 0)
		return cli_usage_error(PROG, "--concurrency needs --repeat N");
	if (o->cert_file && o->key_file == NULL)
		return cli_usage_error(PROG, "--cert needs --key FILE");
	if (o->key_file && o->cert_file == NULL)
		return cli_usage_error(PROG, "--key needs --cert FILE");
	if ((o->ca_file || o->cert_file || o->tls_no_verify) && !o->tls)
		return cli_usage_error(PROG, "%s needs --tls",
		                       o->ca_file     ? "--ca"
		                       : o->cert_file ? "--cert"
		                                      : "--insecure");
	if (optind >= argc)
		return cli_usage_error(PROG, "no command given");
	return -1;
}

/* The TLS and configuration files, readable before anything starts. */
static int
check_files(const struct cmdline *cl)
{
	const epprpc_options *o = &cl->o;
	int rc = CLI_OK;

	if (o->conf_path)
		rc = cli_check_file(PROG, "configuration", o->conf_path);
	if (rc == CLI_OK && o->ca_file)
		rc = cli_check_file(PROG, "CA file", o->ca_file);
	if (rc == CLI_OK && o->cert_file)
		rc = cli_check_file(PROG, "certificate", o->cert_file);
	if (rc == CLI_OK && o->key_file)
		rc = cli_check_file(PROG, "key", o->key_file);
	return rc;
}

/* epp-rpc poll-listen: --queue names the listener's own queue. */
static int
poll_listen(struct cmdline *cl, int nargs)
{
	epprpc_poll_options po = EPPRPC_POLL_OPTIONS_INIT;
	epprpc_poll_listener *l = NULL;
	char *password = NULL;
	int rc, ex;

	if (nargs > 0)
		return cli_usage_error(PROG, "poll-listen takes no arguments");
	if (cl->exchange == NULL)
		return cli_usage_error(PROG,
		                       "poll-listen needs --exchange NAME");
	if ((ex = check_files(cl)) != CLI_OK)
		return ex;
	if (cl->password_file) {
		if ((password = read_secret(cl->password_file)) == NULL)
			return CLI_NOINPUT;
		cl->o.password = password;
	}
	po.exchange = cl->exchange;
	po.queue = cl->o.queue_name;
	rc = epprpc_poll_listen(&l, &cl->o, &po);
	if (rc != EPPRPC_OK)
		ex = fail(rc, &cl->o, cl->password_file);
	else
		ex = rpc_poll_listen(l, cl->exchange, cl->count);
	epprpc_poll_listener_free(l);
	free(password);
	return ex;
}

int
main(int argc, char **argv)
{
	struct cmdline cl;
	epprpc_client *c = NULL;
	const char *cmd;
	char *password = NULL, *text = NULL, *reply = NULL;
	json_t *req;
	size_t reply_len = 0;
	int rc, ex;

	memset(&cl, 0, sizeof(cl));
	cl.o = (epprpc_options)EPPRPC_OPTIONS_INIT;
	cl.how = RPC_OUT_JSON;
	cl.concurrency = 1;
	if ((ex = parse(&cl, argc, argv)) >= 0)
		return ex;
	cmd = argv[optind];
	if (strcmp(cmd, "poll-listen") == 0)
		return poll_listen(&cl, argc - optind - 1);
	if (cl.exchange || cl.count)
		return cli_usage_error(PROG, "%s needs the poll-listen command",
		                       cl.exchange ? "--exchange" : "--count");
	if (strcmp(cmd, "call") == 0)
		req = call_request(argc - optind - 1, argv + optind + 1);
	else
		req = rpc_build_request(cmd, argc - optind - 1,
		                        argv + optind + 1);
	if (req == NULL)
		return CLI_USAGE;
	/* Unicode names become A-labels here, so any gate gets what EPP
	 * carries (libepp refuses them otherwise, naming the A-label) */
	if (!cl.no_idn) {
		epp_error e;

		if (epp_idn_request(req, 1, &e) != EPP_OK) {
			fprintf(stderr, "%s: %s\n", PROG, e.text);
			json_decref(req);
			return CLI_USAGE;
		}
	}
	text = json_dumps(req, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(req);
	if (text == NULL) {
		fprintf(stderr, "epp-rpc: out of memory\n");
		return CLI_TRANSPORT;
	}
	if (cl.dry_run) {
		/* The request as it would be sent; no broker needed. */
		puts(text);
		free(text);
		return CLI_OK;
	}
	if ((ex = check_files(&cl)) != CLI_OK) {
		free(text);
		return ex;
	}
	if (cl.password_file) {
		if ((password = read_secret(cl.password_file)) == NULL) {
			free(text);
			return CLI_NOINPUT;
		}
		cl.o.password = password;
	}
	rc = epprpc_client_open(&c, &cl.o);
	if (rc != EPPRPC_OK) {
		ex = fail(rc, &cl.o, cl.password_file);
	} else if (cl.repeat > 0) {
		ex = rpc_load(c, text, cl.repeat, (int)cl.concurrency, cl.json);
	} else {
		rc = epprpc_call_len(&reply, &reply_len, c, text, strlen(text),
		                     0);
		ex = rc != EPPRPC_OK ? fail(rc, &cl.o, cl.password_file)
		                     : print_reply(reply, reply_len, cl.how);
	}
	epprpc_free(reply);
	epprpc_client_free(c);
	free(text);
	free(password);
	return ex;
}
