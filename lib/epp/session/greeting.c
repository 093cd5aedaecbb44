/*
 * The server <greeting> (RFC 5730 section 2.4) and the session commands
 * that are not about an object: <login>, <logout>, <hello>.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/command_private.h"
#include "epp/ext_loginsec.h"
#include "ext/ext_private.h"
#include "session/greeting_private.h"
#include "xml/xml_private.h"

int
epp__list_has(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

void
epp__strlist_free(char **list)
{
	char **p;

	for (p = list; p && *p; p++)
		free(*p);
	free(list);
}

void
epp__greeting_free(epp__greeting *g)
{
	if (g == NULL)
		return;
	epp__strlist_free(g->versions);
	epp__strlist_free(g->langs);
	epp__strlist_free(g->obj_uris);
	epp__strlist_free(g->ext_uris);
	free(g->sv_id);
	free(g->sv_date);
	free(g->dcp_access);
	free(g);
}

/* The longest text a greeting keeps (svID, a URI, ...): the schema's
 * limits are far below; a longer one is refused, not copied. */
#define GREETING_TEXT_MAX 4096

/* Trimmed text of `n` as a malloc'd string; *ok = 0 when out of memory,
 * -1 when the text is longer than GREETING_TEXT_MAX. */
static char *
dup_text(const xmlNode *n, int *ok)
{
	const xmlNode *c;
	size_t len = 0;
	xmlChar *t;
	char *s;

	if (n == NULL)
		return NULL;
	for (c = n->children; c; c = c->next)
		if (c->content != NULL)
			len += strlen((const char *)c->content);
	if (len > GREETING_TEXT_MAX) {
		*ok = -1;
		return NULL;
	}
	t = epp__xml_text(n);
	s = t ? strdup((const char *)t) : NULL;
	xmlFree(t);
	if (s == NULL && *ok == 1)
		*ok = 0;
	return s;
}

/* The texts of every child `name` of `parent`, as a NULL-terminated list
 * (never NULL unless out of memory). */
static char **
collect(const xmlNode *parent, const char *name, int *ok)
{
	const xmlNode *c;
	size_t n = 0, i = 0;
	char **list;

	for (c = epp__xml_child(parent, EPP_NS_EPP, name); c;
	     c = epp__xml_next(c, EPP_NS_EPP, name))
		n++;
	list = calloc(n + 1, sizeof(*list));
	if (list == NULL) {
		*ok = 0;
		return NULL;
	}
	for (c = epp__xml_child(parent, EPP_NS_EPP, name); c && i < n;
	     c = epp__xml_next(c, EPP_NS_EPP, name)) {
		list[i] = dup_text(c, ok);
		if (list[i] == NULL)
			break;
		i++;
	}
	return list;
}

/* The greeting in `doc`, which it frees. */
static int
from_doc(epp__greeting **out, xmlDocPtr doc, epp_error *err)
{
	xmlNodePtr root, gr, menu, ext, access, c;
	epp__greeting *g;
	int ok = 1;

	root = xmlDocGetRootElement(doc);
	gr = root && xmlStrEqual(root->name, (const xmlChar *)"epp") &&
	                     root->ns &&
	                     xmlStrEqual(root->ns->href,
	                                 (const xmlChar *)EPP_NS_EPP)
	             ? epp__xml_child(root, EPP_NS_EPP, "greeting")
	             : NULL;
	if (gr == NULL) {
		xmlFreeDoc(doc);
		return epp__error_set(err, EPP_EPROTO,
		                      "not an EPP greeting (no "
		                      "<epp><greeting> in the %s namespace)",
		                      EPP_NS_EPP);
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL) {
		xmlFreeDoc(doc);
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	}
	menu = epp__xml_child(gr, EPP_NS_EPP, "svcMenu");
	ext = menu ? epp__xml_child(menu, EPP_NS_EPP, "svcExtension") : NULL;
	g->sv_id = dup_text(epp__xml_child(gr, EPP_NS_EPP, "svID"), &ok);
	g->sv_date = dup_text(epp__xml_child(gr, EPP_NS_EPP, "svDate"), &ok);
	g->versions = collect(menu, "version", &ok);
	g->langs = collect(menu, "lang", &ok);
	g->obj_uris = collect(menu, "objURI", &ok);
	g->ext_uris = collect(ext, "extURI", &ok);
	access = epp__xml_child(epp__xml_child(gr, EPP_NS_EPP, "dcp"),
	                        EPP_NS_EPP, "access");
	for (c = access ? access->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			g->dcp_access = strdup((const char *)c->name);
			if (g->dcp_access == NULL)
				ok = 0;
			break;
		}
	xmlFreeDoc(doc);
	if (ok < 0) {
		epp__greeting_free(g);
		return epp__error_set(
		        err, EPP_ELIMIT,
		        "a text of the greeting is longer than %d "
		        "bytes",
		        GREETING_TEXT_MAX);
	}
	if (!ok) {
		epp__greeting_free(g);
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	}
	if (menu == NULL || g->versions[0] == NULL) {
		epp__greeting_free(g);
		return epp__error_set(err, EPP_EPROTO,
		                      "greeting without <svcMenu><version>");
	}
	g->pub.sv_id = g->sv_id;
	g->pub.sv_date = g->sv_date;
	g->pub.versions = (const char *const *)g->versions;
	g->pub.langs = (const char *const *)g->langs;
	g->pub.obj_uris = (const char *const *)g->obj_uris;
	g->pub.ext_uris = (const char *const *)g->ext_uris;
	g->pub.dcp_access = g->dcp_access;
	*out = g;
	return EPP_OK;
}

