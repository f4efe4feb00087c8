/**
 * TLS building blocks, pure JDK: reading and writing PEM ({@link dev.pigeon.tls.Pem}), making
 * certificates ({@link dev.pigeon.tls.CertificateBuilder}, {@link dev.pigeon.tls.SelfSignedCertificate}),
 * the client's TLS ({@link dev.pigeon.tls.TlsSettings} made into a {@link dev.pigeon.tls.ClientTls}),
 * the server's ({@link dev.pigeon.tls.ServerTls}), and what a user sees of both: why a certificate
 * was refused ({@link dev.pigeon.tls.CertificateFailure}) and what a handshake agreed on
 * ({@link dev.pigeon.tls.HandshakeSummary}, {@link dev.pigeon.tls.CertificateSummary}).
 *
 * <p>Safe by default: whenever verification is on, the client checks the chain, the leaf's dates
 * and the host name (RFC 6125/7817 rules, in {@link dev.pigeon.tls.HostNames}); public-key pins
 * are checked even with verification off. Nothing here opens a connection: the transport layers
 * TLS over its own sockets with {@link dev.pigeon.tls.ClientTls#layer}.
 */
package dev.pigeon.tls;
