package dev.pigeon.delivery;

import java.net.InetAddress;

/**
 * Hears what direct delivery decides, as it happens; the session itself is reported to the
 * {@link dev.pigeon.client.SmtpClient}'s own listener. Every method does nothing by default.
 */
public interface DeliveryListener {
    DeliveryListener NONE = new DeliveryListener() {};

    /** The domain was looked up; {@code route} is where its mail goes, or why it cannot go. */
    default void routed(DomainGroup group, Route route) {}

    /** About to open a session with {@code address} of {@code exchanger}. */
    default void trying(DomainGroup group, MailExchanger exchanger, InetAddress address) {}

    /** The attempt ended; when another follows, this one did not decide. */
    default void attempted(DomainGroup group, Attempt attempt) {}
}
