/*
 * eppctl json: one line per input in order, the expected JSON of the
 * samples, an error line naming a broken file while the others still
 * convert, standard input, exit codes, and nothing on stderr.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#define SAMPLES  EPPKIT_SAMPLES_DIR "/"
#define EXPECTED EPPKIT_SOURCE_DIR "/tests/data/samples/"

static char dir[] = "/tmp/eppkit-json-XXXXXX";
static char out[1 << 16], errout[4096];

static const char *
tmp(const char *name)
{
	static char paths[4][512];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	return p;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static size_t
read_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

/* Run "eppctl json ARGS < stdin_file", capture stdout and stderr. */
static int
run(const char *args, const char *stdin_file)
{
	char cmd[2048];
	int st;

	snprintf(cmd, sizeof(cmd), "%s json %s <%s >%s 2>%s", EPPCTL_PATH, args,
	         stdin_file ? stdin_file : "/dev/null", tmp("out"), tmp("err"));
	st = system(cmd);
	assert_true(WIFEXITED(st));
	read_file(tmp("out"), out, sizeof(out));
	read_file(tmp("err"), errout, sizeof(errout));
	return WEXITSTATUS(st);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	const char *names[] = {"out", "err", "bad.xml", "sjis.xml"};
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(tmp(names[i]));
	return rmdir(dir);
}

static void
test_files_in_order(void **state)
{
	char want[8192], line[8192];
	size_t n;

	(void)state;
	write_file(tmp("bad.xml"), "<epp><response>");
	/* bytes invalid in the declared encoding: libxml2 would print */
	write_file(tmp("sjis.xml"), "<?xml version=\"1.0\" encoding=\"Shift_JIS"
	                            "\"?><epp>\x81\x20\xff\xfe</epp>");
	snprintf(line, sizeof(line), "%s %s %s %s %s",
	         SAMPLES "rfc5731-domain-check-response.xml", tmp("bad.xml"),
	         tmp("missing.xml"), tmp("sjis.xml"),
	         SAMPLES "rfc5732-host-info-response.xml");
	assert_int_equal(run(line, NULL), 66);
	assert_string_equal(errout, "");

	/* line 1: the check response, as hand-checked */
	n = read_file(EXPECTED "rfc5731-domain-check-response.json", want,
	              sizeof(want));
	assert_memory_equal(out, want, n);
	/* line 2: the broken file, named; lines 3 and 4 likewise */
	snprintf(line, sizeof(line),
	         "{\"error\": \"%s: XML not well-formed: ", tmp("bad.xml"));
	assert_memory_equal(out + n, line, strlen(line));
	snprintf(
	        line, sizeof(line),
	        "{\"error\": \"%s: cannot open: No such file or directory\"}\n",
	        tmp("missing.xml"));
	assert_non_null(strstr(out, line));
	snprintf(line, sizeof(line), "{\"error\": \"%s: ", tmp("sjis.xml"));
	assert_non_null(strstr(out, line));
	/* line 5: the host info, still converted after the failures */
	read_file(EXPECTED "rfc5732-host-info-response.json", want,
	          sizeof(want));
	assert_true(strlen(out) > strlen(want));
	assert_string_equal(out + strlen(out) - strlen(want), want);
	/* exactly five lines */
	n = 0;
	for (char *p = out; *p; p++)
		n += *p == '\n';
	assert_int_equal(n, 5);
}

static void
test_stdin(void **state)
{
	char want[8192];

	(void)state;
	read_file(EXPECTED "rfc5733-contact-info-response.json", want,
	          sizeof(want));
	assert_int_equal(run("", SAMPLES "rfc5733-contact-info-response.xml"),
	                 0);
	assert_string_equal(out, want);
	assert_string_equal(errout, "");
	/* "-" is standard input among files */
	assert_int_equal(run("- " SAMPLES "rfc5730-hello.xml",
	                     SAMPLES "rfc5733-contact-info-response.xml"),
	                 0);
	assert_memory_equal(out, want, strlen(want));
	assert_string_equal(out + strlen(want),
	                    "{\"epp\": {\"hello\": null}}\n");
	/* empty input is not a document */
	assert_int_equal(run("", NULL), 66);
	assert_non_null(strstr(out, "{\"error\": \"-: "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_files_in_order),
	        cmocka_unit_test(test_stdin),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
