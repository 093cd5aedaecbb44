/*
 * eppctl journal FILE [--since TIME] [--json]: the transforms an epp-gate
 * journal recorded (epp-gate --journal), oldest first: time, command,
 * object, clTRID, svTRID, result code and duration. What a registrar
 * reconciles against the registry's invoices.
 *
 * TIME is a UTC date or date and time (2024-05-01, 2024-05-01T12:00:00Z)
 * or an age (90s, 30m, 12h, 7d). The file is opened read-only; the gates
 * writing it are not disturbed (WAL). A row without a code is a transform
 * in flight, or one whose outcome is unknown.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "epp/json.h"
#include "eppctl.h"

static void
journal_usage(void)
{
	fprintf(stderr, "usage: eppctl journal FILE [--since TIME] [--json]\n"
	                "  TIME: 2024-05-01, 2024-05-01T12:00:00Z (UTC) or "
	                "an age: 90s, 30m, 12h, 7d\n");
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long
days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* --since: Unix ms, or -1 when TIME is not understood. */
static long long
parse_since(const char *s)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, k;
	char *e;
	long long v;

	errno = 0;
	v = strtoll(s, &e, 10);
	if (errno == 0 && e != s && v >= 0 && e[0] != '\0' && e[1] == '\0' &&
	    strchr("smhd", e[0])) {
		long long unit = e[0] == 's'   ? 1
		                 : e[0] == 'm' ? 60
		                 : e[0] == 'h' ? 3600
		                               : 86400;
		return ((long long)time(NULL) - v * unit) * 1000;
	}
	k = sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n);
	if (k != 3)
		return -1;
	s += n;
	if (*s == 'T' || *s == ' ') {
		n = 0;
		if (sscanf(s + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3 ||
		    n == 0)
			return -1;
		s += 1 + n;
		if (*s == 'Z')
			s++;
	}
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0)
		return -1;
	return ((days_from_civil(y, mo, d) * 86400) + h * 3600LL + mi * 60LL +
	        sec) *
	       1000;
}

/* Text from the registry or the request, with control bytes escaped,
 * padded to `width` columns. */
static void
put_field(const unsigned char *s, int width)
{
	int n = 0;

	if (s == NULL || *s == '\0')
		s = (const unsigned char *)"-";
	for (; *s; s++) {
		if (*s < 0x20 || *s == 0x7f || *s == '\\')
			n += printf("\\x%02x", *s);
		else
			n += putchar(*s) != EOF;
	}
	printf("%*s", width > n ? width - n + 1 : 1, "");
}

static void
stamp(long long ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "%lld", ms / 1000);
	else
		snprintf(buf + strlen(buf), len - strlen(buf), ".%03dZ",
		         (int)(ms % 1000));
}

static int
print_json(sqlite3_stmt *st, const char *when)
{
	json_t *o = json_object();
	char *s = NULL;
	size_t len;
	int i, rc;
	static const char *const keys[] = {
	        NULL, "command", "object", "clTRID", "svTRID", "code", "ms"};

	if (o == NULL)
		return -1;
	json_object_set_new(o, "time", json_string(when));
	for (i = 1; i < 7; i++) {
		json_t *v;
		if (sqlite3_column_type(st, i) == SQLITE_NULL)
			v = json_null();
		else if (i >= 5)
			v = json_integer(sqlite3_column_int64(st, i));
		else
			v = json_stringn_nocheck(
			        (const char *)sqlite3_column_text(st, i),
			        (size_t)sqlite3_column_bytes(st, i));
		json_object_set_new(o, keys[i], v);
	}
	rc = epp_json_dumps(&s, &len, o);
	json_decref(o);
	if (rc != EPP_OK)
		return -1;
	printf("%s\n", s);
	free(s);
	return 0;
}

int
eppctl_cmd_journal(struct eppctl_conn *c, int argc, char **argv)
{
	const char *path = NULL;
	long long since = 0;
	int json = 0, i, rc;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char when[40];
	long n = 0;

	(void)c;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) {
			since = parse_since(argv[++i]);
			if (since < 0) {
				fprintf(stderr,
				        "eppctl journal: --since: '%s' is not "
				        "a UTC date/time or an age\n",
				        argv[i]);
				return EPPCTL_USAGE;
			}
		} else if (argv[i][0] == '-' || path) {
			journal_usage();
			return EPPCTL_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (path == NULL) {
		journal_usage();
		return EPPCTL_USAGE;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	            SQLITE_OK ||
	    sqlite3_busy_timeout(db, 10000) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT started_ms, command, object, cltrid, "
	                       "svtrid, code, duration_ms FROM transforms "
	                       "WHERE started_ms >= ? ORDER BY started_ms, id",
	                       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "eppctl journal: %s: %s\n", path,
		        db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_finalize(st);
		sqlite3_close(db);
		return EPPCTL_USAGE;
	}
	sqlite3_bind_int64(st, 1, since);
	if (!json)
		printf("%-24s %-16s %-24s %-32s %-20s %5s %7s\n", "time",
		       "command", "object", "clTRID", "svTRID", "code", "ms");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		stamp(sqlite3_column_int64(st, 0), when, sizeof(when));
		n++;
		if (json) {
			if (print_json(st, when) != 0)
				break;
			continue;
		}
		printf("%-24s %-16s ", when,
		       (const char *)sqlite3_column_text(st, 1));
		put_field(sqlite3_column_text(st, 2), 24);
		put_field(sqlite3_column_text(st, 3), 32);
		put_field(sqlite3_column_text(st, 4), 20);
		if (sqlite3_column_type(st, 5) == SQLITE_NULL)
			printf("%5s", "-");
		else
			printf("%5d", sqlite3_column_int(st, 5));
		if (sqlite3_column_type(st, 6) == SQLITE_NULL)
			printf(" %7s\n", "-");
		else
			printf(" %7lld\n", sqlite3_column_int64(st, 6));
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "eppctl journal: %s: %s\n", path,
		        sqlite3_errmsg(db));
		rc = 1;
	} else {
		rc = rc == SQLITE_ROW ? 1 : 0;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (!json && rc == 0)
		fprintf(stderr, "%ld transform%s\n", n, n == 1 ? "" : "s");
	return rc ? 1 : EPPCTL_OK;
}
