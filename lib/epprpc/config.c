/*
 * libepprpc configuration: explicit options, RPC_CLIENT_CONF(_PATH) JSON,
 * defaults. Error texts name the key or the file, never a value: the
 * configuration holds the broker password.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rpc_private.h"

#define DEFAULT_TIMEOUT_MS         30000
#define DEFAULT_CONNECT_TIMEOUT_MS 10000
#define DEFAULT_RETRY_DELAY_MS     2000

static int
load_file(json_t **out, const char *path)
{
	FILE *f;
	char *buf;
	size_t n;
	json_error_t jerr;

	f = fopen(path, "rb");
	if (f == NULL)
		return epprpc__fail(EPPRPC_EIO,
		                    "cannot open configuration %s: %s", path,
		                    strerror(errno));
	buf = malloc(EPPRPC_MAX_CONF + 1);
	if (buf == NULL) {
		fclose(f);
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	}
	n = fread(buf, 1, EPPRPC_MAX_CONF + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return epprpc__fail(EPPRPC_EIO, "cannot read configuration %s",
		                    path);
	}
	fclose(f);
	if (n > EPPRPC_MAX_CONF) {
		free(buf);
		return epprpc__fail(EPPRPC_EINVAL,
		                    "configuration %s is larger than %d bytes",
		                    path, EPPRPC_MAX_CONF);
	}
	/* jansson's error text may quote the input near the error, which
	 * can be the password: report the position only. */
	*out = json_loadb(buf, n, 0, &jerr);
	free(buf);
	if (*out == NULL || !json_is_object(*out)) {
		int line = *out == NULL ? jerr.line : 1;
		json_decref(*out);
		*out = NULL;
		return epprpc__fail(EPPRPC_EINVAL,
		                    "configuration %s is not a JSON object "
		                    "(line %d)",
		                    path, line);
	}
	return EPPRPC_OK;
}

static int
load_text(json_t **out, const char *what, const char *text)
{
	json_error_t jerr;

	if (strlen(text) > EPPRPC_MAX_CONF)
		return epprpc__fail(EPPRPC_EINVAL, "%s is too long", what);
	*out = json_loads(text, 0, &jerr);
	if (*out == NULL || !json_is_object(*out)) {
		int col = *out == NULL ? jerr.column : 0;
		json_decref(*out);
		*out = NULL;
		return epprpc__fail(EPPRPC_EINVAL,
		                    "%s is not a JSON object (column %d)", what,
		                    col);
	}
	return EPPRPC_OK;
}

/* conf_string: the string at `key`, NULL when absent; EINVAL when not a
 * string. */
static int
conf_string(const char **out, const json_t *conf, const char *key)
{
	const json_t *v = conf ? json_object_get(conf, key) : NULL;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return EPPRPC_OK;
	if (!json_is_string(v))
		return epprpc__fail(EPPRPC_EINVAL,
		                    "configuration: \"%s\" must be a string",
		                    key);
	*out = json_string_value(v);
	return EPPRPC_OK;
}

/* conf_number: an integer given as a JSON number or a decimal string
 * ("port": "5672" like the Python client); `*found` 0 when absent. */
static int
conf_number(double *out, int *found, const json_t *conf, const char *key)
{
	const json_t *v = conf ? json_object_get(conf, key) : NULL;
	char *end;

	*found = 0;
	if (v == NULL || json_is_null(v))
		return EPPRPC_OK;
	if (json_is_number(v)) {
		*out = json_number_value(v);
	} else if (json_is_string(v) && json_string_value(v)[0] != '\0') {
		errno = 0;
		*out = strtod(json_string_value(v), &end);
		if (errno != 0 || *end != '\0')
			goto bad;
	} else {
		goto bad;
	}
	*found = 1;
	return EPPRPC_OK;
bad:
	return epprpc__fail(EPPRPC_EINVAL,
	                    "configuration: \"%s\" must be a number", key);
}

static int
conf_bool(int *out, const json_t *conf, const char *key)
{
	const json_t *v = conf ? json_object_get(conf, key) : NULL;

	if (v == NULL || json_is_null(v))
		return EPPRPC_OK;
	if (!json_is_boolean(v))
		return epprpc__fail(
		        EPPRPC_EINVAL,
		        "configuration: \"%s\" must be true or false", key);
	*out = json_is_true(v);
	return EPPRPC_OK;
}

