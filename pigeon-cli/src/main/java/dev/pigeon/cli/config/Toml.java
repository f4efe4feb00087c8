package dev.pigeon.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the subset of TOML (v1.0) that pigeon's configuration needs: tables
 * ({@code [a.b]}, bare or quoted name parts), {@code key = value} with bare or quoted keys, basic
 * strings ({@code "..."} with TOML's escapes), literal strings ({@code '...'}), decimal integers
 * (underscores between digits), booleans and {@code #} comments. Anything else (arrays, inline
 * tables, floats, dates, multi-line strings, dotted keys) is refused with the line it is on, never
 * skipped: a file pigeon cannot fully read is an error, not a partial configuration.
 */
public final class Toml {
    private final String file;
    private final List<TomlTable> tables = new ArrayList<>();
    private final Map<String, Integer> tableLines = new LinkedHashMap<>();
    private List<String> currentName = List.of();
    private int currentLine;
    private Map<String, TomlValue> current = new LinkedHashMap<>();

    private Toml(String file) {
        this.file = file;
    }

    /** Parses {@code text}; {@code file} names it in error messages. The root table comes first. */
    public static List<TomlTable> parse(String file, String text) throws ConfigException {
        Toml toml = new Toml(file);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            toml.line(lines[i], i + 1);
        }
        toml.finishTable();
        return List.copyOf(toml.tables);
    }

    private void line(String raw, int number) throws ConfigException {
        Cursor c = new Cursor(raw, number);
        c.skipSpace();
        if (c.atEnd() || c.peek() == '#') {
            return;
        }
        if (c.peek() == '[') {
            header(c);
        } else {
            keyValue(c);
        }
    }

    private void header(Cursor c) throws ConfigException {
        c.next();
        if (!c.atEnd() && c.peek() == '[') {
            throw error(c, "arrays of tables ([[...]]) are not supported");
        }
        List<String> name = new ArrayList<>();
        while (true) {
            c.skipSpace();
            name.add(key(c));
            c.skipSpace();
            if (c.atEnd()) {
                throw error(c, "unterminated table header: missing ']'");
            }
            char ch = c.next();
            if (ch == ']') {
                break;
            }
            if (ch != '.') {
                throw error(c, "unexpected '" + ch + "' in a table header");
            }
        }
        c.endOfLine();
        String joined = String.join("\u0000", name);
        if (tableLines.containsKey(joined)) {
            throw error(c, "table [" + String.join(".", name) + "] is defined twice (first on line "
                    + tableLines.get(joined) + ")");
        }
        finishTable();
        tableLines.put(joined, c.line);
        currentName = name;
        currentLine = c.line;
    }

    private void keyValue(Cursor c) throws ConfigException {
        String key = key(c);
        c.skipSpace();
        if (!c.atEnd() && c.peek() == '.') {
            throw error(c, "dotted keys are not supported; use a [table] header");
        }
        if (c.atEnd() || c.next() != '=') {
            throw error(c, "expected '=' after key '" + key + "'");
        }
        c.skipSpace();
        Object value = value(c);
        c.endOfLine();
        TomlValue previous = current.putIfAbsent(key, new TomlValue(value, c.line));
        if (previous != null) {
            throw error(c, "key '" + key + "' is set twice (first on line " + previous.line() + ")");
        }
    }

    private void finishTable() {
        if (!current.isEmpty() || !currentName.isEmpty() || tables.isEmpty()) {
            tables.add(new TomlTable(currentName, currentLine, current));
        }
        current = new LinkedHashMap<>();
    }

    private String key(Cursor c) throws ConfigException {
        if (c.atEnd()) {
            throw error(c, "expected a key");
        }
        char first = c.peek();
        if (first == '"' || first == '\'') {
            c.next();
            String key = first == '"' ? basicString(c) : literalString(c);
            if (key.isEmpty()) {
                throw error(c, "empty keys are not supported");
            }
            return key;
        }
        StringBuilder key = new StringBuilder();
        while (!c.atEnd() && isBareKeyChar(c.peek())) {
            key.append(c.next());
        }
        if (key.isEmpty()) {
            throw error(c, "expected a key, found '" + c.peek() + "'");
        }
        return key.toString();
    }

    private Object value(Cursor c) throws ConfigException {
        if (c.atEnd()) {
            throw error(c, "missing value after '='");
        }
        char first = c.peek();
        if (c.startsWith("\"\"\"") || c.startsWith("'''")) {
            throw error(c, "multi-line strings are not supported");
        }
        if (first == '"') {
            c.next();
            return basicString(c);
        }
        if (first == '\'') {
            c.next();
            return literalString(c);
        }
        if (first == '[' || first == '{') {
            throw error(c, (first == '[' ? "arrays" : "inline tables") + " are not supported");
        }
        String word = c.word();
        if (word.equals("true") || word.equals("false")) {
            return Boolean.valueOf(word);
        }
        if (word.matches("[+-]?(0|[1-9](_?[0-9])*)")) {
            try {
                return Long.parseLong(word.replace("_", ""));
            } catch (NumberFormatException e) {
                throw error(c, "integer out of range: " + word);
            }
        }
        throw error(c, "unsupported value '" + word + "': use a \"string\", an integer, true or false");
    }

    private String basicString(Cursor c) throws ConfigException {
        StringBuilder out = new StringBuilder();
        while (true) {
            if (c.atEnd()) {
                throw error(c, "unterminated string: missing '\"'");
            }
            char ch = c.next();
            if (ch == '"') {
                return out.toString();
            }
            if (ch == '\\') {
                escape(c, out);
            } else if (isControl(ch)) {
                throw error(c, "control character U+" + String.format("%04X", (int) ch) + " in a string");
            } else {
                out.append(ch);
            }
        }
    }

    private void escape(Cursor c, StringBuilder out) throws ConfigException {
        if (c.atEnd()) {
            throw error(c, "unterminated string: a '\\' ends the line");
        }
        char e = c.next();
        switch (e) {
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'f' -> out.append('\f');
            case 'r' -> out.append('\r');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'u' -> out.appendCodePoint(hex(c, 4));
            case 'U' -> out.appendCodePoint(hex(c, 8));
            default -> throw error(c, "unknown escape '\\" + e + "' in a string");
        }
    }

    private int hex(Cursor c, int digits) throws ConfigException {
        String h = c.take(digits);
        if (h.length() < digits || !h.matches("[0-9A-Fa-f]+")) {
            throw error(c, "\\u and \\U need " + digits + " hex digits");
        }
        long cp = Long.parseLong(h, 16);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw error(c, "\\" + (digits == 4 ? "u" : "U") + h + " is not a Unicode scalar value");
        }
        return (int) cp;
    }

    private String literalString(Cursor c) throws ConfigException {
        StringBuilder out = new StringBuilder();
        while (true) {
            if (c.atEnd()) {
                throw error(c, "unterminated string: missing \"'\"");
            }
            char ch = c.next();
            if (ch == '\'') {
                return out.toString();
            }
            if (isControl(ch) && ch != '\t') {
                throw error(c, "control character U+" + String.format("%04X", (int) ch) + " in a string");
            }
            out.append(ch);
        }
    }

    private static boolean isBareKeyChar(char ch) {
        return ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '-';
    }

    private static boolean isControl(char ch) {
        return ch < 0x20 && ch != '\t' || ch == 0x7F;
    }

    private ConfigException error(Cursor c, String message) {
        return new ConfigException(file, c.line, message);
    }

    /** A position in one line. */
    private final class Cursor {
        final String text;
        final int line;
        int pos;

        Cursor(String text, int line) {
            this.text = text;
            this.line = line;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        char next() {
            return text.charAt(pos++);
        }

        boolean startsWith(String s) {
            return text.startsWith(s, pos);
        }

        String take(int n) {
            String s = text.substring(pos, Math.min(text.length(), pos + n));
            pos += s.length();
            return s;
        }

        void skipSpace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        /** Up to white space, '#', ',' or a bracket: an unquoted value. */
        String word() {
            int start = pos;
            while (!atEnd() && " \t#,]}".indexOf(peek()) < 0) {
                pos++;
            }
            if (pos == start && !atEnd()) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** Only white space and a comment may follow. */
        void endOfLine() throws ConfigException {
            skipSpace();
            if (!atEnd() && peek() != '#') {
                throw error(this, "unexpected '" + text.substring(pos) + "' at the end of the line");
            }
            for (int i = pos; i < text.length(); i++) {
                if (isControl(text.charAt(i))) {
                    throw new ConfigException(file, line, "control character in a comment");
                }
            }
        }
    }
}
