/**
 * Delivery without a smarthost: routing a recipient domain to its mail exchangers and trying them.
 *
 * <ul>
 *   <li>{@link dev.pigeon.delivery.MxResolver} turns a domain into a {@link dev.pigeon.delivery.Route}
 *       (RFC 5321 5.1: MX by preference, equal preferences shuffled, implicit MX, null MX per RFC
 *       7505), through dnsjava with a resolver we choose and a deadline on every lookup. DNS answers
 *       are values, never exceptions.</li>
 *   <li>{@link dev.pigeon.delivery.RecipientGrouping} splits an envelope's recipients by domain.</li>
 *   <li>{@link dev.pigeon.delivery.DirectDelivery} sends each domain's share through an
 *       {@link dev.pigeon.client.SmtpClient}, host after host and address after address, and
 *       reports one {@link dev.pigeon.delivery.DomainDelivery} per domain.</li>
 * </ul>
 *
 * Routing is policy, apart from the protocol: the client session knows nothing of MX records.
 */
package dev.pigeon.delivery;
