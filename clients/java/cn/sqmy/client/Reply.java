package cn.sqmy.client;

import java.util.Map;

/**
 * A successful answer: its status, its {@code ETag} (a piece's or record's version, the
 * {@code If-Match} of the next command; null when the answer has none) and its JSON body.
 */
public record Reply(int status, String etag, Map<String, Object> body) {
    /** The version the ETag names ({@code "7"} → 7), or -1 without one. */
    public int version() {
        if (etag == null) {
            return -1;
        }
        return Integer.parseInt(etag.replace("W/", "").replace("\"", "").trim());
    }

    /** A member of the body that is a string (or null when absent or JSON null). */
    public String text(String name) {
        Object value = body.get(name);
        return value == null ? null : Json.string(value, name);
    }
}
