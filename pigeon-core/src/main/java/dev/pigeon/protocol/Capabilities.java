package dev.pigeon.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a server announced in its EHLO reply: each line after the first is a keyword and its
 * parameters. Keywords are compared case-insensitively. HELO sessions have {@link #NONE}.
 */
public record Capabilities(Map<String, List<String>> keywords) {
    public static final Capabilities NONE = new Capabilities(Map.of());

    public Capabilities {
        keywords = Map.copyOf(keywords);
    }

    public static Capabilities fromEhlo(Reply reply) {
        if (!reply.isPositive()) {
            return NONE;
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        List<String> texts = reply.texts();
        for (String line : texts.subList(1, texts.size())) {
            String[] words = line.strip().split(" +");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            map.putIfAbsent(words[0].toUpperCase(Locale.ROOT), List.of(words).subList(1, words.length));
        }
        return new Capabilities(map);
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public List<String> parameters(String keyword) {
        return keywords.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /** The RFC 1870 limit, when announced with a number (0 or absent means no fixed limit). */
    public OptionalLong sizeLimit() {
        if (!has("SIZE")) {
            return OptionalLong.empty();
        }
        return parameters("SIZE").stream().findFirst().flatMap(Capabilities::parseLong)
                .filter(n -> n > 0).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
