package dev.bioprompt.data.descriptions;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Python module that holds only data, without executing it: a sequence of assignments
 * {@code NAME = literal}, an optional docstring, and comments. Literals are strings (single, double or triple
 * quoted, with {@code r}/{@code u} prefixes and the usual escapes, adjacent strings concatenated), lists, tuples
 * (returned as lists), dicts with string keys, and parentheses. Anything else (imports, calls, names, numbers,
 * f-strings, operators) is an error naming the source and line.
 *
 * <p>Values are {@code String}, {@code List<Object>} and {@code Map<String, Object>} in source order; a later
 * duplicate dict key replaces the earlier, as Python does.
 */
public final class PythonLiteralParser {

    private final String source;
    private final String text;
    private int pos;

    private PythonLiteralParser(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * Parses a module.
     *
     * @param source names the file in messages
     * @return the assigned names and their values, in order
     * @throws IOException naming the source, line and what was found
     */
    public static Map<String, Object> parseModule(String source, String text) throws IOException {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
        return new PythonLiteralParser(source, text.startsWith("\uFEFF") ? text.substring(1) : text).module();
    }

    private Map<String, Object> module() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean first = true;
        while (true) {
            skipBlankLines();
            if (pos >= text.length()) {
                return out;
            }
            int start = pos;
            if (text.charAt(pos) == ' ' || text.charAt(pos) == '\t') {
                throw error(start, "unexpected indentation");
            }
            if (first && isStringStart()) {
                value(false);
                endOfStatement();
                first = false;
                continue;
            }
            first = false;
            String name = identifier();
            if (name == null) {
                throw error(start, "expected an assignment NAME = literal, found " + snippet(start));
            }
            skipInline();
            if (pos >= text.length() || text.charAt(pos) != '=' || peek(1) == '=') {
                throw error(start, "only assignments of literals are allowed, found " + snippet(start));
            }
            pos++;
            skipInline();
            Object v = value(false);
            endOfStatement();
            out.put(name, v);
        }
    }

