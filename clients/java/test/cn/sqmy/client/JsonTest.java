package cn.sqmy.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks of {@link Json} without a test framework (the client takes no libraries): run
 * {@code java -cp OUT cn.sqmy.client.JsonTest}; exit status 0 when every check holds, else
 * 1 with each failure printed.  {@code tests/service/test_java_client.py} runs it.
 */
public final class JsonTest {
    private static final List<String> FAILURES = new ArrayList<>();
    private static int checks;

    private JsonTest() {}

    public static void main(String[] args) {
        reads();
        refuses();
        writes();
        if (!FAILURES.isEmpty()) {
            FAILURES.forEach(f -> System.out.println("FAIL " + f));
            System.exit(1);
        }
        System.out.println("json: " + checks + " checks passed");
    }

    private static void reads() {
        Map<String, Object> doc = Json.object(Json.parse(
                " {\"a\": [1, 2.50, -0.0, 1e3, true, false, null],"
                + " \"s\": \"x\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\t\", \"中\": {}}\r\n"), "doc");
        List<Object> a = Json.array(doc.get("a"), "a");
        check(a.get(0).equals(new BigDecimal("1")), "an integer is an exact BigDecimal");
        check(a.get(1).equals(new BigDecimal("2.50")), "2.50 keeps its scale (exact, not a double)");
        check(a.get(3).equals(new BigDecimal("1e3")), "an exponent is read");
        check(a.get(4) == Boolean.TRUE && a.get(5) == Boolean.FALSE && a.get(6) == null,
                "true, false, null");
        check(doc.get("s").equals("xé😀\n\"\\/\t"), "escapes, a surrogate pair from two \\u");
        check(Json.object(doc.get("中"), "中").isEmpty(), "a non-ASCII member name");
        check(List.copyOf(doc.keySet()).equals(List.of("a", "s", "中")), "member order is kept");
        check(Json.parse("\"😀\"").equals("😀"), "a whole pair in the text itself");
        check(Json.parse("[]") instanceof List && Json.parse("-12.5e-1").equals(
                new BigDecimal("-12.5e-1")), "an empty array; a negative exponent");
    }

    private static void refuses() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        String[] bad = {
            "", " ", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "NaN", "Infinity", "'a'",
            "{\"a\":1,\"a\":2}", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\tb\"",
            "\"\\x41\"", "\"\\u12\"", "1 2", "[1] x", "tru", "nul", "{a:1}", "[1 2]", "\"abc",
            "// c\n1", deep,
        };
        for (String text : bad) {
            try {
                Json.parse(text);
                check(false, "refuses " + shown(text));
            } catch (Json.JsonException e) {
                check(e.getMessage().contains("at offset"), "says where: " + e.getMessage());
            }
        }
    }

    private static void writes() {
        Map<String, Object> doc = Json.obj("id", "2024-001", "title", "关于\"老旧\"小区\n改造",
                "n", new BigDecimal("16.0"), "k", 3, "ok", true, "none", null,
                "list", List.of("a", List.of()), "empty", Map.of());
        String text = Json.write(doc);
        check(text.equals("{\"id\":\"2024-001\",\"title\":\"关于\\\"老旧\\\"小区\\n改造\",\"n\":16.0,"
                + "\"k\":3,\"ok\":true,\"none\":null,\"list\":[\"a\",[]],\"empty\":{}}"),
                "compact text: " + text);
        check(Json.parse(text).equals(doc.entrySet().stream().collect(
                java.util.LinkedHashMap::new, (m, e) -> m.put(e.getKey(),
                        e.getValue() instanceof Integer ? new BigDecimal(e.getValue().toString())
                                : e.getValue()), Map::putAll)), "what is written reads back");
        check(Json.pretty(Json.obj("a", List.of(1, 2), "b", Json.obj()))
                .equals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}\n"), "indented text");
        check(Json.write("\u0001\u001f").equals("\"\\u0001\\u001f\""), "control characters escaped");
        try {
            Json.write(Double.NaN);
            check(false, "NaN is not written");
        } catch (Json.JsonException e) {
            check(true, "NaN is not written");
        }
    }

    private static String shown(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "…" : text;
    }

    private static void check(boolean holds, String what) {
        checks++;
        if (!holds) {
            FAILURES.add(what);
        }
    }
}
