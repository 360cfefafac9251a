package cn.sqmy.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, strict JSON reader and writer (RFC 8259), because the JDK has none built in
 * and this client takes no third-party libraries.
 *
 * <p>Values map to plain Java types: an object is a {@code LinkedHashMap<String, Object>}
 * (member order kept, so a document written back reads the same), an array a
 * {@code List<Object>}, a number a {@link BigDecimal} (exact: the service's points are
 * decimals and must compare equal to what {@code sqmy assess} prints, never pass through a
 * binary double), a string a {@code String}, {@code true}/{@code false} a {@code Boolean}
 * and {@code null} Java's {@code null}.
 *
 * <p>Strict means what the RFC says and nothing more: no comments, no trailing commas, no
 * single quotes, no leading zeros, no {@code NaN}; duplicate member names and lone UTF-16
 * surrogates (which no UTF-8 text can carry) are refused too.  Every refusal names the
 * character offset and what was expected there, so a bad answer from a server is
 * diagnosable rather than a stack trace deep inside a parser.
 */
public final class Json {
    /** Nesting deeper than this is refused rather than overflowing the stack. */
    static final int MAX_DEPTH = 512;

    private Json() {}

    /** Why a text is not JSON, with the offset where reading stopped. */
    public static final class JsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------ reading

    /** The value {@code text} holds; anything after it other than whitespace is refused. */
    public static Object parse(String text) {
        Reader reader = new Reader(text);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw reader.error("end of text");
        }
        return value;
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        JsonException error(String expected) {
            String found = pos < s.length() ? "'" + s.charAt(pos) + "'" : "end of text";
            return new JsonException(
                    "JSON: at offset " + pos + " expected " + expected + ", found " + found);
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("at most " + MAX_DEPTH + " levels of nesting");
            }
            if (pos >= s.length()) {
                throw error("a value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("a value");
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("'" + word + "'");
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> out = new LinkedHashMap<>();
            pos++; // '{'
            skipWhitespace();
            if (peek('}')) {
                pos++;
                return out;
            }
            while (true) {
                skipWhitespace();
                if (!peek('"')) {
                    throw error("a member name in double quotes");
                }
                int at = pos;
                String name = string();
                if (out.containsKey(name)) {
                    pos = at;
                    throw error("a member name not used before in this object");
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                out.put(name, value(depth + 1));
                skipWhitespace();
                if (peek(',')) {
                    pos++;
                    continue;
                }
                expect('}');
                return out;
            }
        }

        private List<Object> array(int depth) {
            List<Object> out = new ArrayList<>();
            pos++; // '['
            skipWhitespace();
            if (peek(']')) {
                pos++;
                return out;
            }
            while (true) {
                skipWhitespace();
                out.add(value(depth + 1));
                skipWhitespace();
                if (peek(',')) {
                    pos++;
                    continue;
                }
                expect(']');
                return out;
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("a closing '\"'");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("no control character inside a string (escape it)");
                }
                if (c == '\\') {
                    out.append(escape());
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    // a pair in the text itself (the text came from UTF-8, so it is whole)
                    if (Character.isHighSurrogate(c) && pos + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(pos + 1))) {
                        out.append(c).append(s.charAt(pos + 1));
                        pos += 2;
                        continue;
                    }
                    throw error("a whole character (lone surrogate)");
                }
                out.append(c);
                pos++;
            }
        }

        /** One escape sequence from its backslash on; a surrogate pair needs both halves. */
        private String escape() {
            pos++; // backslash
            if (pos >= s.length()) {
                throw error("an escape character");
            }
            char c = s.charAt(pos++);
            switch (c) {
                case '"': return "\"";
                case '\\': return "\\";
                case '/': return "/";
                case 'b': return "\b";
                case 'f': return "\f";
                case 'n': return "\n";
                case 'r': return "\r";
                case 't': return "\t";
                case 'u':
                    char unit = hex4();
                    if (Character.isHighSurrogate(unit)) {
                        if (s.startsWith("\\u", pos)) {
                            int at = pos;
                            pos += 2;
                            char low = hex4();
                            if (Character.isLowSurrogate(low)) {
                                return new String(new char[] {unit, low});
                            }
                            pos = at;
                        }
                        throw error("a low surrogate escape after a high surrogate");
                    }
                    if (Character.isLowSurrogate(unit)) {
                        pos -= 6;
                        throw error("a whole character (lone low surrogate escape)");
                    }
                    return String.valueOf(unit);
                default:
                    pos--;
                    throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
            }
        }

