/*
 * Error strings, the error setters every layer uses, and library
 * initialisation.
 */
#include <stdarg.h>
#include <stdio.h>

#include <libxml/parser.h>
#include <openssl/ssl.h>

#include "base/base_private.h"
#include "epp/common.h"

static const char *const errstr[EPP_ERRCODE_COUNT] = {
        "success",                           /* EPP_OK */
        "out of memory",                     /* EPP_ENOMEM */
        "invalid argument",                  /* EPP_EINVAL */
        "input/output error",                /* EPP_EIO */
        "TLS error",                         /* EPP_ETLS */
        "timed out",                         /* EPP_ETIMEOUT */
        "connection closed by peer",         /* EPP_ECLOSED */
        "protocol error",                    /* EPP_EPROTO */
        "size or depth limit exceeded",      /* EPP_ELIMIT */
        "host name resolution failed",       /* EPP_ERESOLVE */
        "TCP connect failed",                /* EPP_ECONNECT */
        "login refused by registry",         /* EPP_ELOGIN */
        "operation not valid in this state", /* EPP_ESTATE */
        "more input needed",                 /* EPP_EAGAIN */
        "not found",                         /* EPP_ENOTFOUND */
};

int
epp__error_set(epp_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->line = 0;
	err->column = 0;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	epp__escape_controls(err->text, sizeof(err->text));
	return code;
}

void
epp__escape_controls(char *buf, size_t cap)
{
	char src[1024];
	size_t i, o = 0;

	for (i = 0; buf[i] != '\0'; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			break;
	if (buf[i] == '\0')
		return; /* the usual case: nothing to do */
	if (cap > sizeof(src))
		cap = sizeof(src);
	snprintf(src, sizeof(src), "%s", buf);
	for (i = 0; src[i] != '\0' && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c >= 0x20 && c != 0x7f) {
			buf[o++] = (char)c;
			continue;
		}
		if (o + 5 > cap - 1)
			break;
		o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
	}
	buf[o] = '\0';
}

int
epp__invalid(epp_error *err, const char *field, long idx, const char *problem)
{
	if (idx >= 0)
		return epp__error_set(err, EPP_EINVAL, "%s[%ld]: %s", field,
		                      idx, problem);
	return epp__error_set(err, EPP_EINVAL, "%s: %s", field, problem);
}

const char *
epp_strerror(int code)
{
	if (code > 0 || -code >= EPP_ERRCODE_COUNT)
		return "unknown error";
	return errstr[-code];
}

int
epp_global_init(void)
{
	xmlInitParser();
	if (OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS |
	                             OPENSSL_INIT_LOAD_CRYPTO_STRINGS,
	                     NULL) != 1)
		return EPP_ENOMEM;
	return EPP_OK;
}

void
epp_global_cleanup(void)
{
	xmlCleanupParser();
}

const char *
epp_version(void)
{
	return EPP_VERSION;
}