/* pick: the explicit value, else the configured one, else `def`, copied. */
static int
pick(const char **dst, const char *explicit, const json_t *conf,
     const char *key, const char *def)
{
	const char *v = explicit;
	int rc;

	if (v == NULL) {
		rc = conf_string(&v, conf, key);
		if (rc)
			return rc;
	}
	if (v == NULL)
		v = def;
	*dst = NULL;
	if (v == NULL)
		return EPPRPC_OK;
	*dst = strdup(v);
	if (*dst == NULL)
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	return EPPRPC_OK;
}

int
epprpc__node_parse(const char *spec, int defport, char *host, size_t hostlen,
                   int *port)
{
	const char *h = spec, *end, *colon;
	char *e;
	long v;

	if (spec[0] == '[') {
		h = spec + 1;
		end = strchr(h, ']');
		if (end == NULL || (end[1] != '\0' && end[1] != ':'))
			return -1;
		colon = end[1] == ':' ? end + 1 : NULL;
	} else {
		colon = strrchr(spec, ':');
		if (colon != NULL && strchr(spec, ':') != colon)
			return -1; /* a bare IPv6 address needs brackets */
		end = colon ? colon : spec + strlen(spec);
	}
	if (end == h || (size_t)(end - h) >= hostlen)
		return -1;
	memcpy(host, h, (size_t)(end - h));
	host[end - h] = '\0';
	*port = defport;
	if (colon != NULL) {
		errno = 0;
		v = strtol(colon + 1, &e, 10);
		if (colon[1] == '\0' || *e != '\0' || errno || v < 1 ||
		    v > 65535)
			return -1;
		*port = (int)v;
	}
	return 0;
}

static void
hosts_free(const char *const *hosts)
{
	size_t i;

	for (i = 0; hosts != NULL && hosts[i] != NULL; i++)
		free((void *)(uintptr_t)hosts[i]);
	free((void *)(uintptr_t)hosts);
}

/* The node list: the explicit one, else "hosts" of the configuration,
 * else host:port alone; each checked and written "host:port" (IPv6 in
 * brackets). The first node becomes r->host and r->port. */
static int
resolve_hosts(epprpc_options *r, const epprpc_options *o, const json_t *conf)
{
	const json_t *arr = conf ? json_object_get(conf, "hosts") : NULL;
	char host[256], **out;
	const char *spec;
	size_t i, n = 0;
	int port, defport = r->port;

	while (o->hosts != NULL && o->hosts[n] != NULL)
		n++;
	if (n == 0 && arr != NULL && !json_is_null(arr)) {
		if (!json_is_array(arr) || json_array_size(arr) == 0)
			return epprpc__fail(EPPRPC_EINVAL,
			                    "configuration: \"hosts\" must be "
			                    "a list of \"host:port\" strings");
		n = json_array_size(arr);
	} else {
		arr = NULL;
	}
	out = calloc(n + 2, sizeof(*out));
	if (out == NULL)
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	r->hosts = (const char *const *)out;
	if (n == 0) {
		/* One node: host and port. */
		out[0] = malloc(strlen(r->host) + 16);
		if (out[0] == NULL)
			return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
		sprintf(out[0], strchr(r->host, ':') ? "[%s]:%d" : "%s:%d",
		        r->host, r->port);
		return EPPRPC_OK;
	}
	for (i = 0; i < n; i++) {
		spec = arr ? json_string_value(json_array_get(arr, i))
		           : o->hosts[i];
		if (spec == NULL)
			return epprpc__fail(EPPRPC_EINVAL,
			                    "configuration: \"hosts\" must be "
			                    "a list of \"host:port\" strings");
		if (epprpc__node_parse(spec, defport, host, sizeof(host),
		                       &port) != 0)
			return epprpc__fail(
			        EPPRPC_EINVAL,
			        "broker node %zu \"%.200s\": expected "
			        "\"host:port\" with a port from 1 "
			        "to 65535 (an IPv6 address in "
			        "brackets)",
			        i + 1, spec);
		out[i] = malloc(strlen(host) + 16);
		if (out[i] == NULL)
			return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
		sprintf(out[i], strchr(host, ':') ? "[%s]:%d" : "%s:%d", host,
		        port);
		if (i == 0) {
			char *h = strdup(host);
			if (h == NULL)
				return epprpc__fail(EPPRPC_ENOMEM,
				                    "out of memory");
			free((void *)(uintptr_t)r->host);
			r->host = h;
			r->port = port;
		}
	}
	return EPPRPC_OK;
}

