/*
 * eppctl against the in-test TLS server: hello prints the greeting
 * summary, login-test reports acceptance and refusal, exit codes 0/1/2/3,
 * credentials from --epp FILE, --password-file and EPP_PASSWORD, and the
 * password never printed, even with -v -v.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "epp/common.h"
#include "certgen.h"
#include "tls_server.h"

#define PASSWORD "Ctl-s3cret-pw"

static char dir[] = "/tmp/eppkit-ctl-XXXXXX";
static char out[65536];
static struct tls_server srv;
static char port[16];

static const char *
path(const char *name)
{
	static char paths[8][4200];
	static int next;
	char *p = paths[next++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	return p;
}

static void
write_file(const char *name, const char *text)
{
	FILE *f = fopen(path(name), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/*
 * Run eppctl with `args` (NULL-terminated) and, when `password_env` is
 * set, EPP_PASSWORD in its environment. Its stdout and stderr end up in
 * `out`. Returns the exit status.
 */
static int
eppctl(const char *password_env, ...)
{
	static char prog[] = EPPCTL_PATH;
	char *argv[40], env_pw[256], *envp[2] = {NULL, NULL};
	posix_spawn_file_actions_t fa;
	const char *log = path("eppctl.out");
	va_list ap;
	pid_t pid;
	int n = 0, status, fd;
	ssize_t len;

	argv[n++] = prog;
	va_start(ap, password_env);
	while (n < 39 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	if (password_env) {
		snprintf(env_pw, sizeof(env_pw), "EPP_PASSWORD=%s",
		         password_env);
		envp[0] = env_pw;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log,
	                                 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	assert_int_equal(posix_spawn(&pid, prog, &fa, NULL, argv, envp), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	fd = open(log, O_RDONLY);
	len = read(fd, out, sizeof(out) - 1);
	close(fd);
	out[len > 0 ? len : 0] = '\0';
	print_message("%s", out);
	assert_null(strstr(out, PASSWORD));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
hello_prints_greeting(void **state)
{
	(void)state;
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("ca.pem"), "hello", NULL),
	                 0);
	assert_non_null(strstr(out, "server      Mini Registry"));
	assert_non_null(strstr(out, "urn:ietf:params:xml:ns:secDNS-1.1"));
	assert_non_null(strstr(out, "dcp access  all"));
	assert_null(strstr(out, "logged in"));
}

static void
hello_logged_in_with_env_password(void **state)
{
	int logins = srv.reg.logins;

	(void)state;
	assert_int_equal(eppctl(PASSWORD, "-v", "-v", "--host", "localhost",
	                        "--port", port, "--ca", path("ca.pem"),
	                        "--user", "registrar-1", "hello", NULL),
	                 0);
	assert_non_null(strstr(out, "logged in   registrar-1 (1000)"));
	assert_non_null(strstr(out, "debug:")); /* -v -v logs, no secret */
	assert_int_equal(srv.reg.logins, logins + 1);
}

static void
login_test_epp_file(void **state)
{
	char line[256];

	(void)state;
	snprintf(line, sizeof(line), "localhost %s registrar-1 %s\n", port,
	         PASSWORD);
	write_file("epp_params.txt", line);
	assert_int_equal(eppctl(NULL, "--epp", path("epp_params.txt"), "--ca",
	                        path("ca.pem"), "login-test", NULL),
	                 0);
	assert_non_null(strstr(out, "login as registrar-1 accepted (1000)"));
	assert_non_null(strstr(out, "logged out"));
	/* Options after the subcommand work too. */
	write_file("pw.txt", "wrong-password\n");
	assert_int_equal(eppctl(NULL, "login-test", "--epp",
	                        path("epp_params.txt"), "--password-file",
	                        path("pw.txt"), "--ca", path("ca.pem"), NULL),
	                 1);
	assert_non_null(strstr(out, "2200"));
	assert_non_null(strstr(out, "Authentication error"));
}

static void
usage_and_connection_errors(void **state)
{
	(void)state;
	assert_int_equal(eppctl(NULL, "--help", NULL), 0);
	assert_non_null(strstr(out, "login-test"));
	assert_non_null(strstr(out, "--password-file"));
	assert_int_equal(eppctl(NULL, NULL), 64);
	assert_int_equal(eppctl(NULL, "frobnicate", NULL), 64);
	assert_int_equal(eppctl(NULL, "--password", PASSWORD, "--host",
	                        "localhost", "login-test", NULL),
	                 64);
	assert_non_null(strstr(out, "not accepted on the command line"));
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("ca.pem"), "login-test", NULL),
	                 64); /* no user, no password */
	/* The system CAs do not know the test CA. */
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "hello", NULL),
	                 3);
	assert_non_null(strstr(out, "certificate verification failed"));
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", "1",
	                        "hello", NULL),
	                 3);
	assert_non_null(strstr(out, "TCP connect"));
}