        private char hex4() {
            if (pos + 4 > s.length()) {
                throw error("four hex digits");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(s.charAt(pos), 16);
                if (digit < 0) {
                    throw error("a hex digit");
                }
                value = value * 16 + digit;
                pos++;
            }
            return (char) value;
        }

        private BigDecimal number() {
            int start = pos;
            if (peek('-')) {
                pos++;
            }
            if (peek('0')) {
                pos++;
                if (pos < s.length() && isDigit(s.charAt(pos))) {
                    throw error("no leading zero");
                }
            } else {
                digits();
            }
            if (peek('.')) {
                pos++;
                digits();
            }
            if (peek('e') || peek('E')) {
                pos++;
                if (peek('+') || peek('-')) {
                    pos++;
                }
                digits();
            }
            return new BigDecimal(s.substring(start, pos));
        }

        private void digits() {
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("a digit");
            }
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("'" + c + "'");
            }
            pos++;
        }
    }

    // ------------------------------------------------------------------ writing

    /** {@code value} as compact JSON text (what goes on the wire). */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, -1, 0);
        return out.toString();
    }

    /** {@code value} as JSON text indented by two spaces (what a person reads in a file). */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 2, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int indent, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            quote(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof BigDecimal) {
            out.append(value.toString()); // JSON's grammar takes its exponent form too
        } else if (value instanceof Integer || value instanceof Long) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new JsonException("JSON: " + d + " is not a number JSON can carry");
            }
            out.append(new BigDecimal(value.toString()).toString());
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new JsonException("JSON: member names must be strings, found "
                            + e.getKey());
                }
                out.append(first ? "" : ",");
                first = false;
                newline(out, indent, level + 1);
                quote(out, (String) e.getKey());
                out.append(indent < 0 ? ":" : ": ");
                write(out, e.getValue(), indent, level + 1);
            }
            newline(out, indent, level);
            out.append('}');
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                newline(out, indent, level + 1);
                write(out, list.get(i), indent, level + 1);
            }
            newline(out, indent, level);
            out.append(']');
        } else {
            throw new JsonException("JSON: cannot write a " + value.getClass().getName());
        }
    }

    private static void newline(StringBuilder out, int indent, int level) {
        if (indent >= 0) {
            out.append('\n');
            out.append(" ".repeat(indent * level));
        }
    }

    /** A string literal: quotes, backslashes and control characters escaped, the rest as is. */
    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || Character.isSurrogate(c) && !wholePair(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean wholePair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    // ------------------------------------------------------------------ building and reading

    /** An object from alternating names and values, in that order: {@code obj("a", 1, "b", x)}. */
    public static Map<String, Object> obj(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("obj(): names and values must come in pairs");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    /** An object member that must be an object (a clear error names the member otherwise). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new JsonException("JSON: " + what + " should be an object, found " + kind(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value, String what) {
        if (!(value instanceof List)) {
            throw new JsonException("JSON: " + what + " should be an array, found " + kind(value));
        }
        return Collections.unmodifiableList((List<Object>) value);
    }

    public static String string(Object value, String what) {
        if (!(value instanceof String)) {
            throw new JsonException("JSON: " + what + " should be a string, found " + kind(value));
        }
        return (String) value;
    }

    public static BigDecimal number(Object value, String what) {
        if (!(value instanceof BigDecimal)) {
            throw new JsonException("JSON: " + what + " should be a number, found " + kind(value));
        }
        return (BigDecimal) value;
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof BigDecimal) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value.getClass().getSimpleName();
    }
}
