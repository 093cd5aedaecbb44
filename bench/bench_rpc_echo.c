/*
 * bench_rpc_echo: an echo consumer standing in for epp-gate, for the
 * libepprpc tests and the epp-rpc benchmark. It consumes the request queue
 * like the gate (declared with default flags, basic_qos, manual ack) and
 * replies to reply_to with the same correlation_id and the request body.
 *
 * Requests whose body contains "cmd":"echo_stray" first get a reply with a
 * foreign correlation_id; "cmd":"echo_drop" gets no reply at all.
 *
 * Usage: bench_rpc_echo [-e ENVFILE | -H HOST -P PORT -u USER -p PASS]
 *                       [-q QUEUE] [-n PREFETCH] [-r READYFILE]
 * ENVFILE is the DIR/env of scripts/rabbitmq.sh. It reconnects until it
 * gets SIGTERM or SIGINT, then prints how many requests it answered.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <amqp.h>
#include <amqp_tcp_socket.h>

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct conf {
	char host[256];
	int port;
	char user[256];
	char pass[256];
	const char *queue;
	int prefetch;
	const char *ready;
};

static void
read_env(struct conf *cf, const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "echo: cannot open %s: %s\n", path,
		        strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "AMQP_HOST=", 10) == 0)
			snprintf(cf->host, sizeof(cf->host), "%s", line + 10);
		else if (strncmp(line, "AMQP_PORT=", 10) == 0)
			cf->port = atoi(line + 10);
		else if (strncmp(line, "AMQP_USER=", 10) == 0)
			snprintf(cf->user, sizeof(cf->user), "%s", line + 10);
		else if (strncmp(line, "AMQP_PASSWORD=", 14) == 0)
			snprintf(cf->pass, sizeof(cf->pass), "%s", line + 14);
	}
	fclose(f);
}

static void
nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static int
ok(amqp_connection_state_t conn, const char *what)
{
	amqp_rpc_reply_t r = amqp_get_rpc_reply(conn);

	if (r.reply_type == AMQP_RESPONSE_NORMAL)
		return 1;
	fprintf(stderr, "echo: %s failed (reply type %d)\n", what,
	        r.reply_type);
	return 0;
}

static amqp_connection_state_t
connect_broker(const struct conf *cf)
{
	amqp_connection_state_t conn = amqp_new_connection();
	amqp_socket_t *sock = amqp_tcp_socket_new(conn);
	amqp_rpc_reply_t r;

	if (sock == NULL || amqp_socket_open(sock, cf->host, cf->port))
		goto fail;
	r = amqp_login(conn, "/", 0, AMQP_DEFAULT_FRAME_SIZE, 60,
	               AMQP_SASL_METHOD_PLAIN, cf->user, cf->pass);
	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		goto fail;
	amqp_channel_open(conn, 1);
	if (!ok(conn, "channel.open"))
		goto fail;
	amqp_queue_declare(conn, 1, amqp_cstring_bytes(cf->queue), 0, 0, 0, 0,
	                   amqp_empty_table);
	if (!ok(conn, "queue.declare"))
		goto fail;
	amqp_basic_qos(conn, 1, 0, (uint16_t)cf->prefetch, 0);
	if (!ok(conn, "basic.qos"))
		goto fail;
	amqp_basic_consume(conn, 1, amqp_cstring_bytes(cf->queue),
	                   amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
	if (!ok(conn, "basic.consume"))
		goto fail;
	return conn;
fail:
	amqp_destroy_connection(conn);
	return NULL;
}

static int
reply(amqp_connection_state_t conn, const amqp_envelope_t *env,
      amqp_bytes_t cid, amqp_bytes_t body)
{
	amqp_basic_properties_t props;

	memset(&props, 0, sizeof(props));
	props._flags =
	        AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
	props.correlation_id = cid;
	props.content_type = amqp_cstring_bytes("application/json");
	return amqp_basic_publish(conn, 1, amqp_empty_bytes,
	                          env->message.properties.reply_to, 0, 0,
	                          &props, body);
}

static int
has(const amqp_bytes_t b, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= b.len; i++)
		if (memcmp((const char *)b.bytes + i, needle, n) == 0)
			return 1;
	return 0;
}

/* serve: answer requests until stop or a connection error. */
static int
serve(amqp_connection_state_t conn, unsigned long long *answered)
{
	struct timeval tv = {0, 200000};
	amqp_envelope_t env;
	amqp_rpc_reply_t r;
	int s;

	while (!stop) {
		amqp_maybe_release_buffers(conn);
		r = amqp_consume_message(conn, &env, &tv, 0);
		if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
		    r.library_error == AMQP_STATUS_TIMEOUT)
			continue;
		if (r.reply_type != AMQP_RESPONSE_NORMAL)
			return -1;
		s = AMQP_STATUS_OK;
		if ((env.message.properties._flags &
		     AMQP_BASIC_REPLY_TO_FLAG) &&
		    !has(env.message.body, "\"cmd\":\"echo_drop\"")) {
			amqp_bytes_t cid = amqp_empty_bytes;
			if (env.message.properties._flags &
			    AMQP_BASIC_CORRELATION_ID_FLAG)
				cid = env.message.properties.correlation_id;
			if (has(env.message.body, "\"cmd\":\"echo_stray\""))
				s = reply(conn, &env,
				          amqp_cstring_bytes("stray-0000"),
				          amqp_cstring_bytes("{\"stray\":1}"));
			if (s == AMQP_STATUS_OK)
				s = reply(conn, &env, cid, env.message.body);
		}
		if (s == AMQP_STATUS_OK)
			s = amqp_basic_ack(conn, 1, env.delivery_tag, 0);
		amqp_destroy_envelope(&env);
		if (s != AMQP_STATUS_OK)
			return -1;
		(*answered)++;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct conf cf = {"127.0.0.1", 5672, "", "", "epp_messages", 64, NULL};
	unsigned long long answered = 0;
	amqp_connection_state_t conn;
	struct sigaction sa;
	int opt, announced = 0;

	while ((opt = getopt(argc, argv, "e:H:P:u:p:q:n:r:")) != -1) {
		switch (opt) {
		case 'e':
			read_env(&cf, optarg);
			break;
		case 'H':
			snprintf(cf.host, sizeof(cf.host), "%s", optarg);
			break;
		case 'P':
			cf.port = atoi(optarg);
			break;
		case 'u':
			snprintf(cf.user, sizeof(cf.user), "%s", optarg);
			break;
		case 'p':
			snprintf(cf.pass, sizeof(cf.pass), "%s", optarg);
			break;
		case 'q':
			cf.queue = optarg;
			break;
		case 'n':
			cf.prefetch = atoi(optarg);
			break;
		case 'r':
			cf.ready = optarg;
			break;
		default:
			fprintf(stderr,
			        "usage: %s [-e ENVFILE | -H HOST -P PORT -u "
			        "USER -p PASS] [-q QUEUE] [-n PREFETCH] "
			        "[-r READYFILE]\n",
			        argv[0]);
			return 2;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	while (!stop) {
		conn = connect_broker(&cf);
		if (conn == NULL) {
			nap(200);
			continue;
		}
		if (!announced && cf.ready) {
			FILE *f = fopen(cf.ready, "w");
			if (f)
				fclose(f);
			announced = 1;
		}
		if (serve(conn, &answered) == 0)
			amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
		amqp_destroy_connection(conn);
	}
	printf("echo: answered %llu requests\n", answered);
	return 0;
}
