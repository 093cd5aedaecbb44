/*
 * Fuzz the reader of the gate's intent logs (gate/intent.c): any bytes
 * give a clean refusal or records, and every record read, written out
 * again, reads back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* rec, appended to a file of its own and read back */
static void
round_trip(const struct intent_rec *rec)
{
	static const char head[] = "eppkit intent log 1 fuzz\n";
	struct intent_rec *back;
	char *line, *file, gate[64];
	size_t len, n;

	if (intent_line(&line, &len, rec) != 0)
		abort();
	file = malloc(sizeof(head) - 1 + len);
	if (file == NULL)
		abort();
	memcpy(file, head, sizeof(head) - 1);
	memcpy(file + sizeof(head) - 1, line, len);
	if (intent_parse(file, sizeof(head) - 1 + len, gate, sizeof(gate),
	                 &back, &n) != 0 ||
	    n != 1 || strcmp(gate, "fuzz") != 0 || back[0].kind != rec->kind ||
	    back[0].seq != rec->seq || back[0].code != rec->code ||
	    back[0].started_ms != rec->started_ms ||
	    back[0].duration_ms != rec->duration_ms ||
	    !same(back[0].corr, rec->corr) || !same(back[0].cmd, rec->cmd) ||
	    !same(back[0].cltrid, rec->cltrid) ||
	    back[0].reply_len != rec->reply_len)
		abort();
	intent_rec_clear(&back[0]);
	free(back);
	free(file);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct intent_rec *recs;
	char gate[128];
	size_t n, i;

	if (intent_parse((const char *)data, size, gate, sizeof(gate), &recs,
	                 &n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		round_trip(&recs[i]);
		intent_rec_clear(&recs[i]);
	}
	free(recs);
	return 0;
}
