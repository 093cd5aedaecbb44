/*
 * epp-sim - internal definitions shared by the simulator's files.
 *
 * One process holds one registry (struct sim_registry) behind one mutex.
 * Each connection runs in its own thread: it reads a frame, parses and
 * validates it without the lock, then executes the command and builds the
 * response tree under the lock, and serialises and sends it without it.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <libxml/tree.h>

#define SIM_NS_EPP     "urn:ietf:params:xml:ns:epp-1.0"
#define SIM_NS_DOMAIN  "urn:ietf:params:xml:ns:domain-1.0"
#define SIM_NS_HOST    "urn:ietf:params:xml:ns:host-1.0"
#define SIM_NS_CONTACT "urn:ietf:params:xml:ns:contact-1.0"
#define SIM_NS_SECDNS  "urn:ietf:params:xml:ns:secDNS-1.1"
#define SIM_NS_RGP     "urn:ietf:params:xml:ns:rgp-1.0"
#define SIM_NS_ORG     "urn:ietf:params:xml:ns:epp:org-1.0"
#define SIM_NS_XSI     "http://www.w3.org/2001/XMLSchema-instance"

#define SIM_ID_MAX       64 /* clIDType is at most 16; room for roids */
#define SIM_MAX_ADDRS    13
#define SIM_MAX_NS       13
#define SIM_MAX_DS       8
#define SIM_MAX_CONTACTS 16

/* ---- configuration (main.c) ---- */

enum sim_drop_mode { SIM_DROP_CLOSE, SIM_DROP_RST, SIM_DROP_NOREPLY };

struct sim_config {
	const char *listen;
	const char *cert;
	const char *key;
	const char *ca;
	int require_client_cert;
	const char *users;
	const char *state;
	const char *port_file;
	int delay_ms;
	int jitter_ms;
	long drop_after; /* 0 = never */
	enum sim_drop_mode drop_mode;
	int max_sessions;    /* per registrar, 0 = unlimited */
	int max_connections; /* open at once; more are closed at once */
	int idle_timeout_s;  /* 0 = never */
	int write_timeout_s; /* a peer that does not read is dropped */
	size_t max_frame;
	long transfer_s;        /* pending transfer auto-approves after this */
	long redemption_s;      /* RGP redemption period */
	long pending_restore_s; /* RGP pendingRestore period */
	int quiet;              /* no per-command log lines */
};

/* ---- small string map (registry.c) ---- */

struct sim_entry {
	struct sim_entry *next;
	char *key;
	void *val;
};

struct sim_map {
	struct sim_entry **b;
	size_t nb;
	size_t n;
};

void *sim_map_get(const struct sim_map *m, const char *key);
/* Where the value of key is stored, or NULL when absent. */
void **sim_map_ref(const struct sim_map *m, const char *key);
int sim_map_put(struct sim_map *m, const char *key, void *val);
void *sim_map_del(struct sim_map *m, const char *key);
void sim_map_clear(struct sim_map *m, void (*free_val)(void *));
/* Calls fn for each value; fn must not modify the map. */
void sim_map_each(const struct sim_map *m, void (*fn)(void *val, void *arg),
                  void *arg);

/* ---- objects ---- */

/* Status values as bits; the names table is in registry.c. */
enum sim_status {
	ST_CLIENT_DELETE = 1u << 0,
	ST_CLIENT_HOLD = 1u << 1,
	ST_CLIENT_RENEW = 1u << 2,
	ST_CLIENT_TRANSFER = 1u << 3,
	ST_CLIENT_UPDATE = 1u << 4,
	ST_SERVER_DELETE = 1u << 5,
	ST_SERVER_HOLD = 1u << 6,
	ST_SERVER_RENEW = 1u << 7,
	ST_SERVER_TRANSFER = 1u << 8,
	ST_SERVER_UPDATE = 1u << 9,
	/* derived, never stored: */
	ST_OK = 1u << 10,
	ST_INACTIVE = 1u << 11,
	ST_LINKED = 1u << 12,
	ST_PENDING_DELETE = 1u << 13,
	ST_PENDING_TRANSFER = 1u << 14
};
#define ST_CLIENT_ALL                                                          \
	(ST_CLIENT_DELETE | ST_CLIENT_HOLD | ST_CLIENT_RENEW |                 \
	 ST_CLIENT_TRANSFER | ST_CLIENT_UPDATE)

