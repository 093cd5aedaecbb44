/*
 * Alert mail through libcurl's SMTP: STARTTLS required on smtp://, TLS
 * from the start on smtps://. Sent from a thread of its own so a slow mail
 * server never holds up requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "gate.h"

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

	c = curl_easy_init();
	if (c == NULL) {
		free(msg);
		return -1;
	}
	for (i = 0; a->to[i]; i++)
		rcpt = curl_slist_append(rcpt, a->to[i]);
	curl_easy_setopt(c, CURLOPT_URL, a->url);
	if (a->username)
		curl_easy_setopt(c, CURLOPT_USERNAME, a->username);
	if (a->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, a->password);
	if (a->starttls && strncmp(a->url, "smtp:", 5) == 0)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (a->insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, a->from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_payload);
	curl_easy_setopt(c, CURLOPT_READDATA, &pl);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		log_warn("alert mail to %s failed: %s", a->url,
		         curl_easy_strerror(rc));
	else
		log_info("alert mail sent: %s", subject);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	free(msg);
	return rc == CURLE_OK ? 0 : -1;
}
