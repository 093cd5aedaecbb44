/*
 * RFC 8807 loginSec-1.0: the events of a login response. Building the
 * login extension is in greeting.c (epp__login_build), which owns the
 * <login> command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <libxml/xmlversion.h>
#include <openssl/crypto.h>

#include "epp/ext_loginsec.h"
#include "ext/ext_private.h"

int
epp__parse_loginsec(epp_response *r, const xmlNode *n)
{
	epp_loginsec_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	epp_loginsec_event *ev;
	const xmlNode *c;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->count = epp__rcount(n, EPP_NS_LOGINSEC, "event");
	ev = epp__arena_alloc(&r->arena, (d->count + 1) * sizeof(*ev));
	if (ev == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, EPP_NS_LOGINSEC, "event"); c != NULL;
	     c = epp__xml_next(c, EPP_NS_LOGINSEC, "event"), i++) {
		ev[i].type = epp__rattr(r, c, "type");
		ev[i].name = epp__rattr(r, c, "name");
		ev[i].level = epp__rattr(r, c, "level");
		ev[i].ex_date = epp__rattr(r, c, "exDate");
		ev[i].value = epp__rattr(r, c, "value");
		ev[i].duration = epp__rattr(r, c, "duration");
		ev[i].lang = epp__rattr(r, c, "lang");
		ev[i].text = epp__rtext(r, c);
		if (ev[i].text && *ev[i].text == '\0')
			ev[i].text = NULL;
	}
	d->events = ev;
	r->ext[EPP__RX_LOGINSEC] = d;
	return EPP_OK;
}

const epp_loginsec_data *
epp_response_loginsec(const epp_response *r)
{
	return r ? r->ext[EPP__RX_LOGINSEC] : NULL;
}

static char *
dup_or_default(const char *v, const char *dflt, int *ok)
{
	char *d;

	if (v == NULL)
		v = dflt;
	if (v == NULL || *v == '\0')
		return NULL;
	if ((d = strdup(v)) == NULL)
		*ok = 0;
	return d;
}

int
epp__user_agent(char *ua[3], const char *app, const char *tech, const char *os)
{
	char techbuf[160], osbuf[200];
	struct utsname u;
	int ok = 1;

	snprintf(techbuf, sizeof(techbuf), "libxml2 %s; %s",
	         LIBXML_DOTTED_VERSION, OpenSSL_version(OPENSSL_VERSION));
	if (uname(&u) == 0)
		snprintf(osbuf, sizeof(osbuf), "%s %s %s", u.sysname, u.release,
		         u.machine);
	else
		osbuf[0] = '\0';
	ua[0] = dup_or_default(app, "eppkit " EPP_VERSION, &ok);
	ua[1] = dup_or_default(tech, techbuf, &ok);
	ua[2] = dup_or_default(os, osbuf, &ok);
	return ok ? EPP_OK : EPP_ENOMEM;
}

void
epp__loginsec_log(const epp_response *r, epp_log_fn log, void *userdata)
{
	const epp_loginsec_data *d = epp_response_loginsec(r);
	char buf[512];

	if (log == NULL || d == NULL)
		return;
	for (size_t i = 0; i < d->count; i++) {
		const epp_loginsec_event *e = &d->events[i];
		int err = e->level && strcmp(e->level, "error") == 0;
		size_t n;

		n = (size_t)snprintf(
		        buf, sizeof(buf), "login security %s: %s%s%s",
		        err ? "error" : "warning", e->type ? e->type : "event",
		        e->name ? " " : "", e->name ? e->name : "");
		if (e->ex_date && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			                      " expires %s", e->ex_date);
		if (e->value && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			                      " value %s", e->value);
		if (e->duration && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			                      " over %s", e->duration);
		if (e->text && n < sizeof(buf))
			snprintf(buf + n, sizeof(buf) - n, ": %s", e->text);
		epp__escape_controls(buf, sizeof(buf));
		log(userdata, err ? EPP_LOG_ERROR : EPP_LOG_WARN, buf);
	}
}

/* RFC 8807: no element of its own in a command (the session puts
 * <loginSec:loginSec> into <login>); the namespace is announced at login. */
const epp__ext_module epp__ext_loginsec = {.name = "loginSec",
                                           .uri = EPP_NS_LOGINSEC};
