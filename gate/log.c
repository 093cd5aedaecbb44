/*
 * epp-gate logging: one line per event on stderr (the journal under
 * systemd), written with a single write() so lines of several workers
 * never mix. Secrets are taken out of XML and JSON before they are put in
 * a line (gate_redact_*), and every line is also scrubbed of the literal
 * passwords the gate knows, as a second guard.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "gate.h"

#define LOG_LINE_MAX 8192
#define MAX_SECRETS  16

static int log_level = GATE_LOG_INFO;
static pthread_mutex_t secrets_lock = PTHREAD_MUTEX_INITIALIZER;
static char *secrets[MAX_SECRETS];

void
gate_log_init(int level)
{
	log_level = level;
}

int
gate_log_enabled(int level)
{
	return level <= log_level;
}

void
gate_log_add_secret(const char *secret)
{
	int i;

	/* Very short secrets would blank out ordinary words. */
	if (secret == NULL || strlen(secret) < 3)
		return;
	pthread_mutex_lock(&secrets_lock);
	for (i = 0; i < MAX_SECRETS; i++) {
		if (secrets[i] && strcmp(secrets[i], secret) == 0)
			break;
		if (secrets[i] == NULL) {
			secrets[i] = strdup(secret);
			break;
		}
	}
	pthread_mutex_unlock(&secrets_lock);
}

void
gate_log_clear_secrets(void)
{
	int i;

	pthread_mutex_lock(&secrets_lock);
	for (i = 0; i < MAX_SECRETS; i++) {
		free(secrets[i]);
		secrets[i] = NULL;
	}
	pthread_mutex_unlock(&secrets_lock);
}

void
gate_scrub_secrets(char *s)
{
	int i;
	char *p;
	size_t n;

	pthread_mutex_lock(&secrets_lock);
	for (i = 0; i < MAX_SECRETS && secrets[i]; i++) {
		n = strlen(secrets[i]);
		for (p = strstr(s, secrets[i]); p;
		     p = strstr(p + n, secrets[i]))
			memset(p, '*', n);
	}
	pthread_mutex_unlock(&secrets_lock);
}

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void
gate_log(int level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	size_t n;
	int k;

	if (level > log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
	k = snprintf(line + n, sizeof(line) - n, ".%03ld %s ",
	             ts.tv_nsec / 1000000L, level_names[level]);
	n += (size_t)k;
	va_start(ap, fmt);
	k = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (k < 0)
		k = 0;
	n += (size_t)k;
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n] = '\0';
	/* One event, one line: XML and JSON arrive with newlines; no
	 * other control character (a terminal escape) either. */
	for (char *p = line; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	gate_scrub_secrets(line);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0) {
		/* nowhere else to report it */
	}
}

/* Local name of a tag starting at `p` (after '<' or '</'): its length and
 * where it starts, skipping a namespace prefix. */
static size_t
tag_local(const char *p, const char *end, const char **local)
{
	const char *q = p, *start = p;

	while (q < end && *q != '>' && *q != '/' &&
	       !isspace((unsigned char)*q)) {
		if (*q == ':')
			start = q + 1;
		q++;
	}
	*local = start;
	return (size_t)(q - start);
}

static int
is_secret_tag(const char *name, size_t n)
{
	return (n == 2 && memcmp(name, "pw", 2) == 0) ||
	       (n == 5 && memcmp(name, "newPW", 5) == 0) ||
	       (n == 8 && memcmp(name, "authInfo", 8) == 0);
}

char *
gate_redact_xml(const char *xml, size_t len)
{
	const char *p = xml, *end = xml + len, *local, *gt, *close;
	char *out, *o;
	size_t n;

	/* Redaction only shrinks secret content to "***" (3 bytes), but an
	 * empty element grows: leave room for it. */
	out = malloc(len * 2 + 4);
	if (out == NULL)
		return NULL;
	o = out;
	while (p < end) {
		if (*p != '<' || p + 1 >= end || p[1] == '/' || p[1] == '?' ||
		    p[1] == '!') {
			*o++ = *p++;
			continue;
		}
		n = tag_local(p + 1, end, &local);
		gt = memchr(p, '>', (size_t)(end - p));
		if (gt == NULL || !is_secret_tag(local, n) || gt[-1] == '/') {
			*o++ = *p++;
			continue;
		}
		/* Copy the start tag, skip to the matching end tag of the same
		 * local name (secret elements do not nest in themselves). */
		memcpy(o, p, (size_t)(gt + 1 - p));
		o += gt + 1 - p;
		p = gt + 1;
		close = p;
		for (;;) {
			const char *cl;
			size_t cn;

			close = memchr(close, '<', (size_t)(end - close));
			if (close == NULL || close + 1 >= end)
				break;
			if (close[1] != '/') {
				close++;
				continue;
			}
			cn = tag_local(close + 2, end, &cl);
			if (cn == n && memcmp(cl, local, n) == 0)
				break;
			close++;
		}
		memcpy(o, "***", 3);
		o += 3;
		if (close == NULL || close + 1 >= end) {
			p = end; /* unterminated: drop the rest */
			break;
		}
		p = close;
	}
	*o = '\0';
	return out;
}

static int
is_secret_key(const char *k)
{
	static const char *const keys[] = {
	        "auth_info", "password", "pw",     "new_password",
	        "newPW",     "authInfo", "new_pw", NULL};
	int i;

	for (i = 0; keys[i]; i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static void
redact_json_value(json_t *v)
{
	const char *k;
	json_t *c;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, k, c)
		{
			if (is_secret_key(k) && !json_is_null(c))
				json_object_set_new(v, k, json_string("***"));
			else
				redact_json_value(c);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c) redact_json_value(c);
	}
}

char *
gate_redact_json(const char *json, size_t len)
{
	json_t *root;
	char *out;

	root = json_loadb(json, len, 0, NULL);
	if (root == NULL) {
		out = malloc(48);
		if (out)
			snprintf(out, 48, "(%zu bytes, not JSON)", len);
		return out;
	}
	redact_json_value(root);
	out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return out;
}
