package cn.sqmy.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks of {@link SqmyClient}'s wire behaviour against the JDK's own HTTP server (module
 * {@code jdk.httpserver}, no library): what it sends (bearer token, If-Match from the last
 * ETag, an Idempotency-Key, UTF-8 JSON, percent-encoded ids), that a dropped connection is
 * retried with the same key, and how refusals become {@link SqmyProblem}s.  These are the
 * paths the year against a real service does not take (no authentication yet, no network
 * faults).  Run {@code java -cp OUT cn.sqmy.client.ClientTest}; exit 0 when all hold.
 */
public final class ClientTest {
    private static final List<String> FAILURES = new ArrayList<>();
    private static int checks;

    /** One request as the server saw it. */
    private record Seen(String method, String path, String auth, String ifMatch, String key,
            String body) {}

    private ClientTest() {}

    public static void main(String[] args) throws IOException {
        List<Seen> seen = new ArrayList<>();
        AtomicInteger drops = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, seen, drops));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            run(new SqmyClient(base, "district", "t0ken", "en", counter()), seen, drops);
        } finally {
            server.stop(0);
        }
        if (!FAILURES.isEmpty()) {
            FAILURES.forEach(f -> System.out.println("FAIL " + f));
            System.exit(1);
        }
        System.out.println("client: " + checks + " checks passed");
    }

    private static java.util.function.Supplier<String> counter() {
        AtomicInteger n = new AtomicInteger();
        return () -> "k" + n.incrementAndGet();
    }

    private static void run(SqmyClient client, List<Seen> seen, AtomicInteger drops) {
        Reply submitted = client.submit(Json.obj("id", "稿 1", "actor", "p1", "title", "关于",
                "authors", List.of("p1")));
        Seen s = seen.get(seen.size() - 1);
        check(submitted.status() == 201 && submitted.etag().equals("\"1\""), "submit: 201, ETag");
        check("Bearer t0ken".equals(s.auth()), "the bearer token is sent: " + s.auth());
        check("k1".equals(s.key()) && s.ifMatch() == null, "submit: a key, no If-Match");
        check(Json.object(Json.parse(s.body()), "body").get("title").equals("关于"),
                "the body is UTF-8 JSON: " + s.body());

        client.act("稿 1", "review", Json.obj("actor", "r1", "decision", "pass"));
        s = seen.get(seen.size() - 1);
        check(s.path().equals("/orgs/district/pieces/%E7%A8%BF%201/review"),
                "the id is percent-encoded in the path: " + s.path());
        check("\"1\"".equals(s.ifMatch()) && "k2".equals(s.key()),
                "review: If-Match is the last ETag, a new key: " + s.ifMatch() + " " + s.key());
        check("\"2\"".equals(client.lastTag("稿 1")), "the answer's ETag is remembered");

        drops.set(1); // the next request's connection is dropped once, before any answer
        int before = seen.size();
        Reply again = client.act("稿 1", "dispatch", Json.obj("actor", "s1", "route", "direct"));
        List<Seen> tries = seen.subList(before, seen.size());
        check(tries.size() == 2 && tries.get(0).key().equals(tries.get(1).key())
                && tries.get(0).ifMatch().equals(tries.get(1).ifMatch()),
                "a dropped request is sent again with the same key and If-Match: " + tries);
        check(again.etag().equals("\"3\""), "and its answer is taken");

        try {
            client.act("稿 1", "handling", Json.obj("actor", "s1", "outcome", "x"), "\"1\"", "k9");
            check(false, "a 412 is a SqmyProblem");
        } catch (SqmyProblem p) {
            check(p.status() == 412 && p.has("expected_version_stale")
                    && p.problems().get(0).expected().equals("1")
                    && p.problems().get(0).found().equals("3")
                    && p.problems().get(0).path().isEmpty(),
                    "problem details are read: " + p.describe());
            check(p.describe().contains("expected 1; found 3"), "and described: " + p.describe());
        }
        try {
            client.assessment(1);
            check(false, "a 500 without problem details is a SqmyProblem");
        } catch (SqmyProblem p) {
            check(p.status() == 500 && p.problems().isEmpty() && p.detail().contains("boom"),
                    "a plain 500 keeps its status and text: " + p.describe());
        }
        Map<String, Object> health = client.health();
        s = seen.get(seen.size() - 1);
        check("ok".equals(health.get("status")) && s.key() == null && s.ifMatch() == null,
                "a read carries no key and no If-Match");
        client.putPerson("p1", Json.obj("actor", "s1", "name", "张三", "roles", List.of("member")));
        check("\"0\"".equals(seen.get(seen.size() - 1).ifMatch()), "a new record: If-Match \"0\"");
        client.putPerson("p1", Json.obj("actor", "s1", "name", "张三", "roles", List.of("member"),
                "until", "2024-12-31T00:00:00+08:00"));
        check("\"1\"".equals(seen.get(seen.size() - 1).ifMatch()),
                "the record again: If-Match is its last ETag");
    }

    /** The fake service: canned answers by path, a version counter per piece. */
    private static void answer(HttpExchange exchange, List<Seen> seen, AtomicInteger drops)
            throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var h = exchange.getRequestHeaders();
        String path = exchange.getRequestURI().getRawPath();
        seen.add(new Seen(exchange.getRequestMethod(), path, h.getFirst("Authorization"),
                h.getFirst("If-Match"), h.getFirst("Idempotency-Key"), body));
        if (drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.close(); // no status line: the client sees the connection end
            return;
        }
        if (path.endsWith("/handling")) {
            send(exchange, 412, "application/problem+json", null, Json.write(Json.obj(
                    "type", "https://sqmy.invalid/problems/precondition_failed",
                    "title", "Precondition failed", "status", 412, "detail", "stale",
                    "problems", List.of(Json.obj("path", "", "code", "expected_version_stale",
                            "expected", "1", "found", "3", "message", "piece is at 3")))));
        } else if (path.endsWith("/assessment")) {
            send(exchange, 500, "text/plain", null, "boom");
        } else if (path.equals("/health")) {
            send(exchange, 200, "application/json", null, "{\"status\":\"ok\"}");
        } else if (path.contains("/people/")) {
            int version = Integer.parseInt(h.getFirst("If-Match").replace("\"", "")) + 1;
            send(exchange, 200, "application/json", "\"" + version + "\"",
                    "{\"record\":{},\"version\":" + version + "}");
        } else {
            int version = path.endsWith("/pieces") ? 1
                    : Integer.parseInt(h.getFirst("If-Match").replace("\"", "")) + 1;
            send(exchange, path.endsWith("/pieces") ? 201 : 200, "application/json",
                    "\"" + version + "\"", "{\"version\":" + version + "}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String etag,
            String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        if (etag != null) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void check(boolean holds, String what) {
        checks++;
        if (!holds) {
            FAILURES.add(what);
        }
    }
}
