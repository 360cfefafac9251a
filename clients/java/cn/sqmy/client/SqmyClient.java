package cn.sqmy.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A client of {@code sqmy serve} (docs/service.md) on JDK 17's {@code java.net.http} alone.
 *
 * <p>What an OA integrator would otherwise write again for every call:
 * <ul>
 *   <li><b>versions</b> — every piece answer's {@code ETag} is remembered per piece and sent
 *       as {@code If-Match} with the next command on that piece, so a command based on a
 *       piece someone else has changed since is refused (412) instead of applied blindly;
 *       registry records likewise ({@code "0"}: the record must be new);</li>
 *   <li><b>idempotency</b> — every piece command carries an {@code Idempotency-Key}; a
 *       request lost on the network is sent again with the same key (at most
 *       {@link #ATTEMPTS} times), and the service then answers as the first time without
 *       acting twice;</li>
 *   <li><b>refusals</b> — a 4xx/5xx becomes a {@link SqmyProblem} carrying the problem
 *       details (status, code, record/key path, expected, found, message);</li>
 *   <li><b>credentials</b> — with a token, every request carries
 *       {@code Authorization: Bearer <token>}.</li>
 * </ul>
 *
 * <p>Not thread-safe (the remembered versions are one caller's view); use one per thread.
 */
public final class SqmyClient {
    /** How often a request is sent when the connection fails before an answer arrives. */
    public static final int ATTEMPTS = 3;

    private final HttpClient http;
    private final String base;
    private final String org;
    private final String token;
    private final String language;
    private final Supplier<String> keys;
    private final Map<String, String> pieceTags = new HashMap<>();
    private final Map<String, Integer> recordVersions = new HashMap<>();
    private int requests;

    /**
     * @param base     the service's root, e.g. {@code http://127.0.0.1:8000}
     * @param org      the organization (the ruleset's {@code organization})
     * @param token    a bearer token, or null when the deployment has no authentication
     * @param language {@code zh} or {@code en}: the language of refusal messages
     * @param keys     makes each new Idempotency-Key; null: random UUIDs.  A caller that can
     *                 name its operations (an OA's own form id) should derive keys from them,
     *                 so a retry after a crash of the caller reuses the key too
     */
    public SqmyClient(String base, String org, String token, String language,
            Supplier<String> keys) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with uvicorn
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.base = base.replaceAll("/+$", "");
        this.org = org;
        this.token = token;
        this.language = language;
        this.keys = keys != null ? keys : () -> UUID.randomUUID().toString();
    }

    /** How many HTTP requests this client has sent (retries included). */
    public int requests() {
        return requests;
    }

    // ------------------------------------------------------------------ registry

    /** {@code PUT /orgs/{org}/units/{id}}: register the unit or replace its record. */
    public Reply putUnit(String id, Map<String, Object> record) {
        return putRecord("units", id, record);
    }

    /** {@code PUT /orgs/{org}/people/{id}}: register the person or replace the record
     * (an end of term is the record with {@code until}). */
    public Reply putPerson(String id, Map<String, Object> record) {
        return putRecord("people", id, record);
    }

    private Reply putRecord(String kind, String id, Map<String, Object> record) {
        String slot = kind + "/" + id;
        int seen = recordVersions.getOrDefault(slot, 0); // 0: this client believes it new
        Reply reply = send("PUT", orgPath(kind, id), record, "\"" + seen + "\"", null);
        recordVersions.put(slot, reply.version());
        return reply;
    }

    // ------------------------------------------------------------------ piece commands

    /** {@code POST /orgs/{org}/pieces}: 来稿登记 (201) with a new Idempotency-Key. */
    public Reply submit(Map<String, Object> body) {
        return submit(body, keys.get());
    }

    /** The same with the key given; remembers the new piece's ETag. */
    public Reply submit(Map<String, Object> body, String key) {
        String piece = Json.string(body.get("id"), "id");
        Reply reply = send("POST", orgPath("pieces"), body, null, key);
        pieceTags.put(piece, reply.etag());
        return reply;
    }

    /**
     * {@code POST /orgs/{org}/pieces/{piece}/{action}} on the version last seen of the piece,
     * with a new Idempotency-Key: {@code review}, {@code expert-opinion}, {@code resubmit},
     * {@code withdraw}, {@code dispatch}, {@code adoptions}, {@code instructions},
     * {@code handling}.
     */
    public Reply act(String piece, String action, Map<String, Object> body) {
        return act(piece, action, body, lastTag(piece), keys.get());
    }

    /** The same with the guards given: {@code ifMatch} (null: none) and {@code key}. */
    public Reply act(String piece, String action, Map<String, Object> body, String ifMatch,
            String key) {
        Reply reply = send("POST", orgPath("pieces", piece, action), body, ifMatch, key);
        pieceTags.put(piece, reply.etag());
        return reply;
    }

    /** The ETag of the last answer about {@code piece} (the next If-Match), or null. */
    public String lastTag(String piece) {
        return pieceTags.get(piece);
    }

    /** A new Idempotency-Key from this client's generator. */
    public String newKey() {
        return keys.get();
    }

    // ------------------------------------------------------------------ queries

    /** {@code GET /orgs/{org}/pieces/{piece}[?for=person]}: the piece as it stands (re-read). */
    public Reply piece(String piece, String forPerson) {
        String query = forPerson == null ? "" : "?for=" + encode(forPerson);
        Reply reply = send("GET", orgPath("pieces", piece) + query, null, null, null);
        pieceTags.put(piece, reply.etag());
        return reply;
    }

    /**
     * {@code GET /orgs/{org}/pieces?awaiting_review=person}: every page of the work list,
     * following {@code next_cursor}; {@code pages[0]} is set to how many pages it took.
     */
    public List<Map<String, Object>> awaitingReview(String person, int limit, int[] pages) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        int count = 0;
        do {
            String query = "?awaiting_review=" + encode(person) + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + encode(cursor));
            Map<String, Object> page = send("GET", orgPath("pieces") + query, null, null, null)
                    .body();
            count++;
            for (Object item : Json.array(page.get("items"), "items")) {
                items.add(Json.object(item, "items[]"));
            }
            Object next = page.get("next_cursor");
            cursor = next == null ? null : Json.string(next, "next_cursor");
        } while (cursor != null);
        if (pages != null) {
            pages[0] = count;
        }
        return items;
    }

    /** {@code GET /orgs/{org}/assessment?year=}: the sqmy-assessment/1 (or /1.1) document. */
    public Map<String, Object> assessment(int year) {
        return send("GET", orgPath("assessment") + "?year=" + year, null, null, null).body();
    }

    /** {@code GET /health}. */
    public Map<String, Object> health() {
        return send("GET", "/health", null, null, null).body();
    }

    // ------------------------------------------------------------------ the wire

    private String orgPath(String... segments) {
        StringBuilder out = new StringBuilder("/orgs/").append(encode(org));
        for (String s : segments) {
            out.append('/').append(encode(s));
        }
        return out.toString();
    }

    /** A path segment or query value, percent-encoded as UTF-8 (ids may be Chinese). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * One request; sent again (same key, same If-Match) when the connection fails before an
     * answer.  Only GETs and keyed commands are retried: they are the ones a repeat cannot
     * double.  A 2xx is a {@link Reply}; anything else a {@link SqmyProblem}.
     */
    private Reply send(String method, String path, Map<String, Object> body, String ifMatch,
            String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json")
                .header("Accept-Language", language);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body),
                            StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        boolean retriable = method.equals("GET") || key != null;
        HttpResponse<String> response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                requests++;
                response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (!retriable || attempt >= ATTEMPTS) {
                    throw new SqmyProblem(0, null, "no answer",
                            method + " " + path + ": " + e, List.of());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqmyProblem(0, null, "interrupted", method + " " + path, List.of());
            }
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw SqmyProblem.of(status, contentType, response.body());
        }
        Map<String, Object> doc = response.body().isEmpty()
                ? new LinkedHashMap<>()
                : Json.object(Json.parse(response.body()), method + " " + path);
        return new Reply(status, response.headers().firstValue("ETag").orElse(null), doc);
    }
}