/* Each file error names the file and the reason, before any connection. */
static void
file_errors(void **state)
{
	(void)state;
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("missing-ca.pem"), "hello", NULL),
	                 66);
	assert_non_null(
	        strstr(out, "missing-ca.pem: No such file or directory"));
	assert_non_null(strstr(out, "CA file"));
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("ca.pem"), "--cert",
	                        path("client.pem"), "hello", NULL),
	                 64);
	assert_non_null(strstr(out, "--cert needs --key"));
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("ca.pem"), "--cert",
	                        path("client.pem"), "--key",
	                        path("missing.key"), "hello", NULL),
	                 66);
	assert_non_null(strstr(out, "missing.key: No such file or directory"));
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("ca.pem"), "--cert",
	                        path("missing.pem"), "--key",
	                        path("client.key"), "hello", NULL),
	                 66);
	assert_non_null(strstr(out, "client certificate (--cert)"));
	assert_int_equal(eppctl(NULL, "--epp", path("missing-params.txt"),
	                        "hello", NULL),
	                 66);
	assert_non_null(strstr(out, "missing-params.txt"));
	write_file("broken-params.txt", "localhost\n");
	assert_int_equal(
	        eppctl(NULL, "--epp", path("broken-params.txt"), "hello", NULL),
	        78);
}

/* The wrong name: the name in the certificate and the option to use. */
static void
name_mismatch(void **state)
{
	(void)state;
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("ca.pem"), "--server-name",
	                        "epp.example.net", "hello", NULL),
	                 3);
	assert_non_null(strstr(out, "hostname mismatch: the certificate is "
	                            "for localhost, 127.0.0.1, ::1"));
	assert_non_null(strstr(out, "--server-name NAME sets the name"));
	/* The name it is for works. */
	assert_int_equal(eppctl(NULL, "--host", "127.0.0.1", "--port", port,
	                        "--ca", path("ca.pem"), "--server-name",
	                        "localhost", "hello", NULL),
	                 0);
}

/* --json: one object a script can read. */
static void
hello_and_login_test_json(void **state)
{
	(void)state;
	assert_int_equal(eppctl(PASSWORD, "hello", "--json", "--host",
	                        "localhost", "--port", port, "--ca",
	                        path("ca.pem"), "--user", "registrar-1", NULL),
	                 0);
	assert_non_null(strstr(out, "{\"server\":\"Mini Registry"));
	assert_non_null(strstr(out, "\"logged_in\":\"registrar-1\","
	                            "\"code\":1000}"));
	assert_int_equal(eppctl(PASSWORD, "login-test", "--json", "--host",
	                        "localhost", "--port", port, "--ca",
	                        path("ca.pem"), "--user", "registrar-1", NULL),
	                 0);
	assert_non_null(strstr(out, "\"user\":\"registrar-1\",\"code\":1000,"
	                            "\"logged_out\":true}"));
	assert_null(strstr(out, PASSWORD));
}

/* Line ends in a registry's svID and result message: eppctl prints them
 * escaped, so a registry cannot forge a line of its output. */
static void
registry_text_escaped(void **state)
{
	char greeting[2048], line[256];
	const char *p = strstr(minireg_default_greeting, "Mini Registry");

	(void)state;
	snprintf(greeting, sizeof(greeting), "%.*sEvil&#13;\nReg%s",
	         (int)(p - minireg_default_greeting), minireg_default_greeting,
	         p + strlen("Mini Registry"));
	srv.reg.greeting = greeting;
	srv.reg.msg = "Denied\n0 forged line&#13;";
	assert_int_equal(eppctl(NULL, "--host", "localhost", "--port", port,
	                        "--ca", path("ca.pem"), "hello", NULL),
	                 0);
	assert_non_null(strstr(out, "server      Evil\\x0d\\x0aReg\n"));
	snprintf(line, sizeof(line), "localhost %s registrar-1 wrong-pw1\n",
	         port);
	write_file("epp_params.txt", line);
	assert_int_equal(eppctl(NULL, "--epp", path("epp_params.txt"), "--ca",
	                        path("ca.pem"), "login-test", NULL),
	                 1);
	srv.reg.greeting = NULL;
	srv.reg.msg = NULL;
	assert_non_null(strstr(out, "Denied\\x0a0 forged line"));
	assert_null(strstr(out, "\n0 forged"));
	assert_null(strchr(out, '\r'));
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL || certgen_write_all(dir) != 0)
		return -1;
	srv.cert_file = path("server.pem");
	srv.key_file = path("server.key");
	srv.reg.password = PASSWORD;
	if (tls_server_start(&srv) != 0)
		return -1;
	snprintf(port, sizeof(port), "%d", srv.port);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tls_server_stop(&srv);
	certgen_remove_all(dir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(hello_prints_greeting),
	        cmocka_unit_test(hello_logged_in_with_env_password),
	        cmocka_unit_test(login_test_epp_file),
	        cmocka_unit_test(usage_and_connection_errors),
	        cmocka_unit_test(file_errors),
	        cmocka_unit_test(name_mismatch),
	        cmocka_unit_test(hello_and_login_test_json),
	        cmocka_unit_test(registry_text_escaped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
