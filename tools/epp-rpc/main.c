/*
 * epp-rpc: send one request to epp-gate through RabbitMQ and print the
 * reply, or run a load of them (--repeat/--concurrency).
 *
 *   epp-rpc [options] CMD [ARGS...]     e.g. epp-rpc domain_check a.example
 *   epp-rpc [options] call 'JSON'
 *
 * Exit: 0 success, 1 registry error, 2 gate error, 3 transport error,
 * 64 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp-rpc.h"

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: epp-rpc [options] CMD [ARGS...]\n"
	        "       epp-rpc [options] call 'JSON'\n"
	        "options:\n"
	        "  --conf FILE           client configuration (JSON), else\n"
	        "                        $RPC_CLIENT_CONF_PATH or "
	        "$RPC_CLIENT_CONF\n"
	        "  --host H --port P --user U --password-file FILE\n"
	        "  --queue Q             request queue (default epp_messages)\n"
	        "  --timeout S           seconds to wait for a reply (default "
	        "from the\n"
	        "                        configuration, else 30)\n"
	        "  --reply-queue         exclusive reply queue instead of "
	        "direct reply-to\n"
	        "  --health-file FILE    on transport errors append a line, "
	        "wait, retry\n"
	        "  --pretty              indent the reply\n"
	        "  --brief               the result line, then one "
	        "path: value line each\n"
	        "  --dry-run             print the request, send nothing\n"
	        "  --repeat N            send the request N times and print "
	        "rates\n"
	        "  --concurrency K       from K threads (with --repeat)\n"
	        "commands: poll_req, poll_ack, host_check, host_info, "
	        "host_create,\n"
	        "  contact_check, contact_info, contact_create, "
	        "contact_update,\n"
	        "  contact_delete, domain_check, domain_info, domain_create,\n"
	        "  domain_delete, domain_renew, domain_update, "
	        "domain_transfer;\n"
	        "  other names are sent with key=value (or key:=JSON) args.\n"
	        "exit: 0 success, 1 registry error, 2 gate error, 3 transport "
	        "error\n");
}

/* read_secret: the first line of a file, for --password-file. */
static char *
read_secret(const char *path)
{
	char buf[1024];
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "epp-rpc: cannot open %s: %s\n", path,
		        strerror(errno));
		return NULL;
	}
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return strdup(buf);
}

static int
exit_for_rc(int rc)
{
	switch (rc) {
	case EPPRPC_EINVAL:
		return EXIT_USAGE;
	case EPPRPC_EREPLY:
		return EXIT_GATE;
	default:
		return EXIT_TRANSPORT;
	}
}

static int
print_reply(const char *text, size_t len, int pretty, int brief)
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
		return EXIT_GATE;
	}
	if (brief) {
		rpc_print_brief(reply, stdout);
	} else if (pretty) {
		out = json_dumps(reply, JSON_INDENT(2));
		if (out) {
			puts(out);
			free(out);
		}
	} else {
		fwrite(text, 1, len, stdout);
		putchar('\n');
	}
	cls = epprpc_reply_result(reply, &code, NULL);
	json_decref(reply);
	switch (cls) {
	case EPPRPC_RESULT_SUCCESS:
		return 0;
	case EPPRPC_RESULT_GATE_ERROR:
	case EPPRPC_RESULT_BAD_RESPONSE:
		return EXIT_GATE;
	default:
		return EXIT_REGISTRY;
	}
}

