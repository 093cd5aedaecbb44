/*
 * epp-gate: serve JSON EPP requests from a RabbitMQ queue over a pool of
 * logged-in EPP sessions. A drop-in for the Python epp-gate: same flags,
 * credential files, queue and JSON (docs/protocol.md).
 *
 * The main thread starts the workers and then only looks after the
 * process: signal flags, the health file, systemd notifications and alert
 * mails. Signal handlers only set flags.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <epp/common.h>

#include "cli.h"
#include "worker.h"

#define PROG "epp-gate"

#define MAIN_TICK_MS    100
#define ALERT_SETTLE_MS 3000
#define PRUNE_EVERY_MS  (3600 * 1000)

static volatile sig_atomic_t got_term, got_hup;

static void
on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

static void
on_hup(int sig)
{
	(void)sig;
	got_hup = 1;
}

static void
register_secrets(const struct gate *g, const struct gate_alert_conf *a)
{
	const struct gate_cred *n;

	gate_log_add_secret(g->epp.password);
	for (n = &g->amqp; n != NULL; n = n->next)
		gate_log_add_secret(n->password);
	if (g->key_passphrase)
		gate_log_add_secret(g->key_passphrase);
	if (a && a->password)
		gate_log_add_secret(a->password);
}

static void
free_secret(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

/*
 * SIGHUP: read both credential files and the key's passphrase again; keep
 * the old on error. The certificate, key and CA files are read at every
 * login anyway.
 */
static void
reload_credentials(struct gate *g, const struct gate_alert_conf *a)
{
	struct gate_cred epp, amqp, old_epp, old_amqp;
	const struct gate_cred *n;
	char err[512], *pass = NULL, *old_pass;

	if (gate_cred_load(&epp, g->cfg.epp_file, err, sizeof(err)) != 0) {
		log_warn("SIGHUP: %s; keeping the old credentials", err);
		return;
	}
	if (gate_cred_load_nodes(&amqp, g->cfg.rabbitmq_file, err,
	                         sizeof(err)) != 0) {
		log_warn("SIGHUP: %s; keeping the old credentials", err);
		gate_cred_free(&epp);
		return;
	}
	if (g->cfg.key_passphrase_file &&
	    gate_secret_load(&pass, g->cfg.key_passphrase_file, err,
	                     sizeof(err)) != 0) {
		log_warn("SIGHUP: %s; keeping the old credentials", err);
		gate_cred_free(&epp);
		gate_cred_free(&amqp);
		return;
	}
	pthread_mutex_lock(&g->cred_lock);
	old_epp = g->epp;
	old_amqp = g->amqp;
	old_pass = g->key_passphrase;
	g->epp = epp;
	g->amqp = amqp;
	g->key_passphrase = pass;
	pthread_mutex_unlock(&g->cred_lock);
	gate_log_clear_secrets();
	register_secrets(g, a);
	/* The old passwords stay secret too: they may still be in use. */
	gate_log_add_secret(old_epp.password);
	for (n = &old_amqp; n != NULL; n = n->next)
		gate_log_add_secret(n->password);
	if (old_pass)
		gate_log_add_secret(old_pass);
	gate_cred_free(&old_epp);
	gate_cred_free(&old_amqp);
	free_secret(old_pass);
	log_info("SIGHUP: credentials re-read; they serve from the next "
	         "login");
}

struct alert_job {
	const struct gate_alert_conf *conf;
	char subject[128];
	char body[4096];
};

static void *
alert_thread(void *arg)
{
	struct alert_job *j = arg;

	gate_alert_send(j->conf, j->subject, j->body);
	free(j);
	return NULL;
}

/* What the gate does while sessions are down, for the alert mail. */
static void
alert_doing(struct gate *g, char *buf, size_t size)
{
	int limited = atomic_load(&g->limited);
	size_t o;

	o = (size_t)snprintf(buf, size,
	                     "The gate logs in again with a growing delay "
	                     "(at most 60 s apart)%s; requests wait in queue "
	                     "%s meanwhile, none is lost.",
	                     g->cfg.max_retries ? ", until --max-retries" : "",
	                     g->cfg.queue);
	if (limited > 0 && o < size)
		snprintf(buf + o, size - o,
		         " %d session%s stand%s down after the registry's "
		         "session limit (2502) and try again every %d s.",
		         limited, limited == 1 ? "" : "s",
		         limited == 1 ? "s" : "", g->cfg.refused_retry_s);
}

