package cn.sqmy.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A refusal from the service: its RFC 9457 problem details, carrying the library's problems.
 *
 * <p>The service never answers a refusal with a bare status: every 4xx is
 * {@code application/problem+json} whose {@code problems} name the record or key path, the
 * code, what was expected and what was found, in the language asked for.  This exception
 * keeps all of it so an OA can show the message next to the field it is about
 * ({@code path}) and decide by {@code code} (e.g. {@code expected_version_stale}: re-read
 * and try again) rather than by parsing text.
 */
public final class SqmyProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem: where ({@code path}), which ({@code code}), expected, found, message. */
    public record Entry(String path, String code, String expected, String found, String message) {}

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final List<Entry> problems;

    public SqmyProblem(int status, String type, String title, String detail, List<Entry> problems) {
        super(status + " " + title + ": " + detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /**
     * The refusal an answer carries: problem details when the body is one, else (a proxy's
     * page, a crash) the status with the first part of the body as its detail.
     */
    static SqmyProblem of(int status, String contentType, String body) {
        if (contentType != null && contentType.startsWith("application/problem+json")) {
            try {
                Map<String, Object> doc = Json.object(Json.parse(body), "problem details");
                List<Entry> entries = new ArrayList<>();
                Object listed = doc.get("problems");
                if (listed != null) {
                    for (Object item : Json.array(listed, "problems")) {
                        Map<String, Object> p = Json.object(item, "problems[]");
                        entries.add(new Entry(text(p.get("path")), text(p.get("code")),
                                text(p.get("expected")), text(p.get("found")),
                                text(p.get("message"))));
                    }
                }
                return new SqmyProblem(status, text(doc.get("type")), text(doc.get("title")),
                        text(doc.get("detail")), entries);
            } catch (Json.JsonException e) {
                return new SqmyProblem(status, null, "unreadable problem details",
                        e.getMessage(), List.of());
            }
        }
        String shown = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        return new SqmyProblem(status, null, "HTTP " + status, shown, List.of());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<Entry> problems() {
        return problems;
    }

    /** Whether one of the problems has {@code code}. */
    public boolean has(String code) {
        return problems.stream().anyMatch(p -> code.equals(p.code()));
    }

    /** Every problem on one line each: "path: message (code; expected …, found …)". */
    public String describe() {
        StringBuilder out = new StringBuilder(getMessage());
        for (Entry p : problems) {
            out.append("\n  ").append(p.path().isEmpty() ? "(request)" : p.path()).append(": ")
                    .append(p.message()).append(" (").append(p.code());
            if (p.expected() != null) {
                out.append("; expected ").append(p.expected());
            }
            if (p.found() != null) {
                out.append("; found ").append(p.found());
            }
            out.append(')');
        }
        return out.toString();
    }
}
