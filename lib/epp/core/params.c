/*
 * epp_params.txt: "host port login password" on one line.
 *
 * Strict on purpose: a second line or a fifth field usually means a
 * password with a blank in it or the wrong file, and guessing would send
 * the wrong secret to a registry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "epp/params.h"
#include "xml/xml_private.h"

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void
wipe_free(char *p)
{
	if (p) {
		OPENSSL_cleanse(p, strlen(p));
		free(p);
	}
}

void
epp_params_clear(epp_params *p)
{
	if (p == NULL)
		return;
	free(p->host);
	free(p->port);
	free(p->login);
	wipe_free(p->password);
	memset(p, 0, sizeof(*p));
}

static int
port_ok(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && v >= 1 && v <= 65535;
}

/* Split buf (modified) into at most 5 fields; returns how many. */
static int
split(char *buf, char *field[5])
{
	char *p = buf;
	int n = 0;

	while (*p) {
		while (is_space(*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n == 5)
			break;
		field[n++] = p;
		while (*p && !is_space(*p))
			p++;
	}
	return n;
}

int
epp_params_parse(epp_params *out, const char *text, size_t len,
                 const char *name, epp_error *err)
{
	char *buf, *p, *field[5];
	size_t i;
	int n, lines = 0, rc = EPP_EINVAL;

	if (out == NULL || (text == NULL && len > 0))
		return epp__error_set(err, EPP_EINVAL, "invalid argument");
	memset(out, 0, sizeof(*out));
	if (name == NULL)
		name = "credentials";
	if (len > EPP_PARAMS_MAX_SIZE)
		return epp__error_set(err, EPP_ELIMIT,
		                      "%s: larger than %d bytes", name,
		                      EPP_PARAMS_MAX_SIZE);
	if (memchr(text, '\0', len) != NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "%s: contains a NUL byte", name);
	buf = malloc(len + 1);
	if (buf == NULL)
		return epp__error_set(err, EPP_ENOMEM, "%s: out of memory",
		                      name);
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* One line: trailing newlines are fine, a second line is not. */
	for (i = len; i > 0 && is_space(buf[i - 1]); i--)
		buf[i - 1] = '\0';
	for (p = buf; *p; p++)
		if (*p == '\n')
			lines++;
	if (lines > 0) {
		epp__error_set(err, rc,
		               "%s: expected one line 'host port login "
		               "password', found %d lines",
		               name, lines + 1);
		goto out;
	}
	n = split(buf, field);
	if (n > 4) {
		epp__error_set(err, rc,
		               "%s: more than 4 fields; expected 'host port "
		               "login password' (spaces are not allowed in a "
		               "value)",
		               name);
		goto out;
	}
	if (n < 4) {
		epp__error_set(err, rc,
		               "%s: %d field%s, expected 4: 'host port login "
		               "password'",
		               name, n, n == 1 ? "" : "s");
		goto out;
	}
	if (!port_ok(field[1])) {
		epp__error_set(err, rc,
		               "%s: the port (field 2) is not a number from 1 "
		               "to 65535",
		               name);
		goto out;
	}
	out->host = strdup(field[0]);
	out->port = strdup(field[1]);
	out->login = strdup(field[2]);
	out->password = strdup(field[3]);
	if (!out->host || !out->port || !out->login || !out->password) {
		epp_params_clear(out);
		epp__error_set(err, EPP_ENOMEM, "%s: out of memory", name);
		rc = EPP_ENOMEM;
		goto out;
	}
	rc = EPP_OK;
out:
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}

int
epp_params_load(epp_params *out, const char *path, epp_error *err)
{
	char buf[EPP_PARAMS_MAX_SIZE + 1];
	FILE *fp;
	size_t n;
	int rc;

	if (out == NULL || path == NULL)
		return epp__error_set(err, EPP_EINVAL, "invalid argument");
	memset(out, 0, sizeof(*out));
	fp = fopen(path, "r");
	if (fp == NULL)
		return epp__error_set(err, EPP_EIO, "%s: cannot open: %s", path,
		                      strerror(errno));
	n = fread(buf, 1, sizeof(buf), fp);
	if (ferror(fp)) {
		rc = epp__error_set(err, EPP_EIO, "%s: read error: %s", path,
		                    strerror(errno));
		fclose(fp);
		return rc;
	}
	fclose(fp);
	rc = epp_params_parse(out, buf, n, path, err);
	OPENSSL_cleanse(buf, n);
	return rc;
}
