package dev.pigeon.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Routes for domain literals: {@code [192.0.2.1]} and {@code [IPv6:2001:db8::1]} go to themselves. */
final class DomainLiteral {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private DomainLiteral() {}

    static Route route(String literal) {
        String key = literal.toLowerCase(Locale.ROOT);
        if (!literal.endsWith("]")) {
            return new Route.PermanentFailure(key, "unbalanced square brackets in domain literal " + literal);
        }
        String body = literal.substring(1, literal.length() - 1);
        String ip;
        if (body.regionMatches(true, 0, "IPv6:", 0, 5)) {
            ip = body.substring(5);
        } else if (IPV4.matcher(body).matches()) {
            ip = body;
        } else {
            return new Route.PermanentFailure(key, "cannot route to address literal " + literal);
        }
        // Only numeric text reaches getByName here (dotted quad, or a colon that forces IPv6
        // parsing), so it parses without any lookup.
        if (ip.indexOf(':') < 0 && !IPV4.matcher(ip).matches()) {
            return new Route.PermanentFailure(key, "not an IPv6 address: " + literal);
        }
        try {
            InetAddress address = InetAddress.getByName(ip);
            return new Route.Resolved(key, List.of(new MailExchanger(literal, 0, List.of(address))), true, List.of());
        } catch (UnknownHostException e) {
            return new Route.PermanentFailure(key, "not a valid address literal: " + literal);
        }
    }
}
