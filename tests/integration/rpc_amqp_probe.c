/*
 * rpc_amqp_probe HOST PORT USER PASSWORD: log in to a broker and leave.
 * Exit 0 when the login succeeds, 1 when the broker refuses it, 2 when no
 * connection could be made. Used by the harness test.
 */
#include <stdio.h>
#include <stdlib.h>

#include <amqp.h>
#include <amqp_tcp_socket.h>

int
main(int argc, char **argv)
{
	amqp_connection_state_t conn;
	amqp_socket_t *sock;
	amqp_rpc_reply_t r;
	int rc;

	if (argc != 5) {
		fprintf(stderr, "usage: %s HOST PORT USER PASSWORD\n", argv[0]);
		return 2;
	}
	conn = amqp_new_connection();
	sock = amqp_tcp_socket_new(conn);
	if (sock == NULL ||
	    amqp_socket_open(sock, argv[1], atoi(argv[2])) != AMQP_STATUS_OK) {
		amqp_destroy_connection(conn);
		return 2;
	}
	r = amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, argv[3],
	               argv[4]);
	rc = r.reply_type == AMQP_RESPONSE_NORMAL ? 0 : 1;
	if (rc == 0)
		amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
	amqp_destroy_connection(conn);
	return rc;
}