const char *sim_status_name(unsigned bit);
unsigned sim_status_bit(const char *name); /* 0 when unknown */

enum sim_tr_status {
	TR_NONE = 0,
	TR_PENDING,
	TR_CLIENT_APPROVED,
	TR_CLIENT_CANCELLED,
	TR_CLIENT_REJECTED,
	TR_SERVER_APPROVED,
	TR_SERVER_CANCELLED
};
const char *sim_tr_status_name(int st);

struct sim_transfer {
	int status;
	char reid[SIM_ID_MAX];
	char acid[SIM_ID_MAX];
	time_t redate;
	time_t acdate;
	int period_months; /* domains only: years of the request * 12 */
	char cltrid[SIM_ID_MAX + 1]; /* of the request, for paTRID */
	char svtrid[SIM_ID_MAX];
};

/* Sponsor and history fields that every object has. */
struct sim_meta {
	char roid[SIM_ID_MAX];
	char clid[SIM_ID_MAX];
	char crid[SIM_ID_MAX];
	char upid[SIM_ID_MAX]; /* "" when never updated */
	time_t crdate;
	time_t update; /* 0 when never updated */
	time_t trdate; /* 0 when never transferred */
};

struct sim_ds {
	unsigned key_tag;
	unsigned alg;
	unsigned digest_type;
	char digest[256];
};

enum sim_rgp { RGP_NONE = 0, RGP_REDEMPTION, RGP_PENDING_RESTORE };

struct sim_domain {
	char *name;
	struct sim_meta m;
	unsigned status;
	char *registrant; /* NULL when absent */
	int ncontacts;
	struct {
		char type[8];
		char *id;
	} contacts[SIM_MAX_CONTACTS];
	int nns;
	char *ns[SIM_MAX_NS];
	char *pw;
	time_t exdate;
	int nds;
	struct sim_ds ds[SIM_MAX_DS];
	long max_sig_life; /* 0 = not set */
	int rgp;
	time_t rgp_until; /* end of the current RGP period */
	struct sim_transfer tr;
};

struct sim_addr {
	char ip[48];
	int v6;
};

struct sim_host {
	char *name;
	struct sim_meta m;
	unsigned status;
	int naddrs;
	struct sim_addr addrs[SIM_MAX_ADDRS];
	int refs; /* domains that delegate to it */
};

struct sim_postal {
	int present;
	char *name, *org, *street[3], *city, *sp, *pc, *cc;
};

/* Shared by contacts and organizations (contact.c). */
void sim_postal_clear(struct sim_postal *p);
/* Fill p from a <postalInfo>: given fields replace, absent ones stay. */
void sim_postal_take(struct sim_postal *p, xmlNodePtr pi);
/* Replace *dst with the text of child `name` of n, if present. */
void sim_take(char **dst, xmlNodePtr n, const char *name);

struct sim_contact {
	char *id;
	struct sim_meta m;
	unsigned status;
	struct sim_postal postal[2]; /* [0] int, [1] loc */
	char *voice, *voice_x, *fax, *fax_x, *email;
	char *pw;
	int refs; /* domains that name it */
	struct sim_transfer tr;
};

struct sim_msg {
	struct sim_msg *next;
	unsigned long id;
	time_t qdate;
	char *text;
	char *xml; /* resData payload as a standalone document, or NULL */
};

struct sim_user {
	char clid[SIM_ID_MAX];
	char *pw;
	int sessions;
	struct sim_msg *q_head, *q_tail;
	unsigned long q_count;
};

