/*
 * libepprpc configuration: explicit options, RPC_CLIENT_CONF,
 * RPC_CLIENT_CONF_PATH, precedence, validation, and no password in any
 * error text. Also: every error code has its own string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "epprpc/epprpc.h"

#define SECRET "s3cr3t-Pa55"

static char conf_file[64];

static int
setup(void **state)
{
	(void)state;
	unsetenv("RPC_CLIENT_CONF");
	unsetenv("RPC_CLIENT_CONF_PATH");
	unsetenv("RPC_CLIENT_HEALTH_FILE");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (conf_file[0])
		unlink(conf_file);
	conf_file[0] = '\0';
	return setup(state);
}

static const char *
write_conf(const char *text)
{
	int fd;

	snprintf(conf_file, sizeof(conf_file), "/tmp/rpc_conf_XXXXXX");
	fd = mkstemp(conf_file);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	return conf_file;
}

static void
explicit_options_and_defaults(void **state)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;

	(void)state;
	o.use_env = 0;
	o.username = "u";
	o.password = SECRET;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.host, "localhost");
	assert_int_equal(r.port, 5672);
	assert_string_equal(r.vhost, "/");
	assert_string_equal(r.queue_name, "epp_messages");
	assert_int_equal(r.timeout_ms, 30000);
	assert_int_equal(r.retry_delay_ms, 2000);
	assert_int_equal(r.reply_mode, EPPRPC_REPLY_DIRECT);
	assert_int_equal(r.max_reply, 16 * 1024 * 1024);
	assert_int_equal(r.lazy_connect, 0);
	assert_null(r.health_file);
	epprpc_options_release(&r);
	o.tls = 1;
	o.max_reply = 1000;
	o.lazy_connect = 1;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_int_equal(r.port, 5671);
	assert_int_equal(r.max_reply, 1000);
	assert_int_equal(r.lazy_connect, 1);
	epprpc_options_release(&r);
}

static void
conf_env_text_port_as_string(void **state)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;

	(void)state;
	setenv("RPC_CLIENT_CONF",
	       "{\"host\": \"h1\", \"port\": \"5673\", \"username\": \"u1\", "
	       "\"password\": \"" SECRET "\", \"timeout\": 5, "
	       "\"queue_name\": \"q1\"}",
	       1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.host, "h1");
	assert_int_equal(r.port, 5673);
	assert_string_equal(r.username, "u1");
	assert_string_equal(r.password, SECRET);
	assert_int_equal(r.timeout_ms, 5000);
	assert_string_equal(r.queue_name, "q1");
	epprpc_options_release(&r);
}

static void
conf_path_wins_over_text_explicit_wins_over_file(void **state)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;

	(void)state;
	setenv("RPC_CLIENT_CONF", "{\"host\": \"from-text\"}", 1);
	setenv("RPC_CLIENT_CONF_PATH",
	       write_conf("{\"host\": \"from-file\", \"port\": 5999, "
	                  "\"username\": \"u\", \"password\": \"p\", "
	                  "\"queue_name\": \"file_q\", \"reply_mode\": "
	                  "\"queue\", \"max_reply\": 65536, "
	                  "\"lazy_connect\": true}"),
	       1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.host, "from-file");
	assert_int_equal(r.port, 5999);
	assert_string_equal(r.queue_name, "file_q");
	assert_int_equal(r.reply_mode, EPPRPC_REPLY_QUEUE);
	assert_int_equal(r.max_reply, 65536);
	assert_int_equal(r.lazy_connect, 1);
	epprpc_options_release(&r);
	o.max_reply = 100;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_int_equal(r.max_reply, 100);
	epprpc_options_release(&r);
	o.max_reply = 0;

	/* The explicit queue name wins (the Python client lets the file
	 * override it). */
	o.queue_name = "explicit_q";
	o.host = "explicit-host";
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.queue_name, "explicit_q");
	assert_string_equal(r.host, "explicit-host");
	epprpc_options_release(&r);

	/* use_env = 0: the environment is not read at all. */
	o.use_env = 0;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EINVAL);
	assert_non_null(strstr(epprpc_last_error(), "username"));
}