    private Object value(boolean nested) throws IOException {
        skip(nested);
        if (pos >= text.length()) {
            throw error(pos, "unexpected end of file, expected a literal");
        }
        char c = text.charAt(pos);
        if (isStringStart()) {
            StringBuilder joined = new StringBuilder();
            do {
                joined.append(string());
                int save = pos;
                skip(nested);
                if (!isStringStart()) {
                    pos = save;
                    break;
                }
            } while (true);
            return joined.toString();
        }
        if (c == '[') {
            pos++;
            return sequence(']');
        }
        if (c == '(') {
            int open = pos++;
            skip(true);
            if (pos < text.length() && text.charAt(pos) == ')') {
                pos++;
                return new ArrayList<>();
            }
            Object first = value(true);
            skip(true);
            if (pos < text.length() && text.charAt(pos) == ')') {
                pos++;
                return first;
            }
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                List<Object> rest = sequence(')');
                rest.add(0, first);
                return rest;
            }
            throw error(open, "unclosed parenthesis");
        }
        if (c == '{') {
            pos++;
            return dict();
        }
        throw error(pos, "only strings, lists, tuples and dicts are allowed, found " + snippet(pos));
    }

    private List<Object> sequence(char close) throws IOException {
        List<Object> out = new ArrayList<>();
        while (true) {
            skip(true);
            if (pos >= text.length()) {
                throw error(pos, "unexpected end of file, expected '" + close + "'");
            }
            if (text.charAt(pos) == close) {
                pos++;
                return out;
            }
            out.add(value(true));
            skip(true);
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= text.length() || text.charAt(pos) != close) {
                throw error(pos, "expected ',' or '" + close + "', found " + snippet(pos));
            }
        }
    }

    private Map<String, Object> dict() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skip(true);
            if (pos >= text.length()) {
                throw error(pos, "unexpected end of file, expected '}'");
            }
            if (text.charAt(pos) == '}') {
                pos++;
                return out;
            }
            int keyAt = pos;
            Object key = value(true);
            if (!(key instanceof String k)) {
                throw error(keyAt, "dict keys must be strings");
            }
            skip(true);
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error(pos, "expected ':' after the key '" + k + "', found " + snippet(pos));
            }
            pos++;
            out.put(k, value(true));
            skip(true);
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= text.length() || text.charAt(pos) != '}') {
                throw error(pos, "expected ',' or '}', found " + snippet(pos));
            }
        }
    }

    private boolean isStringStart() {
        int p = pos;
        int prefix = 0;
        while (p < text.length() && prefix < 2 && "rRuU".indexOf(text.charAt(p)) >= 0) {
            p++;
            prefix++;
        }
        return p < text.length() && (text.charAt(p) == '"' || text.charAt(p) == '\'');
    }

    private String string() throws IOException {
        int start = pos;
        boolean raw = false;
        while ("rRuU".indexOf(text.charAt(pos)) >= 0) {
            raw |= Character.toLowerCase(text.charAt(pos)) == 'r';
            pos++;
        }
        char quote = text.charAt(pos);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(start, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == quote && (!triple || text.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return out.toString();
            }
            if (c == '\n' && !triple) {
                throw error(start, "unterminated string (end of line)");
            }
            if (c == '\\') {
                if (pos + 1 >= text.length()) {
                    throw error(start, "unterminated string");
                }
                char e = text.charAt(pos + 1);
                if (raw) {
                    out.append(c).append(e);
                    pos += 2;
                    continue;
                }
                pos += 2;
                switch (e) {
                    case '\n' -> { }
                    case '\\' -> out.append('\\');
                    case '\'' -> out.append('\'');
                    case '"' -> out.append('"');
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000B');
                    case 'x' -> out.appendCodePoint(hex(2, start));
                    case 'u' -> out.appendCodePoint(hex(4, start));
                    case 'U' -> out.appendCodePoint(hex(8, start));
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int i = 0; i < 2 && pos < text.length() && text.charAt(pos) >= '0'
                                    && text.charAt(pos) <= '7'; i++) {
                                v = v * 8 + (text.charAt(pos++) - '0');
                            }
                            out.appendCodePoint(v);
                        } else {
                            out.append('\\').append(e);
                        }
                    }
                }
                continue;
            }
            out.append(c);
            pos++;
        }
    }

    private int hex(int digits, int start) throws IOException {
        if (pos + digits > text.length()) {
            throw error(start, "truncated escape in string");
        }
        try {
            int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error(start, "bad escape in string");
        }
    }

    private String identifier() {
        int start = pos;
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }
        return null;
    }

    /** Skips spaces and comments; inside brackets also newlines, at top level only backslash continuations. */
    private void skip(boolean nested) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\r' || (nested && c == '\n')) {
                pos++;
            } else if (c == '#' && nested) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\\' && peek(1) == '\n') {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private void skipInline() {
        skip(false);
    }

    private void skipBlankLines() {
        while (pos < text.length()) {
            int lineStart = pos;
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t'
                    || text.charAt(pos) == '\r' || text.charAt(pos) == '\f')) {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            }
            if (pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            } else if (pos >= text.length()) {
                return;
            } else {
                pos = lineStart;
                return;
            }
        }
    }

    private void endOfStatement() throws IOException {
        skipInline();
        if (pos < text.length() && text.charAt(pos) == '#') {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }
        if (pos < text.length() && text.charAt(pos) == ';') {
            throw error(pos, "';' is not allowed");
        }
        if (pos < text.length() && text.charAt(pos) != '\n') {
            throw error(pos, "expected the end of the statement, found " + snippet(pos));
        }
        if (pos < text.length()) {
            pos++;
        }
    }

    private char peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
    }

    private int line(int at) {
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private String snippet(int at) {
        if (at >= text.length()) {
            return "the end of the file";
        }
        int end = text.indexOf('\n', at);
        String s = text.substring(at, end < 0 ? text.length() : end).strip();
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }

    private IOException error(int at, String message) {
        return new IOException(source + ": line " + line(at) + ": " + message + " (the file is read as data and "
                + "never executed)");
    }
}