struct sim_registry {
	pthread_mutex_t lock;
	const struct sim_config *cfg;
	struct sim_map users;
	struct sim_map domains;
	struct sim_map hosts;
	struct sim_map contacts;
	struct sim_map orgs; /* RFC 8543 organizations (org.c) */
	unsigned long next_roid;
	unsigned long next_msg;
	unsigned long next_svtrid;
	time_t next_deadline; /* earliest transfer or RGP deadline, 0 none */
};

extern struct sim_registry sim_reg;

int sim_registry_init(const struct sim_config *cfg);
void sim_registry_free(void);
/* Read the users file; 0 ok, -1 with a message in err. */
int sim_users_load(const char *path, char *err, size_t errlen);
struct sim_user *sim_user_get(const char *clid);
/* Process transfer and RGP deadlines that have passed. Lock held. */
void sim_registry_sweep(time_t now);
void sim_registry_note_deadline(time_t t);
void sim_next_roid(char *buf, char kind);
void sim_next_svtrid(char *buf, size_t len);

void sim_domain_free(void *p);
void sim_host_free(void *p);
void sim_contact_free(void *p);
void sim_org_free(void *p);
/* Add (+1) or remove (-1) the references a domain holds on hosts and
 * contacts. */
void sim_domain_link(struct sim_domain *d, int delta);
/* The superordinate domain of a host name in the registry, or NULL. */
struct sim_domain *sim_host_superordinate(const char *host);

/* Run the object's transfer and RGP deadlines that have passed. */
void sim_domain_deadline(struct sim_domain *d, time_t now);
void sim_contact_deadline(struct sim_contact *c, time_t now);

/*
 * NULL when name is a host name the registry stores: LDH labels, at least
 * two, every "xn--" label a valid A-label (IDNA2008). Else why not: a
 * constant text or one written into buf.
 */
const char *sim_hostname_problem(const char *name, char *buf, size_t size);
/* sim_hostname_problem() == NULL */
int sim_valid_hostname(const char *name);
/* One <status s=...> child of parent per bit of s. */
void sim_add_statuses(xmlNodePtr parent, unsigned s);

/* Queue a poll message for a registrar; takes ownership of xml. */
void sim_poll_enqueue(const char *clid, const char *text, char *xml,
                      time_t qdate);

/* ---- responses (xml.c) ---- */

struct sim_resp {
	xmlDocPtr doc;
	xmlNodePtr epp;
	xmlNodePtr response;
	xmlNodePtr result;
	xmlNodePtr msgq;
	xmlNodePtr resdata;
	xmlNodePtr ext;
	xmlNsPtr ns;
	int code;
};

/* Start a response document. Returns 0 or -1 (out of memory). */
int sim_resp_init(struct sim_resp *r);
/* Set the result code and its standard message. */
void sim_resp_code(struct sim_resp *r, int code);
/* Set a result with an <extValue>: a shallow copy of `value` (or <undef/>
 * when NULL) and `reason`. */
void sim_resp_error(struct sim_resp *r, int code, xmlNodePtr value,
                    const char *reason);
/* An element in <resData> (or <extension>) in namespace ns/prefix. */
xmlNodePtr sim_resp_data(struct sim_resp *r, const char *ns, const char *prefix,
                         const char *name);
xmlNodePtr sim_resp_ext(struct sim_resp *r, const char *ns, const char *prefix,
                        const char *name);
/* Add <msgQ count id> (qDate and msg when given). */
xmlNodePtr sim_resp_msgq(struct sim_resp *r, unsigned long count,
                         unsigned long id);
/* Link the parts in schema order and add <trID>; serialise into *out
 * (xmlFree). Returns 0 or -1. */
int sim_resp_finish(struct sim_resp *r, const char *cltrid, const char *svtrid,
                    xmlChar **out, int *len);