static void
health_file_env_and_explicit(void **state)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;

	(void)state;
	o.username = "u";
	o.password = "p";
	setenv("RPC_CLIENT_HEALTH_FILE", "/tmp/health-env", 1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.health_file, "/tmp/health-env");
	epprpc_options_release(&r);
	o.health_file = "/tmp/health-explicit";
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.health_file, "/tmp/health-explicit");
	epprpc_options_release(&r);
}

static void
invalid_values(void **state)
{
	static const char *const bad[] = {
	        "{\"username\": \"u\", \"password\": \"p\", \"port\": \"abc\"}",
	        "{\"username\": \"u\", \"password\": \"p\", \"port\": 70000}",
	        "{\"username\": \"u\", \"password\": \"p\", \"port\": 5672.5}",
	        "{\"username\": \"u\", \"password\": \"p\", \"timeout\": -1}",
	        "{\"username\": \"u\", \"password\": \"p\", \"host\": 7}",
	        "{\"username\": \"u\", \"password\": \"p\", \"tls\": \"yes\"}",
	        "{\"username\": \"u\", \"password\": \"p\", \"max_reply\": 0}",
	        "{\"username\": \"u\", \"password\": \"p\", \"max_reply\": "
	        "1.5}",
	        "{\"username\": \"u\", \"password\": \"p\", \"lazy_connect\": "
	        "\"no\"}",
	        "{\"username\": \"u\", \"password\": \"p\", \"reply_mode\": "
	        "\"fast\"}",
	        "{\"username\": \"u\", \"password\": \"p\", \"queue_name\": "
	        "\"\"}",
	        "{\"username\": \"u\"}",
	        "[1, 2]",
	};
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("RPC_CLIENT_CONF", bad[i], 1);
		assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EINVAL);
		assert_true(strlen(epprpc_last_error()) > 0);
	}
	o.version = 99;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EINVAL);
}

static void
no_password_in_errors(void **state)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;
	epprpc_client *c = (epprpc_client *)&o;

	(void)state;
	/* Broken JSON right at the password: jansson would quote it. */
	setenv("RPC_CLIENT_CONF",
	       "{\"username\": \"u\", \"password\": " SECRET "}", 1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EINVAL);
	assert_null(strstr(epprpc_last_error(), SECRET));
	setenv("RPC_CLIENT_CONF_PATH",
	       write_conf("{\"password\": \"" SECRET "\" garbage"), 1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EINVAL);
	assert_null(strstr(epprpc_last_error(), SECRET));
	assert_non_null(strstr(epprpc_last_error(), conf_file));
	unsetenv("RPC_CLIENT_CONF_PATH");

	/* Nothing listens on port 1: connect fails, names the address, not
	 * the password. */
	o.use_env = 0;
	o.host = "127.0.0.1";
	o.port = 1;
	o.username = "u";
	o.password = SECRET;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_ECONNECT);
	assert_null(c);
	assert_non_null(strstr(epprpc_last_error(), "127.0.0.1:1"));
	assert_null(strstr(epprpc_last_error(), SECRET));

	setenv("RPC_CLIENT_CONF_PATH", "/nonexistent/rpc.json", 1);
	o.use_env = 1;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EIO);
}

/* The nodes of a cluster: "hosts" in the configuration or the option. */
static void
cluster_hosts(void **state)
{
	const char *const explicit[] = {"a", "[::1]:5680", NULL};
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;

	(void)state;
	setenv("RPC_CLIENT_CONF",
	       "{\"hosts\": [\"m1:5673\", \"m2\", \"m3:5675\"], \"port\": "
	       "5690, "
	       "\"username\": \"u\", \"password\": \"" SECRET "\"}",
	       1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.hosts[0], "m1:5673");
	assert_string_equal(r.hosts[1], "m2:5690");
	assert_string_equal(r.hosts[2], "m3:5675");
	assert_null(r.hosts[3]);
	assert_string_equal(r.host, "m1");
	assert_int_equal(r.port, 5673);
	epprpc_options_release(&r);

	o.hosts = explicit;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.hosts[0], "a:5690");
	assert_string_equal(r.hosts[1], "[::1]:5680");
	assert_null(r.hosts[2]);
	epprpc_options_release(&r);

	/* Without "hosts": one node, host and port. */
	setenv("RPC_CLIENT_CONF",
	       "{\"host\": \"h\", \"username\": \"u\", \"password\": \"p\"}",
	       1);
	o.hosts = NULL;
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_OK);
	assert_string_equal(r.hosts[0], "h:5672");
	assert_null(r.hosts[1]);
	epprpc_options_release(&r);

	setenv("RPC_CLIENT_CONF",
	       "{\"hosts\": [\"m1:99999\"], \"username\": \"u\", "
	       "\"password\": \"p\"}",
	       1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EINVAL);
	assert_non_null(strstr(epprpc_last_error(), "broker node 1"));
	setenv("RPC_CLIENT_CONF",
	       "{\"hosts\": \"m1\", \"username\": \"u\", \"password\": \"p\"}",
	       1);
	assert_int_equal(epprpc_options_resolve(&r, &o), EPPRPC_EINVAL);
	assert_non_null(strstr(epprpc_last_error(), "\"hosts\""));
}

