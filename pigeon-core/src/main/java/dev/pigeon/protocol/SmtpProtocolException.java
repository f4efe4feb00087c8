package dev.pigeon.protocol;

import java.net.ProtocolException;

/** The peer broke SMTP syntax (a malformed reply or command line, a line over the limit). */
public class SmtpProtocolException extends ProtocolException {
    public SmtpProtocolException(String message) {
        super(message);
    }
}