void sim_resp_free(struct sim_resp *r);
const char *sim_code_msg(int code);

/* The greeting, serialised (xmlFree). */
int sim_greeting(xmlChar **out, int *len);

/* Tree helpers. */
xmlNodePtr sim_add(xmlNodePtr parent, const char *name, const char *text);
void sim_add_date(xmlNodePtr parent, const char *name, time_t t);
void sim_fmt_date(char *buf, size_t len, time_t t);
/* First child element with this local name (any namespace), or NULL. */
xmlNodePtr sim_child(xmlNodePtr n, const char *name);
xmlNodePtr sim_next(xmlNodePtr n, const char *name);
/* Text of the first child element `name`, malloc'ed and trimmed; NULL
 * when absent. */
char *sim_child_text(xmlNodePtr n, const char *name);
/* Trimmed text content of n, malloc'ed. */
char *sim_text(xmlNodePtr n);
char *sim_strdup(const char *s);
void sim_lower(char *s);

/* ---- command context (proto.c) ---- */

struct sim_cmd {
	const struct sim_config *cfg;
	const char *clid; /* logged-in registrar */
	xmlNodePtr verb;  /* e.g. <domain:create> */
	xmlNodePtr ext;   /* <extension> of the command, or NULL */
	const char *op;   /* <transfer op="...">, else "" */
	const char *cltrid;
	const char *svtrid;
	time_t now;
	struct sim_resp *r;
	unsigned login_ext; /* sim_ext_bit() of each extURI of the login */
};

/* Extensions beyond secDNS and RGP (ext.c). */
/* 1 when the extension URI is served (greeting, login, commands). */
int sim_ext_served(const char *uri);
/* A bit of its own for each served extension URI, 0 for others. */
unsigned sim_ext_bit(const char *uri);
/* Add one <extURI> per served extension under <svcExtension>. */
void sim_ext_greeting(xmlNodePtr svc_extension);
/* RFC 8807: the real password when `pw` is the loginSec placeholder
 * (`name` "pw" or "newPW"); takes and returns ownership of the string. */
char *sim_ext_login_pw(const struct sim_cmd *c, char *pw, const char *name);
/* Before a domain command: -1 with the error set when its extensions
 * refuse it (fee below the price, credit limit), else 0. Lock held. */
int sim_ext_precheck(struct sim_cmd *c, const char *verb);
/* After a successful domain command: the extension data of the answer
 * (fee, launch). Lock held. */
void sim_ext_respond(struct sim_cmd *c, const char *verb);

/* A domain purged by the sweep: a poll message to its sponsor with a
 * changePoll autoPurge. Lock held. */
void sim_ext_purged(const struct sim_domain *d, time_t now);
/* A stored poll message whose root is ext.c's wrapper: its children are
 * put into <resData> and <extension> of `r`; returns 1, else 0. An
 * extension element the login did not announce (`login_ext`) goes to an
 * RFC 9038 <extValue> when the login announced unhandled-namespaces-1.0,
 * else it is left out. */
int sim_ext_poll_split(xmlNodePtr root, struct sim_resp *r, unsigned login_ext);

/* Object handlers: fill c->r; the registry lock is held. Each object has
 * a table of them by command verb, ending with a NULL verb. */
struct sim_handler {
	const char *verb;
	void (*fn)(struct sim_cmd *c);
};
extern const struct sim_handler sim_domain_handlers[];
extern const struct sim_handler sim_host_handlers[];
extern const struct sim_handler sim_contact_handlers[];
extern const struct sim_handler sim_org_handlers[];
void sim_poll_cmd(struct sim_cmd *c, xmlNodePtr poll);

/* The <chkData> of a check: one <cd> per <key> child of c->verb.
 * Names (lower-cased, checked with sim_valid_hostname) when `names`,
 * else identifiers taken as they are. */
void sim_check(struct sim_cmd *c, const char *ns, const char *prefix,
               const char *key, const struct sim_map *m, int names);
