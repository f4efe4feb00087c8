package dev.pigeon.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/** An RFC 5321 esmtp-param on MAIL or RCPT: {@code KEYWORD} or {@code KEYWORD=value}. */
public record EsmtpParameter(String keyword, Optional<String> value) {
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    public EsmtpParameter {
        if (!KEYWORD.matcher(keyword).matches()) {
            throw new IllegalArgumentException("bad ESMTP parameter keyword: " + keyword);
        }
        value.ifPresent(v -> {
            // esmtp-value = 1*(%d33-60 / %d62-126), or UTF-8 under SMTPUTF8 (RFC 6531)
            if (v.isEmpty()) {
                throw new IllegalArgumentException("empty value for ESMTP parameter " + keyword);
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '=' || c == ' ' || WireText.isControl(c)) {
                    throw new IllegalArgumentException("bad character in value of ESMTP parameter " + keyword);
                }
            }
        });
    }

    public static EsmtpParameter of(String keyword) {
        return new EsmtpParameter(keyword, Optional.empty());
    }

    public static EsmtpParameter of(String keyword, String value) {
        return new EsmtpParameter(keyword, Optional.of(value));
    }

    @Override
    public String toString() {
        return value.map(v -> keyword + "=" + v).orElse(keyword);
    }
}