int
epp__greeting_parse(epp__greeting **out, const char *xml, size_t len,
                    size_t max_size, epp_error *err)
{
	xmlDocPtr doc = NULL;
	int rc;

	*out = NULL;
	rc = epp__xml_parse(&doc, xml, len, max_size, err);
	return rc != EPP_OK ? rc : from_doc(out, doc, err);
}

int
epp__greeting_take(epp__greeting **out, char *frame, size_t len,
                   size_t max_size, epp_error *err)
{
	xmlDocPtr doc = NULL;
	int rc;

	*out = NULL;
	rc = epp__xml_parse(&doc, frame, len, max_size, err);
	free(frame);
	return rc != EPP_OK ? rc : from_doc(out, doc, err);
}

static int
add_list(xmlNodePtr parent, xmlNsPtr ns, const char *name,
         const char *const *list)
{
	for (; list && *list; list++)
		if (epp__xml_add(parent, ns, name, *list) == NULL)
			return EPP_ENOMEM;
	return EPP_OK;
}

/* The <loginSec:loginSec> of RFC 8807: user agent, long pw, new pw. */
static int
login_security(epp__builder *b, const epp__login_params *p, int long_pw)
{
	xmlNodePtr ext = epp__builder_extension(b), top, ua;
	xmlNsPtr ns;

	if (ext == NULL || (top = epp__ext_top(ext, EPP_NS_LOGINSEC, "loginSec",
	                                       "loginSec", NULL, &ns)) == NULL)
		return EPP_ENOMEM;
	if (p->ua_app || p->ua_tech || p->ua_os) {
		if ((ua = epp__xml_add(top, ns, "userAgent", NULL)) == NULL ||
		    (p->ua_app && !epp__xml_add(ua, ns, "app", p->ua_app)) ||
		    (p->ua_tech && !epp__xml_add(ua, ns, "tech", p->ua_tech)) ||
		    (p->ua_os && !epp__xml_add(ua, ns, "os", p->ua_os)))
			return EPP_ENOMEM;
	}
	if ((long_pw && !epp__xml_add(top, ns, "pw", p->password)) ||
	    (p->new_password &&
	     !epp__xml_add(top, ns, "newPW", p->new_password)))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__login_build(epp_command **out, const epp__login_params *p,
                 const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr login, opts, svcs, ext;
	xmlNsPtr ns;
	int rc, long_pw;

	*out = NULL;
	/* Checked here so that nothing unserialisable reaches libxml2;
	 * the message never quotes the value. */
	if (!epp__xml_text_ok(p->client_id) || !epp__xml_text_ok(p->password) ||
	    (p->new_password && !epp__xml_text_ok(p->new_password)))
		return epp__error_set(err, EPP_EINVAL,
		                      "login: client id or password missing "
		                      "or not valid text");
	if ((p->ua_app && !epp__xml_text_ok(p->ua_app)) ||
	    (p->ua_tech && !epp__xml_text_ok(p->ua_tech)) ||
	    (p->ua_os && !epp__xml_text_ok(p->ua_os)))
		return epp__error_set(err, EPP_EINVAL,
		                      "login: user agent is not valid text");
	rc = epp__builder_begin(&b, "login", EPP_COMMAND_TRANSFORM, "login",
	                        &login);
	if (rc != EPP_OK)
		return epp__error_set(err, rc, "out of memory");
	ns = b.epp_ns;
	/* RFC 8807: eppcom:pwType allows 6-16 characters; a longer
	 * password, and any new one, travels in the extension */
	long_pw = p->loginsec && strlen(p->password) > EPP__PW_MAX;
	if (epp__xml_add(login, ns, "clID", p->client_id) == NULL ||
	    epp__xml_add(login, ns, "pw",
	                 long_pw ? EPP_LOGINSEC_PLACEHOLDER : p->password) ==
	            NULL ||
	    (p->new_password &&
	     epp__xml_add(login, ns, "newPW",
	                  p->loginsec ? EPP_LOGINSEC_PLACEHOLDER
	                              : p->new_password) == NULL) ||
	    (opts = epp__xml_add(login, ns, "options", NULL)) == NULL ||
	    epp__xml_add(opts, ns, "version", p->version) == NULL ||
	    epp__xml_add(opts, ns, "lang", p->lang) == NULL ||
	    (svcs = epp__xml_add(login, ns, "svcs", NULL)) == NULL ||
	    add_list(svcs, ns, "objURI", p->obj_uris) != EPP_OK)
		goto oom;
	if (p->ext_uris && p->ext_uris[0]) {
		ext = epp__xml_add(svcs, ns, "svcExtension", NULL);
		if (ext == NULL ||
		    add_list(ext, ns, "extURI", p->ext_uris) != EPP_OK)
			goto oom;
	}
	if (p->loginsec && login_security(&b, p, long_pw) != EPP_OK)
		goto oom;
	return epp__builder_end(&b, cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return epp__error_set(err, EPP_ENOMEM, "out of memory");
}

int
epp__logout_build(epp_command **out, const char *cltrid, epp_error *err)
{
	epp__builder b;
	int rc;

	rc = epp__builder_begin(&b, "logout", EPP_COMMAND_TRANSFORM, "logout",
	                        NULL);
	if (rc != EPP_OK)
		return epp__error_set(err, rc, "out of memory");
	return epp__builder_end(&b, cltrid, out, err);
}

int
epp__hello_build(epp_command **out, epp_error *err)
{
	epp__builder b;
	int rc;

	rc = epp__builder_begin(&b, "hello", EPP_COMMAND_QUERY, NULL, NULL);
	if (rc != EPP_OK)
		return epp__error_set(err, rc, "out of memory");
	return epp__builder_end(&b, NULL, out, err);
}
