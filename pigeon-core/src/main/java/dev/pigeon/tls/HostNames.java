package dev.pigeon.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Server identity checks for SMTP (RFC 6125 as profiled for mail by RFC 7817).
 *
 * <ul>
 *   <li>A DNS name matches a subjectAltName dNSName, compared without case and trailing dot; a
 *       wildcard counts only as the whole left-most label ({@code *.example.com} matches
 *       {@code mx.example.com}, not {@code a.b.example.com}, not {@code example.com}), and never
 *       directly above a single label ({@code *.com}). Partial wildcards ({@code m*.example.com})
 *       never match.</li>
 *   <li>An IP literal matches only a subjectAltName iPAddress, byte for byte.</li>
 *   <li>The subject CN is consulted only when the certificate carries no dNSName at all (RFC 6125
 *       6.4.4), as the JDK's own "HTTPS" check does.</li>
 * </ul>
 */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final byte[] COMMON_NAME_OID = {0x55, 0x04, 0x03};

    private HostNames() {}

    /** True for an IPv4 or IPv6 literal (brackets allowed); never consults DNS. */
    public static boolean isIpLiteral(String host) {
        String h = unbracket(host);
        return IPV4.matcher(h).matches() || (h.indexOf(':') >= 0 && IPV6.matcher(h).matches());
    }

    public static boolean matches(X509Certificate certificate, String host) {
        if (isIpLiteral(host)) {
            byte[] wanted = ipBytes(host);
            return wanted != null && sanEntries(certificate, SAN_IP).stream()
                    .map(HostNames::ipBytes)
                    .anyMatch(ip -> ip != null && Arrays.equals(ip, wanted));
        }
        String name = normalise(host);
        List<String> dnsNames = sanEntries(certificate, SAN_DNS);
        List<String> candidates = dnsNames.isEmpty() ? commonNames(certificate) : dnsNames;
        return candidates.stream().anyMatch(pattern -> dnsMatch(normalise(pattern), name));
    }

    /** The names the certificate offers, DNS then IP, or its CN when it has no subjectAltName names. */
    public static List<String> presentedNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>(sanEntries(certificate, SAN_DNS));
        names.addAll(sanEntries(certificate, SAN_IP));
        return names.isEmpty() ? commonNames(certificate) : List.copyOf(names);
    }

    static List<String> sanEntries(X509Certificate certificate, int type) {
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (entries == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (List<?> entry : entries) {
            if (entry.size() >= 2 && entry.get(0) instanceof Integer t && t == type
                    && entry.get(1) instanceof String value) {
                out.add(type == SAN_IP ? compactIp(value) : value);
            }
        }
        return out;
    }

    /** The subject's CN values, read from its DER encoding (the most specific last). */
    static List<String> commonNames(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        try {
            byte[] subject = certificate.getSubjectX500Principal().getEncoded();
            for (DerReader.Tlv rdn : DerReader.readOne(subject).children()) {
                for (DerReader.Tlv attribute : rdn.children()) {
                    List<DerReader.Tlv> typeAndValue = attribute.children();
                    if (typeAndValue.size() == 2 && Arrays.equals(typeAndValue.get(0).content(), COMMON_NAME_OID)) {
                        out.add(typeAndValue.get(1).text());
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }

    private static boolean dnsMatch(String pattern, String host) {
        if (pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            return !pattern.contains("*") && pattern.equals(host);
        }
        String suffix = pattern.substring(2);
        if (suffix.contains("*") || !suffix.contains(".")) {
            return false;
        }
        int firstDot = host.indexOf('.');
        return firstDot > 0 && host.substring(firstDot + 1).equals(suffix);
    }

    private static String normalise(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // Not a valid IDN: compare it as given; it will match nothing sensible.
        }
        return n.toLowerCase(Locale.ROOT);
    }

    private static byte[] ipBytes(String literal) {
        if (!isIpLiteral(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(unbracket(literal)).getAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** RFC 5952 text for an IPv6 address (the JDK prints 0:0:0:0:0:0:0:1 for ::1); IPv4 as is. */
    static String compactIp(String literal) {
        byte[] b = ipBytes(literal);
        if (b == null || b.length != 16) {
            return literal;
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
