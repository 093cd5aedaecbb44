/*
 * The replies of recent transforms, by the request's correlation_id. When
 * the broker connection breaks after a transform ran but before its ack,
 * RabbitMQ redelivers the request; the gate then answers with the reply it
 * recorded instead of running the command a second time. The window is
 * bounded in entries and bytes; the oldest entries go first.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"

struct entry {
	char *corr;
	char *reply;
	size_t len;
};

struct gate_dedup {
	pthread_mutex_t lock;
	struct entry *ring;
	size_t cap, head, count, bytes, max_bytes;
};

struct gate_dedup *
gate_dedup_new(size_t max_entries, size_t max_bytes)
{
	struct gate_dedup *d;

	if (max_entries == 0)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->ring = calloc(max_entries, sizeof(*d->ring));
	if (d->ring == NULL) {
		free(d);
		return NULL;
	}
	pthread_mutex_init(&d->lock, NULL);
	d->cap = max_entries;
	d->max_bytes = max_bytes;
	return d;
}

static void
drop_oldest(struct gate_dedup *d)
{
	size_t i = (d->head + d->cap - d->count) % d->cap;
	struct entry *e = &d->ring[i];

	d->bytes -= e->len + strlen(e->corr);
	free(e->corr);
	free(e->reply);
	memset(e, 0, sizeof(*e));
	d->count--;
}

void
gate_dedup_free(struct gate_dedup *d)
{
	if (d == NULL)
		return;
	while (d->count)
		drop_oldest(d);
	pthread_mutex_destroy(&d->lock);
	free(d->ring);
	free(d);
}

int
gate_dedup_put(struct gate_dedup *d, const char *corr, const char *reply,
               size_t len)
{
	struct entry e;
	size_t size = len + strlen(corr);

	if (d == NULL || *corr == '\0' || size > d->max_bytes)
		return -1;
	e.corr = strdup(corr);
	e.reply = malloc(len + 1);
	if (e.corr == NULL || e.reply == NULL) {
		free(e.corr);
		free(e.reply);
		return -1;
	}
	memcpy(e.reply, reply, len);
	e.reply[len] = '\0';
	e.len = len;
	pthread_mutex_lock(&d->lock);
	while (d->count &&
	       (d->count == d->cap || d->bytes + size > d->max_bytes))
		drop_oldest(d);
	d->ring[d->head] = e;
	d->head = (d->head + 1) % d->cap;
	d->count++;
	d->bytes += size;
	pthread_mutex_unlock(&d->lock);
	return 0;
}

char *
gate_dedup_get(struct gate_dedup *d, const char *corr, size_t *len)
{
	char *out = NULL;
	size_t i, k;

	if (d == NULL || *corr == '\0')
		return NULL;
	pthread_mutex_lock(&d->lock);
	/* Newest first: a correlation_id recorded twice answers its latest. */
	for (k = 1; k <= d->count; k++) {
		i = (d->head + d->cap - k) % d->cap;
		if (strcmp(d->ring[i].corr, corr) == 0) {
			out = malloc(d->ring[i].len + 1);
			if (out) {
				memcpy(out, d->ring[i].reply,
				       d->ring[i].len + 1);
				*len = d->ring[i].len;
			}
			break;
		}
	}
	pthread_mutex_unlock(&d->lock);
	return out;
}

size_t
gate_dedup_count(struct gate_dedup *d)
{
	size_t n;

	pthread_mutex_lock(&d->lock);
	n = d->count;
	pthread_mutex_unlock(&d->lock);
	return n;
}
