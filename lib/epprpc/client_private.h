/*
 * libepprpc internals of a client: the client, its queue of requests and
 * its calls in flight, shared by the I/O thread (client.c) and the calls
 * (call.c).
 */
#ifndef EPPRPC_CLIENT_PRIVATE_H
#define EPPRPC_CLIENT_PRIVATE_H

#include <pthread.h>
#include <stdint.h>

#include "amqp_private.h"

#define NBUCKETS  1024
#define DRAIN_MAX 256 /* replies read before publishing again */

struct pending;

/* A request waiting to be published. Owned by the queue, then by the I/O
 * thread; `p` is cleared when the I/O thread takes it. */
struct out_item {
	struct out_item *next, *prev;
	struct pending *p;
	char cid[EPPRPC_CID_LEN];
	int64_t deadline_ms; /* Unix ms, 0 = none */
	size_t len;
	char body[];
};

/* A call in flight, on its caller's stack. Linked in the hash while the
 * caller waits; whoever completes it removes it under the lock. */
struct pending {
	struct pending *hnext, *hprev;
	struct out_item *out; /* still queued, not yet published */
	unsigned bucket;
	int sent; /* published on the current connection */
	int lost; /* published, then the connection died: reply lost */
	int done;
	int rc;
	char *reply;
	size_t reply_len;
	char errmsg[512];
	pthread_cond_t cond;
	char cid[EPPRPC_CID_LEN];
};

struct epprpc_client {
	epprpc_options o; /* resolved, strings owned */
	pthread_mutex_t mu;
	pthread_condattr_t condattr;
	pthread_t io;
	int wake[2];

	/* under mu */
	int sleeping;
	int stopping;
	struct pending *buckets[NBUCKETS];
	struct out_item *out_head, *out_tail;
	uint64_t cid_base[2];
	uint64_t cid_seq;
	epprpc_stats st;

	/* I/O thread only (and epprpc_client_open before it starts) */
	amqp_connection_state_t conn;
	char reply_to[256];
	unsigned nnodes; /* broker nodes in o.hosts */
	unsigned node;   /* the node to connect to first */
	char node_host[256];
	int node_port;
};

/* The calls in flight by correlation id, and the queue of requests not
 * yet published; called with c->mu held. */
void epprpc__hash_insert(epprpc_client *c, struct pending *p);
void epprpc__hash_remove(epprpc_client *c, struct pending *p);
void epprpc__out_unlink(epprpc_client *c, struct out_item *it);

/* Wall-clock milliseconds since the epoch (request deadlines travel to
 * the gate in Unix time). */
int64_t epprpc__now_real_ms(void);

#endif