static void
every_code_has_a_distinct_string(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < EPPRPC_ERRCODE_COUNT; i++) {
		const char *s = epprpc_strerror(-i);
		assert_string_not_equal(s, "unknown error");
		for (j = 0; j < i; j++)
			assert_string_not_equal(s, epprpc_strerror(-j));
	}
	assert_string_equal(epprpc_strerror(-EPPRPC_ERRCODE_COUNT),
	                    "unknown error");
	assert_string_equal(epprpc_strerror(3), "unknown error");
}

static void
null_arguments(void **state)
{
	char dummy, *reply = &dummy;

	(void)state;

	epprpc_client_free(NULL);
	epprpc_free(NULL);
	assert_int_equal(epprpc_client_open(NULL, NULL), EPPRPC_EINVAL);
	assert_int_equal(epprpc_call(&reply, NULL, "{}", 0), EPPRPC_EINVAL);
	assert_null(reply);
}

/* The poll listener: its options are checked before any connection, and
 * a broker that is not there is named without the password. */
static void
poll_listener_options(void **state)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT;
	epprpc_poll_options po = EPPRPC_POLL_OPTIONS_INIT;
	epprpc_poll_listener *l = (epprpc_poll_listener *)&o;
	epprpc_poll_message *m = (epprpc_poll_message *)&o;

	(void)state;
	o.use_env = 0;
	o.host = "127.0.0.1";
	o.port = 1;
	o.username = "u";
	o.password = SECRET;
	assert_int_equal(po.prefetch, 16);
	assert_int_equal(epprpc_poll_listen(&l, &o, &po), EPPRPC_EINVAL);
	assert_null(l);
	assert_non_null(strstr(epprpc_last_error(), "exchange"));
	po.exchange = "epp_poll";
	po.prefetch = 0;
	assert_int_equal(epprpc_poll_listen(&l, &o, &po), EPPRPC_EINVAL);
	assert_non_null(strstr(epprpc_last_error(), "prefetch"));
	po.prefetch = 16;
	po.queue = "";
	assert_int_equal(epprpc_poll_listen(&l, &o, &po), EPPRPC_EINVAL);
	po.queue = "listener";
	assert_int_equal(epprpc_poll_listen(&l, &o, &po), EPPRPC_ECONNECT);
	assert_null(l);
	assert_non_null(strstr(epprpc_last_error(), "127.0.0.1:1"));
	assert_null(strstr(epprpc_last_error(), SECRET));
	assert_int_equal(epprpc_poll_listen(NULL, &o, &po), EPPRPC_EINVAL);
	assert_int_equal(epprpc_poll_listener_next(&m, NULL, 0), EPPRPC_EINVAL);
	assert_null(m);
	assert_int_equal(epprpc_poll_listener_ack(NULL, NULL), EPPRPC_EINVAL);
	assert_null(epprpc_poll_listener_queue(NULL));
	epprpc_poll_message_free(NULL);
	epprpc_poll_listener_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(explicit_options_and_defaults,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(conf_env_text_port_as_string,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                conf_path_wins_over_text_explicit_wins_over_file, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(health_file_env_and_explicit,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(invalid_values, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(no_password_in_errors, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cluster_hosts, setup, teardown),
	        cmocka_unit_test(every_code_has_a_distinct_string),
	        cmocka_unit_test(null_arguments),
	        cmocka_unit_test_setup_teardown(poll_listener_options, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
