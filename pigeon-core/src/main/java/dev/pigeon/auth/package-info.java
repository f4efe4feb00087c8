/**
 * SASL for SMTP AUTH (RFC 4954): the client mechanisms and the embedded server's verifiers.
 *
 * <p>Pure, like the codec: no sockets and no clock. The session sends the bytes an exchange
 * produces (base64 on the wire, see {@link dev.pigeon.auth.SaslBase64}) and feeds back what the
 * server said.
 *
 * <ul>
 *   <li>Client: {@link dev.pigeon.auth.SaslMechanism} (sealed: PLAIN, LOGIN, CRAM-MD5, XOAUTH2,
 *       OAUTHBEARER, SCRAM-SHA-1, SCRAM-SHA-256) starts one {@link dev.pigeon.auth.SaslExchange}
 *       per attempt; all per-attempt state lives in the exchange, the mechanisms are shared
 *       constants. SCRAM verifies the server's signature and fails with
 *       {@link dev.pigeon.auth.AuthenticationException} when it does not match.
 *   <li>Server: {@link dev.pigeon.auth.SaslServer} verifies PLAIN, LOGIN, CRAM-MD5 and
 *       SCRAM-SHA-256 against a {@link dev.pigeon.auth.UserStore}; each attempt is a
 *       {@link dev.pigeon.auth.ServerSaslExchange} whose {@link dev.pigeon.auth.Step}s say what to
 *       send next.
 * </ul>
 *
 * <p>Secrets: {@link dev.pigeon.auth.Credentials} and every exchange hide the secret in
 * {@code toString()}; {@link dev.pigeon.auth.Masking} gives the transcript form of AUTH command
 * lines and responses ({@code AUTH PLAIN ****}, {@code ****}), so nothing secret, nor its
 * base64, reaches a listener. Choosing whether to authenticate at all is the session's policy:
 * it refuses every mechanism over a connection without TLS unless the user asked for
 * {@code --auth-plaintext}, challenge-response mechanisms included.
 *
 * <p>Comparisons of proofs, signatures and passwords are constant-time
 * ({@link java.security.MessageDigest#isEqual}); every input from the peer is bounded in size.
 */
package dev.pigeon.auth;