void
epprpc_options_release(epprpc_options *o)
{
	const char **strs[] = {&o->host,      &o->username,   &o->password,
	                       &o->vhost,     &o->queue_name, &o->health_file,
	                       &o->conf_path, &o->ca_file,    &o->cert_file,
	                       &o->key_file};
	size_t i;

	if (o == NULL)
		return;
	hosts_free(o->hosts);
	o->hosts = NULL;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		/* Ours: strdup'd by epprpc_options_resolve(). */
		free((void *)(uintptr_t)*strs[i]);
		*strs[i] = NULL;
	}
}

static int
resolve(epprpc_options *r, const epprpc_options *o, const json_t *conf)
{
	const char *env = NULL, *mode = NULL;
	double num;
	int found, rc;

	if ((rc = pick(&r->host, o->host, conf, "host", "localhost")) ||
	    (rc = pick(&r->username, o->username, conf, "username", NULL)) ||
	    (rc = pick(&r->password, o->password, conf, "password", NULL)) ||
	    (rc = pick(&r->vhost, o->vhost, conf, "vhost", "/")) ||
	    (rc = pick(&r->queue_name, o->queue_name, conf, "queue_name",
	               "epp_messages")) ||
	    (rc = pick(&r->ca_file, o->ca_file, conf, "ca_file", NULL)) ||
	    (rc = pick(&r->cert_file, o->cert_file, conf, "cert_file", NULL)) ||
	    (rc = pick(&r->key_file, o->key_file, conf, "key_file", NULL)) ||
	    (rc = pick(&r->conf_path, o->conf_path, NULL, "", NULL)))
		return rc;
	if (r->username == NULL)
		return epprpc__fail(EPPRPC_EINVAL,
		                    "no broker username (option, "
		                    "RPC_CLIENT_CONF or RPC_CLIENT_CONF_PATH)");
	if (r->password == NULL)
		return epprpc__fail(EPPRPC_EINVAL,
		                    "no broker password (option, "
		                    "RPC_CLIENT_CONF or RPC_CLIENT_CONF_PATH)");
	if (r->queue_name[0] == '\0' || strlen(r->queue_name) > 255)
		return epprpc__fail(EPPRPC_EINVAL,
		                    "queue name must have 1 to 255 bytes");

	r->tls = o->tls;
	if (!r->tls && (rc = conf_bool(&r->tls, conf, "tls")))
		return rc;
	r->tls_no_verify = o->tls_no_verify;
	if (!r->tls_no_verify) {
		int verify = 1;
		if ((rc = conf_bool(&verify, conf, "tls_verify")))
			return rc;
		r->tls_no_verify = !verify;
	}

	r->port = o->port;
	if (r->port == 0) {
		if ((rc = conf_number(&num, &found, conf, "port")))
			return rc;
		if (found &&
		    (num < 1 || num > 65535 || num != (double)(int)num))
			r->port = -1;
		else
			r->port = found ? (int)num : (r->tls ? 5671 : 5672);
	}
	if (r->port < 1 || r->port > 65535)
		return epprpc__fail(EPPRPC_EINVAL,
		                    "port must be a number from 1 to 65535");
	if ((rc = resolve_hosts(r, o, conf)))
		return rc;

	r->timeout_ms = o->timeout_ms;
	if (r->timeout_ms <= 0) {
		if ((rc = conf_number(&num, &found, conf, "timeout")))
			return rc;
		if (found && (num <= 0 || num > 86400))
			return epprpc__fail(EPPRPC_EINVAL,
			                    "timeout must be 0 to 86400 s");
		r->timeout_ms = found ? (int)(num * 1000) : DEFAULT_TIMEOUT_MS;
	}
	r->connect_timeout_ms = o->connect_timeout_ms > 0
	                                ? o->connect_timeout_ms
	                                : DEFAULT_CONNECT_TIMEOUT_MS;
	r->retry_delay_ms = o->retry_delay_ms > 0 ? o->retry_delay_ms
	                                          : DEFAULT_RETRY_DELAY_MS;
	r->max_reply = o->max_reply;
	if (r->max_reply == 0) {
		if ((rc = conf_number(&num, &found, conf, "max_reply")))
			return rc;
		if (found && (num < 1 || num > 1073741824.0 ||
		              num != (double)(size_t)num))
			return epprpc__fail(EPPRPC_EINVAL,
			                    "max_reply must be 1 to 1073741824 "
			                    "bytes");
		r->max_reply = found ? (size_t)num : EPPRPC_DEFAULT_MAX_REPLY;
	}
	r->lazy_connect = o->lazy_connect != 0;
	if (!r->lazy_connect &&
	    (rc = conf_bool(&r->lazy_connect, conf, "lazy_connect")))
		return rc;

	r->reply_mode = o->reply_mode;
	if (r->reply_mode == EPPRPC_REPLY_DIRECT) {
		if ((rc = conf_string(&mode, conf, "reply_mode")))
			return rc;
		if (mode != NULL && strcmp(mode, "queue") == 0)
			r->reply_mode = EPPRPC_REPLY_QUEUE;
		else if (mode != NULL && strcmp(mode, "direct") != 0)
			return epprpc__fail(EPPRPC_EINVAL,
			                    "reply_mode must be \"direct\" or "
			                    "\"queue\"");
	} else if (r->reply_mode != EPPRPC_REPLY_QUEUE) {
		return epprpc__fail(EPPRPC_EINVAL, "unknown reply mode %d",
		                    r->reply_mode);
	}

	if (o->health_file == NULL && o->use_env)
		env = getenv("RPC_CLIENT_HEALTH_FILE");
	if (env != NULL && env[0] == '\0')
		env = NULL;
	return pick(&r->health_file, o->health_file ? o->health_file : env,
	            conf, "health_file", NULL);
}