/* The statuses of a <add> or <rem> as bits; 0 with 2306 set when one is
 * not among `allowed` (only the registry sets the others). */
int sim_client_statuses(struct sim_cmd *c, xmlNodePtr parent, unsigned allowed,
                        unsigned *out);

/* Transfers, shared by domains and contacts (transfer.c). */
struct sim_xfer_obj {
	const char *ns;     /* SIM_NS_DOMAIN or SIM_NS_CONTACT */
	const char *prefix; /* "domain" or "contact" */
	const char *idname; /* "name" or "id" */
	const char *id;
	struct sim_meta *m;
	struct sim_transfer *tr;
	unsigned status; /* stored and derived statuses */
	const char *pw;  /* the object's authInfo */
	time_t *exdate;  /* domains: renewed on approval; else NULL */
};

void sim_transfer_cmd(struct sim_cmd *c, struct sim_xfer_obj *o, const char *op,
                      xmlNodePtr obj);
void sim_transfer_deadline(struct sim_xfer_obj *o, time_t now);
/* Check <authInfo><pw> of element obj against pw: 1 match, 0 none given,
 * -1 wrong. */
int sim_authinfo_check(xmlNodePtr obj, const char *pw);
/* Parse <period unit>: months, or 0 with the result code set. Absent: 12. */
int sim_period_months(struct sim_cmd *c, xmlNodePtr obj);
/* t plus a number of months (calendar months, UTC). */
time_t sim_add_months(time_t t, int months);

/* ---- schema validation (schema.c) ---- */

int sim_schema_init(char *err, size_t errlen);
void sim_schema_free(void);
/* Per-thread validator. */
struct sim_validator;
struct sim_validator *sim_validator_new(void);
void sim_validator_free(struct sim_validator *v);
/* 0 valid; -1 invalid with the first error in reason and the offending
 * node in *node (may be NULL). */
int sim_validate(struct sim_validator *v, xmlDocPtr doc, char *reason,
                 size_t len, xmlNodePtr *node);

/* ---- sessions (proto.c) ---- */

struct sim_session {
	const struct sim_config *cfg;
	struct sim_validator *v;
	char clid[SIM_ID_MAX];
	int logged_in;
	int login_failures;
	unsigned login_ext; /* sim_ext_bit() of each extURI of the login */
	int close; /* set when the server ends the session after this reply */
	char peer[112];
};

/* Handle one frame. *out is the response (xmlFree), or NULL when none is
 * due. `cmd_name` receives a short name for logs. */
void sim_session_handle(struct sim_session *s, const char *xml, size_t len,
                        xmlChar **out, int *out_len, int *code, char *cmd_name,
                        size_t cmd_len, char *cltrid, size_t cltrid_len);
void sim_session_end(struct sim_session *s);

/* ---- counters (stats.c) ---- */

void sim_stats_init(void);
void sim_stats_count(const char *cmd, const char *cltrid);
void sim_stats_print(void);
void sim_stats_free(void);

/* ---- state file (state.c) ---- */

int sim_state_load(const char *path, char *err, size_t errlen);
int sim_state_save(const char *path, char *err, size_t errlen);

/* ---- TLS (tls.c) and the server (server.c) ---- */

#include <openssl/ssl.h>

SSL_CTX *sim_tls_ctx(const struct sim_config *cfg, char *err, size_t errlen);
int sim_gen_cert(const char *dir, char *err, size_t errlen);

/* Run until *stop; returns 0 or 1 on a runtime failure. */
int sim_server_run(const struct sim_config *cfg, SSL_CTX *ctx);

/* Flags set by signal handlers (main.c). */
extern volatile sig_atomic_t sim_stop;
extern volatile sig_atomic_t sim_dump_stats;

/* Logging (main.c): one line to stderr, prefixed with the program name. */
void sim_log(const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 1, 2)))
#endif
        ;

#endif
