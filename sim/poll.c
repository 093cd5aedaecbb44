/*
 * Poll queues (RFC 5730 section 2.9.2.3): one FIFO per registrar; req
 * shows the oldest message, ack removes it by id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "sim.h"

void
sim_poll_enqueue(const char *clid, const char *text, char *xml, time_t qdate)
{
	struct sim_user *u = sim_user_get(clid);
	struct sim_msg *m;

	/* Objects of a registrar no longer in the users file: dropped. */
	if (u == NULL || (m = calloc(1, sizeof(*m))) == NULL) {
		free(xml);
		return;
	}
	m->id = ++sim_reg.next_msg;
	m->qdate = qdate;
	m->text = sim_strdup(text);
	m->xml = xml;
	if (u->q_tail != NULL)
		u->q_tail->next = m;
	else
		u->q_head = m;
	u->q_tail = m;
	u->q_count++;
}

static void
req(struct sim_cmd *c, struct sim_user *u)
{
	struct sim_msg *m = u->q_head;
	xmlNodePtr q, copy;
	xmlDocPtr d;

	if (m == NULL) {
		sim_resp_code(c->r, 1300);
		return;
	}
	sim_resp_code(c->r, 1301);
	q = sim_resp_msgq(c->r, u->q_count, m->id);
	sim_add_date(q, "qDate", m->qdate);
	sim_add(q, "msg", m->text);
	if (m->xml == NULL)
		return;
	d = xmlReadMemory(m->xml, (int)strlen(m->xml), NULL, NULL,
	                  XML_PARSE_NONET);
	if (d == NULL)
		return;
	if (sim_ext_poll_split(xmlDocGetRootElement(d), c->r, c->login_ext)) {
		xmlFreeDoc(d);
		return;
	}
	copy = xmlDocCopyNode(xmlDocGetRootElement(d), c->r->doc, 1);
	if (copy != NULL) {
		if (c->r->resdata == NULL)
			c->r->resdata = xmlNewNode(c->r->ns,
			                           (const xmlChar *)"resData");
		xmlAddChild(c->r->resdata, copy);
	}
	xmlFreeDoc(d);
}

static void
ack(struct sim_cmd *c, struct sim_user *u, xmlNodePtr poll)
{
	xmlChar *id = xmlGetProp(poll, (const xmlChar *)"msgID");
	struct sim_msg **pp, *m;
	char buf[32];

	if (id == NULL) {
		sim_resp_error(c->r, 2003, poll, "msgID is required");
		return;
	}
	for (pp = &u->q_head; (m = *pp) != NULL; pp = &m->next) {
		snprintf(buf, sizeof(buf), "%lu", m->id);
		if (strcmp(buf, (const char *)id) == 0)
			break;
	}
	if (m == NULL) {
		sim_resp_error(c->r, 2303, poll, "no such message");
		xmlFree(id);
		return;
	}
	*pp = m->next;
	if (u->q_tail == m) {
		/* The new tail is the element before m, if any. */
		struct sim_msg *t = u->q_head;

		while (t != NULL && t->next != NULL)
			t = t->next;
		u->q_tail = t;
	}
	u->q_count--;
	sim_resp_msgq(c->r, u->q_count, m->id);
	free(m->text);
	free(m->xml);
	free(m);
	xmlFree(id);
}

void
sim_poll_cmd(struct sim_cmd *c, xmlNodePtr poll)
{
	struct sim_user *u = sim_user_get(c->clid);
	xmlChar *op = xmlGetProp(poll, (const xmlChar *)"op");

	if (u == NULL) {
		sim_resp_code(c->r, 2400);
	} else if (op != NULL && strcmp((const char *)op, "req") == 0) {
		req(c, u);
	} else if (op != NULL && strcmp((const char *)op, "ack") == 0) {
		ack(c, u, poll);
	} else {
		sim_resp_error(c->r, 2005, poll, "op must be req or ack");
	}
	xmlFree(op);
}
