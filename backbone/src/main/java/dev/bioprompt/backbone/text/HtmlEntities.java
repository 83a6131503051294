package dev.bioprompt.backbone.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML character references decoded as Python's {@code html.unescape} and ftfy's {@code unescape_html} do. The
 * tables (HTML5 named references, the uppercase names ftfy also accepts, and the numeric-reference fix-ups) are in
 * {@code html-entities.json}, written by {@code tools/make_tokenizer_fixtures.py} from Python's own tables.
 */
final class HtmlEntities {

    private static final Pattern PYTHON_CHARREF =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    private static final Pattern FTFY_ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

    private static final class Tables {
        static final Map<String, String> HTML5 = new HashMap<>();
        static final Map<String, String> FTFY_UPPERCASE = new HashMap<>();
        static final Map<Integer, String> INVALID_CHARREFS = new HashMap<>();
        static final Set<Integer> INVALID_CODEPOINTS = new HashSet<>();

        static {
            try (InputStream in = HtmlEntities.class.getResourceAsStream("html-entities.json")) {
                if (in == null) {
                    throw new IllegalStateException("resource html-entities.json is missing from the class path");
                }
                JsonNode root = new ObjectMapper().readTree(in);
                root.get("html5").fields().forEachRemaining(e -> HTML5.put(e.getKey(), e.getValue().asText()));
                root.get("ftfy_uppercase").fields().forEachRemaining(e -> FTFY_UPPERCASE.put(e.getKey(), e.getValue().asText()));
                root.get("invalid_charrefs").fields().forEachRemaining(
                        e -> INVALID_CHARREFS.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
                root.get("invalid_codepoints").forEach(n -> INVALID_CODEPOINTS.add(n.asInt()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read html-entities.json", e);
            }
        }
    }

    private HtmlEntities() {
    }

    /** Python's {@code html.unescape}: numeric and named references, with or without the semicolon. */
    static String pythonUnescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = PYTHON_CHARREF.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replaceCharref(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** ftfy's {@code unescape_html}: only complete references ending in a semicolon. */
    static String ftfyUnescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = FTFY_ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String text = m.group();
            String name = text.substring(1);
            String replacement;
            if (!name.startsWith("#") && Tables.HTML5.containsKey(name)) {
                replacement = Tables.HTML5.get(name);
            } else if (!name.startsWith("#") && Tables.FTFY_UPPERCASE.containsKey(name)) {
                replacement = Tables.FTFY_UPPERCASE.get(name);
            } else if (name.startsWith("#")) {
                String unescaped = pythonUnescape(text);
                replacement = unescaped.contains(";") ? text : unescaped;
            } else {
                replacement = text;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replaceCharref(String s) {
        if (s.charAt(0) == '#') {
            boolean hex = s.length() > 1 && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
            String digits = s.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            digits = digits.replaceFirst("^0+(?=.)", "");
            long num;
            if (digits.length() > (hex ? 8 : 10)) {
                num = Long.MAX_VALUE;
            } else {
                num = Long.parseLong(digits, hex ? 16 : 10);
            }
            if (num <= Integer.MAX_VALUE && Tables.INVALID_CHARREFS.containsKey((int) num)) {
                return Tables.INVALID_CHARREFS.get((int) num);
            }
            if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
                return "\uFFFD";
            }
            if (Tables.INVALID_CODEPOINTS.contains((int) num)) {
                return "";
            }
            return new String(Character.toChars((int) num));
        }
        String value = Tables.HTML5.get(s);
        if (value != null) {
            return value;
        }
        for (int x = s.length() - 1; x > 1; x--) {
            value = Tables.HTML5.get(s.substring(0, x));
            if (value != null) {
                return value + s.substring(x);
            }
        }
        return "&" + s;
    }
}