int
epprpc_options_resolve(epprpc_options *out, const epprpc_options *opts)
{
	epprpc_options defaults = EPPRPC_OPTIONS_INIT;
	json_t *conf = NULL;
	const char *path = NULL, *text = NULL;
	int rc = EPPRPC_OK;

	if (out == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no output options");
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != EPPRPC_OPTIONS_VERSION)
		return epprpc__fail(EPPRPC_EINVAL,
		                    "options version %u, expected %d",
		                    opts->version, EPPRPC_OPTIONS_VERSION);
	epprpc__clear_error();
	memset(out, 0, sizeof(*out));
	out->version = EPPRPC_OPTIONS_VERSION;
	out->use_env = opts->use_env;

	/* Like the Python client: the file of RPC_CLIENT_CONF_PATH replaces
	 * RPC_CLIENT_CONF when both are set. An explicit file wins. */
	path = opts->conf_path;
	if (path == NULL && opts->use_env) {
		path = getenv("RPC_CLIENT_CONF_PATH");
		if (path != NULL && path[0] == '\0')
			path = NULL;
		if (path == NULL)
			text = getenv("RPC_CLIENT_CONF");
		if (text != NULL && text[0] == '\0')
			text = NULL;
	}
	if (path != NULL)
		rc = load_file(&conf, path);
	else if (text != NULL)
		rc = load_text(&conf, "RPC_CLIENT_CONF", text);
	if (rc == EPPRPC_OK)
		rc = resolve(out, opts, conf);
	json_decref(conf);
	if (rc != EPPRPC_OK)
		epprpc_options_release(out);
	return rc;
}

/* health_append: the Python client's line, "<error> at <asctime>". */
int
epprpc__health_append(const char *path, const char *what)
{
	char stamp[64];
	struct tm tm;
	time_t now = time(NULL);
	FILE *f;
	int ok;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%a %b %e %H:%M:%S %Y", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	f = fopen(path, "a");
	if (f == NULL)
		return -1;
	ok = fprintf(f, "%s at %s\n", what, stamp) > 0;
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}
