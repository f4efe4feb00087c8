package dev.pigeon.cli;

import dev.pigeon.protocol.InvalidAddressException;
import dev.pigeon.protocol.Mailbox;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The envelope of {@code pigeon sendmail}: the sender and the recipients, from arguments and headers. */
final class SendmailEnvelope {
    private SendmailEnvelope() {}

    /** {@code -f}, else the account's from, else the message's From, else USER@HOST. */
    static Mailbox sender(String option, String accountFrom, MessageHeaders headers) {
        if (option != null) {
            return option.strip().equals("<>") ? Mailbox.NULL : one("-f", option);
        }
        if (accountFrom != null) {
            return one("the account's from", accountFrom);
        }
        List<String> from = headers.values("From");
        if (!from.isEmpty()) {
            List<Mailbox> mailboxes = parse("From", from.getFirst());
            if (!mailboxes.isEmpty()) {
                return mailboxes.getFirst();
            }
        }
        return one("USER@HOST", System.getProperty("user.name", "nobody") + "@" + hostName());
    }

    /**
     * The arguments' addresses, then (with {@code headers}) those of To, Cc and Bcc; each once,
     * in order. An address without a domain gets the sender's (cron's {@code MAILTO=root}).
     */
    static List<Mailbox> recipients(List<String> arguments, MessageHeaders headers, Mailbox sender) {
        Set<Mailbox> all = new LinkedHashSet<>();
        for (String argument : arguments) {
            all.addAll(parse("recipient", qualified(argument, sender)));
        }
        if (headers != null) {
            for (String field : List.of("To", "Cc", "Bcc")) {
                for (String value : headers.values(field)) {
                    all.addAll(parse(field, qualifiedList(value, sender)));
                }
            }
        }
        if (all.isEmpty()) {
            throw Failure.usage(headers != null ? "no recipients: none given and no To, Cc or Bcc field"
                    : "no recipients: give them as arguments, or use -t to read To, Cc and Bcc");
        }
        return List.copyOf(all);
    }

    private static Mailbox one(String what, String text) {
        List<Mailbox> mailboxes = parse(what, text);
        if (mailboxes.size() != 1) {
            throw Failure.badInput(what + " " + Text.oneLine(text) + ": expected one address");
        }
        return mailboxes.getFirst();
    }

    private static List<Mailbox> parse(String what, String text) {
        try {
            return AddressList.parse(text);
        } catch (InvalidAddressException e) {
            throw Failure.badInput(what + " " + Text.oneLine(text) + ": not a valid address: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw Failure.badInput(what + " " + Text.oneLine(text) + ": " + e.getMessage());
        }
    }

    /** Adds the sender's domain to bare local parts in a comma-separated list. */
    private static String qualifiedList(String list, Mailbox sender) {
        if (list.indexOf('@') >= 0 || list.indexOf('<') >= 0 || list.indexOf('"') >= 0) {
            return list;
        }
        List<String> parts = new ArrayList<>();
        for (String p : list.split(",")) {
            parts.add(qualified(p, sender));
        }
        return String.join(",", parts);
    }

    private static String qualified(String address, Mailbox sender) {
        String a = address.strip();
        if (a.isEmpty() || a.indexOf('@') >= 0 || a.indexOf(',') >= 0 || a.indexOf('<') >= 0 || a.indexOf(':') >= 0) {
            return a;
        }
        if (sender.isNull()) {
            throw Failure.badInput("recipient " + Text.oneLine(a) + " has no domain, and there is no sender"
                    + " domain to add");
        }
        return a + "@" + sender.domain();
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return name.indexOf('.') > 0 ? name : "localhost.localdomain";
        } catch (UnknownHostException e) {
            return "localhost.localdomain";
        }
    }
}