int
main(int argc, char **argv)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT;
	epprpc_client *c = NULL;
	const char *cmd;
	char *password = NULL, *text = NULL, *reply = NULL;
	json_t *req = NULL;
	json_error_t jerr;
	long repeat = 0;
	int concurrency = 1, pretty = 0, brief = 0, dry = 0, i, rc, ex;
	size_t reply_len = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i];
		const char *val = NULL;
		int takes = 1;

		if (strcmp(opt, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(opt, "--version") == 0) {
			printf("epp-rpc %s\n", EPPRPC_VERSION);
			return 0;
		}
		if (strcmp(opt, "--pretty") == 0) {
			pretty = 1;
			takes = 0;
		} else if (strcmp(opt, "--brief") == 0) {
			brief = 1;
			takes = 0;
		} else if (strcmp(opt, "--dry-run") == 0) {
			dry = 1;
			takes = 0;
		} else if (strcmp(opt, "--reply-queue") == 0) {
			o.reply_mode = EPPRPC_REPLY_QUEUE;
			takes = 0;
		}
		if (takes) {
			if (i + 1 >= argc) {
				fprintf(stderr, "epp-rpc: %s needs a value\n",
				        opt);
				return EXIT_USAGE;
			}
			val = argv[++i];
			if (strcmp(opt, "--conf") == 0) {
				o.conf_path = val;
			} else if (strcmp(opt, "--queue") == 0) {
				o.queue_name = val;
			} else if (strcmp(opt, "--timeout") == 0) {
				double s = atof(val);
				if (s <= 0 || s > 86400) {
					fprintf(stderr, "epp-rpc: --timeout "
					                "must be > 0 s\n");
					return EXIT_USAGE;
				}
				o.timeout_ms = (int)(s * 1000);
			} else if (strcmp(opt, "--host") == 0) {
				o.host = val;
			} else if (strcmp(opt, "--port") == 0) {
				o.port = atoi(val);
			} else if (strcmp(opt, "--user") == 0) {
				o.username = val;
			} else if (strcmp(opt, "--password-file") == 0) {
				free(password);
				password = read_secret(val);
				if (password == NULL)
					return EXIT_USAGE;
				o.password = password;
			} else if (strcmp(opt, "--health-file") == 0) {
				o.health_file = val;
			} else if (strcmp(opt, "--repeat") == 0) {
				repeat = atol(val);
			} else if (strcmp(opt, "--concurrency") == 0) {
				concurrency = atoi(val);
			} else {
				fprintf(stderr, "epp-rpc: unknown option %s\n",
				        opt);
				usage(stderr);
				return EXIT_USAGE;
			}
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[i++];
	if (strcmp(cmd, "call") == 0) {
		if (i + 1 != argc) {
			fprintf(stderr,
			        "epp-rpc: usage: epp-rpc call 'JSON'\n");
			return EXIT_USAGE;
		}
		req = json_loads(argv[i], 0, &jerr);
		if (req == NULL || !json_is_object(req) ||
		    !json_is_string(json_object_get(req, "cmd"))) {
			fprintf(stderr, "epp-rpc: call: a JSON object with "
			                "\"cmd\" expected\n");
			json_decref(req);
			return EXIT_USAGE;
		}
	} else {
		req = rpc_build_request(cmd, argc - i, argv + i);
		if (req == NULL)
			return EXIT_USAGE;
	}
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (text == NULL) {
		fprintf(stderr, "epp-rpc: out of memory\n");
		return EXIT_TRANSPORT;
	}

	if (dry) {
		/* The request as it would be sent; no broker needed. */
		puts(text);
		free(text);
		free(password);
		return 0;
	}
	rc = epprpc_client_open(&c, &o);
	if (rc != EPPRPC_OK) {
		fprintf(stderr, "epp-rpc: %s: %s\n", epprpc_strerror(rc),
		        epprpc_last_error());
		free(text);
		free(password);
		return exit_for_rc(rc);
	}
	if (repeat > 0) {
		ex = rpc_load(c, text, repeat, concurrency, 0);
	} else {
		rc = epprpc_call_len(c, text, strlen(text), 0, &reply,
		                     &reply_len);
		if (rc != EPPRPC_OK) {
			fprintf(stderr, "epp-rpc: %s: %s\n",
			        epprpc_strerror(rc), epprpc_last_error());
			ex = exit_for_rc(rc);
		} else {
			ex = print_reply(reply, reply_len, pretty, brief);
		}
	}
	epprpc_free(reply);
	epprpc_client_free(c);
	free(text);
	free(password);
	return ex;
}
