/*
 * Test certificates, made fresh at test time with the OpenSSL API (nothing
 * that can expire is committed). See README.md in this folder.
 */
#ifndef EPPKIT_TEST_CERTGEN_H
#define EPPKIT_TEST_CERTGEN_H

/* Passphrase of client-enc.key. */
#define CERTGEN_PASSPHRASE "test-passphrase"

/*
 * Write into `dir` (which must exist):
 *   ca.pem                      test CA
 *   server.pem, server.key      localhost, 127.0.0.1, ::1; signed by ca
 *   wronghost.pem/.key          only wrong.example; signed by ca
 *   expired.pem/.key            localhost, 127.0.0.1; expired yesterday
 *   unknown.pem/.key            localhost, 127.0.0.1; signed by another CA
 *   client.pem, client.key      client certificate signed by ca
 *   client-enc.key              the same key, encrypted with
 *                               CERTGEN_PASSPHRASE
 * Returns 0, or -1 with a message on stderr.
 */
int certgen_write_all(const char *dir);

/* The same with the CA, server and client certificates valid for `days`
 * days from now (certgen_write_all: 30). */
int certgen_write(const char *dir, int days);

/* Remove the files of `dir` (one level) and `dir` itself. */
void certgen_remove_all(const char *dir);

#endif
