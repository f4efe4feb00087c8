package dev.pigeon.delivery;

import dev.pigeon.client.SendResult;
import dev.pigeon.client.SessionException;
import java.net.InetAddress;

/** One try of one address of one mail exchanger. */
public sealed interface Attempt {
    MailExchanger exchanger();

    InetAddress address();

    /** The session ran to an end (accepted, refused or stopped): the result says how. */
    record Completed(MailExchanger exchanger, InetAddress address, SendResult result) implements Attempt {}

    /** The transport failed: no connection, a timeout, a dropped connection, a malformed server. */
    record Failed(MailExchanger exchanger, InetAddress address, SessionException failure) implements Attempt {}
}
