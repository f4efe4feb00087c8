/**
 * Sockets with deadlines: {@link dev.pigeon.transport.Connector} opens a
 * {@link dev.pigeon.transport.Connection} over TCP or a unix-domain socket (where LMTP servers
 * listen), which owns the socket, its buffers and the reply decoder.
 *
 * <p>Every read waits against a deadline fixed when the wait began, so a server dripping one byte
 * a second cannot stretch it; every write is guarded by a watchdog that closes the socket when the
 * peer stops reading. A unix-domain socket's channel streams know no read timeout, so there the
 * same watchdog guards each read too.
 */
package dev.pigeon.transport;
