package dev.pigeon.client;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What delivery status notifications to ask for (RFC 3461): {@code NOTIFY=} on each RCPT (with
 * {@code ORCPT=}), {@code RET=} and {@code ENVID=} on MAIL. Sent only when the server offers DSN;
 * otherwise the result carries a notice saying so.
 *
 * @param notifyOn empty to leave NOTIFY out (the server's default); NEVER stands alone
 * @param ret    whether a failure report returns the full message or only its headers
 * @param envid  an envelope identifier, printable ASCII, at most 100 characters
 */
public record Dsn(Set<Notify> notifyOn, Optional<Ret> ret, Optional<String> envid) {
    /** RFC 3461 4.4: the ENVID is at most 100 characters. */
    public static final int MAX_ENVID = 100;

    public enum Notify { SUCCESS, FAILURE, DELAY, NEVER }

    public enum Ret { FULL, HDRS }

    public Dsn {
        notifyOn = Set.copyOf(notifyOn);
        if (notifyOn.contains(Notify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with SUCCESS, FAILURE or DELAY");
        }
        envid.ifPresent(Dsn::checkEnvid);
    }

    public static Dsn none() {
        return new Dsn(Set.of(), Optional.empty(), Optional.empty());
    }

    public Dsn withNotify(Set<Notify> values) {
        return new Dsn(values, ret, envid);
    }

    public Dsn withRet(Ret value) {
        return new Dsn(notifyOn, Optional.of(value), envid);
    }

    public Dsn withEnvid(String value) {
        return new Dsn(notifyOn, ret, Optional.of(value));
    }

    /** Whether anything at all is asked for. */
    public boolean isEmpty() {
        return notifyOn.isEmpty() && ret.isEmpty() && envid.isEmpty();
    }

    /** {@code SUCCESS,FAILURE} or {@code NEVER}, in RFC order, as NOTIFY carries it. */
    public Optional<String> notifyValue() {
        if (notifyOn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(",", EnumSet.copyOf(notifyOn).stream().map(Enum::name).toList()));
    }

    /**
     * Reads {@code SUCCESS,FAILURE,DELAY} or {@code NEVER}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Set<Notify> parseNotify(String text) {
        EnumSet<Notify> out = EnumSet.noneOf(Notify.class);
        for (String part : text.split(",", -1)) {
            String p = part.strip().toUpperCase(Locale.ROOT);
            try {
                out.add(Notify.valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown NOTIFY value '" + part.strip()
                        + "' (expected SUCCESS, FAILURE, DELAY or NEVER)");
            }
        }
        if (out.contains(Notify.NEVER) && out.size() > 1) {
            throw new IllegalArgumentException("NEVER cannot be combined with SUCCESS, FAILURE or DELAY");
        }
        return out;
    }

    private static void checkEnvid(String id) {
        if (id.isEmpty() || id.length() > MAX_ENVID) {
            throw new IllegalArgumentException("the DSN envelope id must have 1 to " + MAX_ENVID + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("the DSN envelope id must be printable ASCII (RFC 3461 4.4)");
            }
        }
    }
}
