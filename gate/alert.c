/*
 * Alert mail through libcurl's SMTP: STARTTLS required on smtp://, TLS
 * from the start on smtps://. Sent from a thread of its own so a slow mail
 * server never holds up requests.
 *
 * libcurl (with the dozen libraries it pulls in) is loaded only when alert
 * mail is configured: a gate without it stays a few megabytes smaller.
 */
#define CURL_DISABLE_TYPECHECK 1
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "gate.h"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*init)(void);
	CURLcode (*setopt)(CURL *, CURLoption, ...);
	CURLcode (*perform)(CURL *);
	void (*cleanup)(CURL *);
	const char *(*strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} api;

static int
sym(void *lib, const char *name, void *fnp)
{
	void *p = dlsym(lib, name);

	if (p == NULL)
		return -1;
	/* POSIX guarantees a dlsym() result converts to a function pointer. */
	memcpy(fnp, &p, sizeof(p));
	return 0;
}

int
gate_alert_init(char *err, size_t errlen)
{
	void *lib;

	if (api.init)
		return 0;
	lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		snprintf(err, errlen, "alert mail needs libcurl: %s",
		         dlerror());
		return -1;
	}
	if (sym(lib, "curl_global_init", &api.global_init) ||
	    sym(lib, "curl_easy_setopt", &api.setopt) ||
	    sym(lib, "curl_easy_perform", &api.perform) ||
	    sym(lib, "curl_easy_cleanup", &api.cleanup) ||
	    sym(lib, "curl_easy_strerror", &api.strerror) ||
	    sym(lib, "curl_slist_append", &api.slist_append) ||
	    sym(lib, "curl_slist_free_all", &api.slist_free_all) ||
	    sym(lib, "curl_easy_init", &api.init)) {
		snprintf(err, errlen, "libcurl.so.4 lacks a function");
		api.init = NULL;
		return -1;
	}
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl initialisation failed");
		api.init = NULL;
		return -1;
	}
	return 0;
}

struct payload {
	const char *data;
	size_t len, off;
};

static size_t
read_payload(char *buf, size_t size, size_t nmemb, void *userp)
{
	struct payload *p = userp;
	size_t n = size * nmemb;

	if (n > p->len - p->off)
		n = p->len - p->off;
	memcpy(buf, p->data + p->off, n);
	p->off += n;
	return n;
}

int
gate_alert_send(const struct gate_alert_conf *a, const char *subject,
                const char *body)
{
	struct curl_slist *rcpt = NULL;
	struct payload pl;
	char date[64], host[128];
	char *msg;
	size_t cap, i;
	time_t now = time(NULL);
	struct tm tm;
	CURLcode rc;
	CURL *c;
	int n;

	if (api.init == NULL)
		return -1;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	cap = strlen(subject) + strlen(body) + strlen(a->from) + 512;
	for (i = 0; a->to[i]; i++)
		cap += strlen(a->to[i]) + 2;
	msg = malloc(cap);
	if (msg == NULL)
		return -1;
	n = snprintf(msg, cap, "Date: %s\r\nFrom: %s\r\nTo: ", date, a->from);
	for (i = 0; a->to[i]; i++)
		n += snprintf(msg + n, cap - (size_t)n, "%s%s", i ? ", " : "",
		              a->to[i]);
	snprintf(msg + n, cap - (size_t)n,
	         "\r\nSubject: [epp-gate %s] %s\r\n"
	         "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
	         host, subject, body);
	pl.data = msg;
	pl.len = strlen(msg);
	pl.off = 0;

	c = api.init();
	if (c == NULL) {
		free(msg);
		return -1;
	}
	for (i = 0; a->to[i]; i++)
		rcpt = api.slist_append(rcpt, a->to[i]);
	api.setopt(c, CURLOPT_URL, a->url);
	if (a->username)
		api.setopt(c, CURLOPT_USERNAME, a->username);
	if (a->password)
		api.setopt(c, CURLOPT_PASSWORD, a->password);
	if (a->starttls && strncmp(a->url, "smtp:", 5) == 0)
		api.setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (a->insecure) {
		api.setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		api.setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	api.setopt(c, CURLOPT_MAIL_FROM, a->from);
	api.setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	api.setopt(c, CURLOPT_READFUNCTION, read_payload);
	api.setopt(c, CURLOPT_READDATA, &pl);
	api.setopt(c, CURLOPT_UPLOAD, 1L);
	api.setopt(c, CURLOPT_NOSIGNAL, 1L);
	api.setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	api.setopt(c, CURLOPT_TIMEOUT, 30L);
	rc = api.perform(c);
	if (rc != CURLE_OK)
		log_warn("alert mail to %s failed: %s", a->url,
		         api.strerror(rc));
	else
		log_info("alert mail sent: %s", subject);
	api.slist_free_all(rcpt);
	api.cleanup(c);
	free(msg);
	return rc == CURLE_OK ? 0 : -1;
}

void
gate_alert_body(char *buf, size_t size, int healthy, int up, int n,
                const struct gate_alert_session *down, int ndown,
                const char *doing)
{
	char when[64];
	size_t o;
	int i;

	if (size == 0)
		return;
	o = (size_t)snprintf(buf, size,
	                     "%d of %d EPP sessions are logged in.\n", up, n);
	if (!healthy && ndown > 0 && o < size)
		o += (size_t)snprintf(buf + o, size - o, "\nSessions down:\n");
	for (i = 0; i < ndown && o < size; i++) {
		time_t t = (time_t)(down[i].since_ms / 1000);
		struct tm tm;

		if (down[i].since_ms > 0 && gmtime_r(&t, &tm) != NULL)
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC",
			         &tm);
		else
			snprintf(when, sizeof(when), "the start");
		o += (size_t)snprintf(buf + o, size - o,
		                      "  session %d: down since %s: %s\n",
		                      down[i].id, when,
		                      down[i].error && down[i].error[0]
		                              ? down[i].error
		                              : "no attempt finished yet");
	}
	if (doing && doing[0] && o < size)
		snprintf(buf + o, size - o, "\n%s\n", doing);
}