static void
alert(struct gate *g, const struct gate_alert_conf *a, int healthy, int up,
      int n)
{
	struct gate_alert_session down[256];
	char errors[256][256], doing[512];
	struct alert_job *j;
	pthread_t t;
	int i, nd = 0;
	long long since;

	pthread_mutex_lock(&g->cred_lock);
	for (i = 0; i < n && i < 256; i++) {
		since = atomic_load(&g->down[i].since_ms);
		if (since == 0)
			continue;
		snprintf(errors[nd], sizeof(errors[nd]), "%s",
		         g->down[i].error);
		down[nd].id = i + 1;
		down[nd].since_ms = since;
		down[nd].error = errors[nd];
		nd++;
	}
	pthread_mutex_unlock(&g->cred_lock);
	alert_doing(g, doing, sizeof(doing));
	if (healthy)
		log_warn("sessions are back: %d of %d EPP sessions up", up, n);
	else
		log_warn("sessions are down: %d of %d EPP sessions "
		         "up%s%.0d%s%s%s",
		         up, n, nd ? " (session " : "", nd ? down[0].id : 0,
		         nd ? ": " : "", nd ? errors[0] : "", nd ? ")" : "");
	if (a == NULL || (j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->conf = a;
	snprintf(j->subject, sizeof(j->subject), "%s",
	         healthy ? "EPP sessions are back" : "EPP sessions are down");
	gate_alert_body(j->body, sizeof(j->body), healthy, up, n, down,
	                healthy ? 0 : nd, healthy ? NULL : doing);
	if (pthread_create(&t, NULL, alert_thread, j) != 0) {
		free(j);
		return;
	}
	pthread_detach(t);
}

/* The registry refuses our logins (or its certificate): say so once. */
static void
alert_refused(struct gate *g, const struct gate_alert_conf *a)
{
	struct alert_job *j;
	pthread_t t;

	if (a == NULL || (j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->conf = a;
	snprintf(j->subject, sizeof(j->subject),
	         "EPP login refused: logins stopped");
	pthread_mutex_lock(&g->cred_lock);
	snprintf(j->body, sizeof(j->body),
	         "%.400s\nThe gate tries again every %d seconds.\n",
	         g->refused_msg, g->cfg.refused_retry_s);
	pthread_mutex_unlock(&g->cred_lock);
	if (pthread_create(&t, NULL, alert_thread, j) != 0) {
		free(j);
		return;
	}
	pthread_detach(t);
}

static void
prune_journal(struct gate_journal *j, long keep_s)
{
	char err[300];
	long n;

	if (gate_journal_prune(j, keep_s, &n, err, sizeof(err)) != 0)
		log_warn("%s", err);
	else if (n > 0)
		log_info("journal: %ld rows older than %ld s pruned", n,
		         keep_s);
}

static int
workers_alive(struct gate_worker *w, int n, uint64_t now, long limit_ms)
{
	int i;

	for (i = 0; i < n; i++)
		if (now - atomic_load(&w[i].alive_ms) > (uint64_t)limit_ms)
			return 0;
	return 1;
}

/* Every file the gate reads, readable before anything starts: a missing
 * one is named with the reason (exit 66). */
static int
check_files(const struct gate_config *c)
{
	const struct {
		const char *what, *path;
	} files[] = {
	        {"EPP credential file (--epp)", c->epp_file},
	        {"broker credential file (--rabbitmq)", c->rabbitmq_file},
	        {"alert mail settings (--alert_email_config)", c->alert_file},
	        {"CA file (--ca)", c->ca_file},
	        {"client certificate (--cert)", c->cert_file},
	        {"client key (--key)", c->key_file},
	        {"key passphrase file (--key-passphrase-file)",
	         c->key_passphrase_file},
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (files[i].path &&
		    (rc = cli_check_file(PROG, files[i].what, files[i].path)) !=
		            CLI_OK)
			return rc;
	return CLI_OK;
}

/*
 * The shared rate limits, the sessions' down records and, with
 * --metrics-listen, the metrics server. 0, or -1 after a message.
 */
static int
start_limits_and_metrics(struct gate *g)
{
	const char *listen = g->cfg.metrics_listen;
	char err[300];
	int i, port = 0;

	g->down = calloc((size_t)g->cfg.sessions, sizeof(*g->down));
	if (g->down == NULL) {
		fprintf(stderr, "epp-gate: out of memory\n");
		return -1;
	}
	for (i = 0; i < g->cfg.sessions; i++)
		atomic_store(&g->down[i].since_ms, gate_now_real_ms());
	if (g->cfg.n_rate_limits > 0) {
		if ((g->ratelimit = gate_ratelimit_new()) == NULL) {
			fprintf(stderr, "epp-gate: out of memory\n");
			return -1;
		}
		for (i = 0; i < g->cfg.n_rate_limits; i++)
			if (gate_ratelimit_add(g->ratelimit,
			                       g->cfg.rate_limits[i], err,
			                       sizeof(err)) != 0) {
				fprintf(stderr, "epp-gate: %s\n", err);
				return -1;
			}
	}
	if (listen == NULL)
		return 0;
	g->metrics = gate_metrics_new(g->cfg.sessions, epp_version());
	if (g->metrics == NULL) {
		fprintf(stderr, "epp-gate: out of memory\n");
		return -1;
	}
	if (gate_metrics_serve(g->metrics, listen, &port, err, sizeof(err)) !=
	    0) {
		fprintf(stderr, "epp-gate: --metrics-listen %s: %s\n", listen,
		        err);
		return -1;
	}
	log_info("metrics on %.*s:%d (/metrics, /healthz)",
	         (int)(strrchr(listen, ':') - listen), listen, port);
	return 0;
}

int
main(int argc, char **argv)
{
	static struct gate g;
	static struct gate_alert_conf
	        alert_conf; /* lives until exit: mails may still be on their way */
	struct gate_alert_conf *ac = NULL;
	struct gate_worker *workers;
	struct sigaction sa;
	sigset_t block, old;
	char err[512], status[160];
	uint64_t now, last_wd = 0, last_status = 0, state_since;
	long wd_ms;
	int i, rc, n, ready = 0, healthy, last_healthy, alerted = 1, up;
	int was_refused = 0;
	uint64_t last_prune = 0;

	rc = gate_parse_args(&g.cfg, argc, argv, err, sizeof(err));
	if (rc == 1) {
		gate_usage(stdout);
		return CLI_OK;
	}
	if (rc == 2) {
		cli_version(PROG);
		return CLI_OK;
	}
	if (rc != 0)
		return cli_usage_error(PROG, "%s", err);
	gate_log_init(g.cfg.verbose ? GATE_LOG_DEBUG : GATE_LOG_INFO);
	if ((rc = check_files(&g.cfg)) != CLI_OK)
		return rc;
	if (gate_cred_load(&g.epp, g.cfg.epp_file, err, sizeof(err)) != 0 ||
	    gate_cred_load_nodes(&g.amqp, g.cfg.rabbitmq_file, err,
	                         sizeof(err)) != 0) {
		fprintf(stderr, "epp-gate: %s\n", err);
		return CLI_CONFIG;
	}
	if (g.cfg.alert_file) {
		if (gate_alert_conf_load(&alert_conf, g.cfg.alert_file, err,
		                         sizeof(err)) != 0) {
			fprintf(stderr, "epp-gate: %s\n", err);
			return CLI_CONFIG;
		}
		ac = &alert_conf;
	}
	if (g.cfg.key_passphrase_file &&
	    gate_secret_load(&g.key_passphrase, g.cfg.key_passphrase_file, err,
	                     sizeof(err)) != 0) {
		fprintf(stderr, "epp-gate: %s\n", err);
		return CLI_CONFIG;
	}
	register_secrets(&g, ac);
	if (g.cfg.check_only) {
		rc = gate_check_config(&g.cfg, &g.epp, &g.amqp,
		                       g.key_passphrase, stdout, err,
		                       sizeof(err));
		if (rc != CLI_OK)
			fprintf(stderr, "epp-gate: %s\n", err);
		return rc;
	}
	if (g.cfg.sentry_dsn)
		log_info("--sentry_dsn is accepted and ignored");
	if (g.cfg.insecure)
		log_warn("--insecure: the registry's certificate is not "
		         "verified");
	if (epp_global_init() != EPP_OK) {
		fprintf(stderr, "epp-gate: library initialisation failed\n");
		return CLI_CONFIG;
	}
	if (ac && gate_alert_init(err, sizeof(err)) != 0) {
		fprintf(stderr, "epp-gate: %s\n", err);
		return CLI_CONFIG;
	}
	if (g.cfg.journal_file) {
		if (gate_journal_open(&g.journal, g.cfg.journal_file, err,
		                      sizeof(err)) != 0) {
			fprintf(stderr, "epp-gate: %s\n", err);
			return CLI_CONFIG;
		}
		prune_journal(g.journal, g.cfg.journal_keep_s);
		last_prune = gate_now_ms();
	}
	pthread_mutex_init(&g.cred_lock, NULL);
	if (start_limits_and_metrics(&g) != 0)
		return CLI_CONFIG;
	g.dedup = gate_dedup_new(4096, 4u * 1024 * 1024);
	if (g.dedup == NULL ||
	    (g.cfg.health_file &&
	     gate_health_init(&g.health, g.cfg.health_file) != 0)) {
		fprintf(stderr, "epp-gate: out of memory\n");
		return CLI_CONFIG;
	}

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	/* Workers never see the signals: the main thread handles them. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	n = g.cfg.sessions;
	workers = calloc((size_t)n, sizeof(*workers));
	if (workers == NULL) {
		fprintf(stderr, "epp-gate: out of memory\n");
		return CLI_CONFIG;
	}
	log_info("epp-gate %s starting: %d session%s to %s:%s, queue %s at "
	         "%s:%s",
	         epp_version(), n, n == 1 ? "" : "s", g.epp.host, g.epp.port,
	         g.cfg.queue, g.amqp.host, g.amqp.port);
	if (g.cfg.poll_exchange)
		log_info("poll messages go to exchange %s (every %d s)",
		         g.cfg.poll_exchange, g.cfg.poll_interval_s);
	for (i = 0; i < n; i++) {
		workers[i].id = i + 1;
		workers[i].g = &g;
		if (gate_worker_start(&workers[i]) != 0) {
			log_error("cannot start worker %d", i + 1);
			atomic_store(&g.stop, 1);
			n = i;
			break;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	wd_ms = gate_sd_watchdog_ms();
	last_healthy = 1;
	state_since = gate_now_ms();
	while (!atomic_load(&g.stop)) {
		struct timespec ts = {0, MAIN_TICK_MS * 1000000L};
		nanosleep(&ts, NULL);
		now = gate_now_ms();
		if (got_term) {
			log_info("stopping: finishing requests in flight");
			gate_sd_notify("STOPPING=1");
			atomic_store(&g.stop, 1);
			break;
		}
		if (got_hup) {
			got_hup = 0;
			reload_credentials(&g, ac);
		}
		if (atomic_load(&g.fatal)) {
			atomic_store(&g.stop, 1);
			break;
		}
		if (gate_health_changed(&g.health)) {
			log_info("health file %s changed: reconnecting the "
			         "sessions",
			         g.cfg.health_file);
			atomic_fetch_add(&g.reconnect_gen, 1);
		}
		if (g.journal &&
		    gate_journal_checkpoint(g.journal, err, sizeof(err)) != 0)
			log_error("%s", err);
		if (g.journal && now - last_prune >= PRUNE_EVERY_MS) {
			prune_journal(g.journal, g.cfg.journal_keep_s);
			last_prune = now;
		}
		if (atomic_load(&g.refused) != was_refused) {
			was_refused = !was_refused;
			if (was_refused)
				alert_refused(&g, ac);
		}
		up = atomic_load(&g.sessions_up);
		if (!ready && atomic_load(&g.first_round) >= n) {
			ready = 1;
			snprintf(status, sizeof(status),
			         "READY=1\nSTATUS=%d of %d sessions up", up, n);
			gate_sd_notify(status);
		}
		if (wd_ms && now - last_wd >= (uint64_t)wd_ms / 2 &&
		    workers_alive(workers, n, now, wd_ms)) {
			gate_sd_notify("WATCHDOG=1");
			last_wd = now;
		}
		if (ready && now - last_status >= 5000) {
			snprintf(status, sizeof(status),
			         "STATUS=%d of %d sessions up, %llu requests "
			         "served, %llu expired",
			         up, n,
			         (unsigned long long)atomic_load(&g.served),
			         (unsigned long long)atomic_load(&g.expired));
			gate_sd_notify(status);
			last_status = now;
		}
		healthy = up == n;
		if (healthy != last_healthy) {
			last_healthy = healthy;
			state_since = now;
		}
		if (ready && healthy != alerted &&
		    now - state_since >= ALERT_SETTLE_MS) {
			alerted = healthy;
			alert(&g, ac, healthy, up, n);
		}
	}
	for (i = 0; i < n; i++)
		gate_worker_join(&workers[i]);
	rc = !atomic_load(&g.fatal)      ? CLI_OK
	     : atomic_load(&g.exit_code) ? atomic_load(&g.exit_code)
	                                 : CLI_CONFIG;
	log_info("epp-gate stopped: %llu requests served, %llu expired, "
	         "%llu poll messages delivered",
	         (unsigned long long)atomic_load(&g.served),
	         (unsigned long long)atomic_load(&g.expired),
	         (unsigned long long)atomic_load(&g.poll_delivered));
	free(workers);
	gate_metrics_free(g.metrics);
	gate_ratelimit_free(g.ratelimit);
	free(g.down);
	gate_journal_close(g.journal);
	gate_dedup_free(g.dedup);
	gate_health_free(&g.health);
	gate_cred_free(&g.epp);
	gate_cred_free(&g.amqp);
	free_secret(g.key_passphrase);
	gate_log_clear_secrets();
	epp_global_cleanup();
	return rc;
}
