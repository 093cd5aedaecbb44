/*
 * Counters: how many times each command ran, and every clTRID seen more
 * than once, so that a test can prove that a client never sent the same
 * command twice. Printed on SIGUSR1 and at exit, one fact per line:
 *
 *	epp-sim: count domain_create 12
 *	epp-sim: duplicate clTRID ABC-1 2
 *	epp-sim: duplicates 1
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* Past this many distinct clTRIDs the set stops growing (a long
 * benchmark must not eat the machine); the summary says so. */
#define MAX_TRACKED 4000000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_map counts;  /* name -> (uintptr_t) count */
static struct sim_map cltrids; /* clTRID -> (uintptr_t) times seen */
static unsigned long ndup;
static int saturated;

void
sim_stats_init(void)
{
}

static void
bump(struct sim_map *m, const char *key, uintptr_t *now)
{
	void **v = sim_map_ref(m, key);

	if (v == NULL) {
		*now = 1;
		if (sim_map_put(m, key, (void *)(uintptr_t)1) != 0)
			*now = 0;
		return;
	}
	*v = (void *)((uintptr_t)*v + 1);
	*now = (uintptr_t)*v;
}

void
sim_stats_count(const char *cmd, const char *cltrid)
{
	uintptr_t n;

	pthread_mutex_lock(&lock);
	bump(&counts, cmd, &n);
	if (cltrid != NULL && cltrid[0] != '\0' &&
	    (cltrids.n < MAX_TRACKED || sim_map_get(&cltrids, cltrid))) {
		bump(&cltrids, cltrid, &n);
		if (n == 2)
			ndup++;
	} else if (cltrid != NULL && cltrid[0] != '\0') {
		saturated = 1;
	}
	pthread_mutex_unlock(&lock);
}

static void
print_entry(const struct sim_map *m, const char *what, uintptr_t min)
{
	struct sim_entry *e;
	size_t i;

	for (i = 0; i < m->nb; i++)
		for (e = m->b[i]; e != NULL; e = e->next)
			if ((uintptr_t)e->val >= min)
				sim_log("%s %s %lu", what, e->key,
				        (unsigned long)(uintptr_t)e->val);
}

void
sim_stats_print(void)
{
	pthread_mutex_lock(&lock);
	print_entry(&counts, "count", 1);
	print_entry(&cltrids, "duplicate clTRID", 2);
	sim_log("duplicates %lu%s", ndup,
	        saturated ? " (clTRID tracking saturated)" : "");
	pthread_mutex_unlock(&lock);
}

void
sim_stats_free(void)
{
	sim_map_clear(&counts, NULL);
	sim_map_clear(&cltrids, NULL);
}
