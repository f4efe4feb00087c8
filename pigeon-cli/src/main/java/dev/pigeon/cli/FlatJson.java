package dev.pigeon.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one flat JSON object (a JSON Lines row): string, number, boolean and null values, each
 * kept as text (null as an empty string). Nested objects and arrays are refused.
 */
final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    static Map<String, String> parse(String text) {
        return new FlatJson(text).object();
    }

    private Map<String, String> object() {
        Map<String, String> out = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            i++;
            return end(out);
        }
        while (true) {
            String key = string();
            expect(':');
            out.put(key, value());
            char c = next();
            if (c == '}') {
                return end(out);
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private Map<String, String> end(Map<String, String> out) {
        skipSpace();
        if (i != s.length()) {
            throw error("text after the object");
        }
        return out;
    }

    private String value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            throw error("nested objects and arrays are not fields");
        }
        int start = i;
        while (i < s.length() && ",} \t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String word = s.substring(start, i);
        if (word.equals("null")) {
            return "";
        }
        if (word.equals("true") || word.equals("false") || word.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            return word;
        }
        throw error("not a JSON value: " + word);
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= s.length()) {
                break;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        throw error("unterminated string");
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private char next() {
        skipSpace();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i++);
    }

    private char peek() {
        skipSpace();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i);
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at column " + (i + 1) + ": " + what);
    }
}
