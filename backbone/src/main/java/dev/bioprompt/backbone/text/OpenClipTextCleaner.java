package dev.bioprompt.backbone.text;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The text cleaning open_clip's {@code HFTokenizer} applies before tokenising ({@code clean='whitespace'}):
 * {@code ftfy.fix_text}, {@code html.unescape} twice, strip, and collapsing every run of whitespace into one space.
 *
 * <p>Of ftfy's fixes, these are reproduced: HTML entity decoding (disabled from the first line containing
 * {@code <}), C1 control characters read as Windows-1252, Latin ligatures, full-width and half-width forms, curly
 * quotes, line breaks, ANSI terminal escapes, invisible control characters and NFC normalisation. Mojibake repair
 * ({@code fix_encoding}) is not: text that is already valid Unicode, as prompts and class names are, is unaffected.
 */
public final class OpenClipTextCleaner {

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001b\\[((?:\\d|;)*)([a-zA-Z])");
    private static final String[] WINDOWS_1252_C1 = {
        "\u20ac", "\u0081", "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021",
        "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", "\u008d", "\u017d", "\u008f",
        "\u0090", "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014",
        "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", "\u009d", "\u017e", "\u0178"};

    private OpenClipTextCleaner() {
    }

    /** Cleans one text exactly as open_clip's {@code _clean_whitespace} does (except mojibake repair). */
    public static String clean(String text) {
        String s = fixText(text);
        s = HtmlEntities.pythonUnescape(HtmlEntities.pythonUnescape(s));
        return collapseWhitespace(s);
    }

    /** Python's {@code " ".join(s.split())}: runs of (Unicode) whitespace become one space, ends are stripped. */
    static String collapseWhitespace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isPythonSpace(cp)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Python's {@code str.isspace} for one code point. */
    static boolean isPythonSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp == 0x85 || cp == 0xa0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f
                || cp == 0x3000;
    }

    /** ftfy's {@code fix_text}, line by line, each line fixed until it no longer changes. */
    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        int pos = 0;
        while (pos < text.length()) {
            int lineBreak = text.indexOf('\n', pos);
            int end = lineBreak < 0 ? text.length() : lineBreak + 1;
            String segment = text.substring(pos, end);
            if (segment.indexOf('<') >= 0) {
                unescapeHtml = false;
            }
            out.append(fixSegment(segment, unescapeHtml));
            pos = end;
        }
        return out.toString();
    }

    private static String fixSegment(String segment, boolean unescapeHtml) {
        String text = segment;
        while (true) {
            String original = text;
            if (unescapeHtml) {
                text = HtmlEntities.ftfyUnescape(text);
            }
            text = fixC1Controls(text);
            text = fixLigatures(text);
            text = fixCharacterWidth(text);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = ANSI_ESCAPE.matcher(text).replaceAll("");
            text = removeControlChars(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(original)) {
                return text;
            }
        }
    }

    private static String fixC1Controls(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 && c <= 0x9f) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append(WINDOWS_1252_C1[c - 0x80]);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static String fixLigatures(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '\u0132' -> "IJ";
                case '\u0133' -> "ij";
                case '\u0149' -> "\u02bcn";
                case '\u01f1' -> "DZ";
                case '\u01f2' -> "Dz";
                case '\u01f3' -> "dz";
                case '\u01c4' -> "D\u017d";
                case '\u01c5' -> "D\u017e";
                case '\u01c6' -> "d\u017e";
                case '\u01c7' -> "LJ";
                case '\u01c8' -> "Lj";
                case '\u01c9' -> "lj";
                case '\u01ca' -> "NJ";
                case '\u01cb' -> "Nj";
                case '\u01cc' -> "nj";
                case '\ufb00' -> "ff";
                case '\ufb01' -> "fi";
                case '\ufb02' -> "fl";
                case '\ufb03' -> "ffi";
                case '\ufb04' -> "ffl";
                case '\ufb05' -> "\u017ft";
                case '\ufb06' -> "st";
                default -> null;
            };
            if (r == null) {
                out.append(c);
            } else {
                out.append(r);
            }
        }
        return out.toString();
    }

    private static String fixCharacterWidth(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u3000') {
                out.append(' ');
            } else if (c >= 0xff01 && c < 0xfff0) {
                out.append(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String uncurlQuotes(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u02bc' || (c >= '\u2018' && c <= '\u201b')) {
                out.append('\'');
            } else if (c >= '\u201c' && c <= '\u201f') {
                out.append('"');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String fixLineBreaks(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    private static String removeControlChars(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1f) || c == 0x7f
                    || (c >= 0x206a && c <= 0x206f) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffc);
            if (!control) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
