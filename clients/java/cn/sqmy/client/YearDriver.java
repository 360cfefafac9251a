package cn.sqmy.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Drives a whole year of a district CPPCC through {@code sqmy serve}, as an OA would, then
 * fetches the year's assessment and writes it to a file.
 *
 * <pre>
 * javac -encoding UTF-8 -d OUT $(find clients/java -name '*.java')   # the sources hold Chinese text
 * java -cp OUT cn.sqmy.client.YearDriver --base http://127.0.0.1:8000 --org district \
 *      [--token T] [--year 2024] [--seed 2024] [--pieces 50] [--lang zh|en] --out assessment.json
 * </pre>
 *
 * <p>The year is {@link YearPlan}'s (seeded, no clock).  On the way it shows what an
 * integrator must get right, and checks it, failing loudly when the service does otherwise:
 * <ul>
 *   <li>every piece command is sent on the version last seen ({@code If-Match}) with an
 *       {@code Idempotency-Key}, and every answer's version is later than the one before;</li>
 *   <li><b>retry</b>: the first adoption is sent twice with the same key (a lost answer) and
 *       both answers are the same — the adoption is recorded once;</li>
 *   <li><b>stale version</b>: the first instruction is sent on the version read before the
 *       piece's last change (another clerk's screen), answered 412
 *       {@code expected_version_stale}; the client re-reads the piece and sends it again;</li>
 *   <li><b>work lists</b>: at each month's start, each reviewer's "awaiting my review" list,
 *       read page by page through {@code next_cursor}, equals what the answers so far say
 *       stands at that reviewer's level.</li>
 * </ul>
 * Exit status: 0 done; 1 the service refused an act or a check failed (the problem details
 * on standard error); 2 bad arguments.  The token may also come from {@code SQMY_TOKEN}.
 */
public final class YearDriver {
    private final SqmyClient client;
    private final YearPlan plan;
    private final Map<String, String> status = new HashMap<>();
    private final Map<String, String> stage = new HashMap<>();
    private final Map<String, String> before = new HashMap<>(); // the ETag before the last act
    private final Map<String, Integer> done = new TreeMap<>();
    private boolean retried;
    private boolean staled;
    private int listChecks;
    private int listPages;
    private String current = "the start";

    private YearDriver(SqmyClient client, YearPlan plan) {
        this.client = client;
        this.plan = plan;
    }

    public static void main(String[] args) {
        Map<String, String> opts;
        try {
            opts = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("YearDriver: " + e.getMessage());
            System.err.println("usage: YearDriver --base URL --org ORG --out FILE [--token T]"
                    + " [--year 2024] [--seed 2024] [--pieces 50] [--lang zh|en]");
            System.exit(2);
            return;
        }
        String token = opts.getOrDefault("token", System.getenv("SQMY_TOKEN"));
        if (token != null && token.isEmpty()) {
            token = null;
        }
        int year = Integer.parseInt(opts.getOrDefault("year", "2024"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "2024"));
        int pieces = Integer.parseInt(opts.getOrDefault("pieces", "50"));
        YearPlan plan = YearPlan.build(seed, year, pieces);
        SqmyClient client = new SqmyClient(opts.get("base"), opts.get("org"), token,
                opts.getOrDefault("lang", "zh"), null);
        YearDriver driver = new YearDriver(client, plan);
        try {
            Map<String, Object> assessment = driver.run();
            Files.writeString(Path.of(opts.get("out")), Json.pretty(assessment),
                    StandardCharsets.UTF_8);
            System.out.println("assessment: " + Json.array(assessment.get("people"), "people").size()
                    + " people, " + Json.array(assessment.get("units"), "units").size()
                    + " units -> " + opts.get("out"));
            System.out.println("requests: " + client.requests());
        } catch (SqmyProblem p) {
            System.err.println("YearDriver: at " + driver.current + " the service refused: "
                    + p.describe());
            System.exit(1);
        } catch (IllegalStateException | IOException | Json.JsonException e) {
            System.err.println("YearDriver: at " + driver.current + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        List<String> known = List.of("base", "org", "token", "out", "year", "seed", "pieces",
                "lang");
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            out.put(name, args[++i]);
        }
        for (String needed : List.of("base", "org", "out")) {
            if (!out.containsKey(needed)) {
                throw new IllegalArgumentException("--" + needed + " is required");
            }
        }
        for (String number : List.of("year", "seed", "pieces")) {
            if (out.containsKey(number) && !out.get(number).matches("\\d{1,9}")) {
                throw new IllegalArgumentException("--" + number + " must be a number, found "
                        + out.get(number));
            }
        }
        return out;
    }

    /** Every step of the plan, then the year's assessment. */
    private Map<String, Object> run() {
        if (!"ok".equals(client.health().get("status"))) {
            throw new IllegalStateException("/health did not answer ok");
        }
        int month = 1; // the first check once January's pieces are in
        for (YearPlan.Step step : plan.steps) {
            current = step.kind().name().toLowerCase() + " " + step.subject() + " "
                    + step.action() + " at " + YearPlan.iso(step.at());
            if (!status.isEmpty() && step.at().getYear() == plan.year
                    && step.at().getMonthValue() != month) {
                month = step.at().getMonthValue();
                checkWorkLists("the start of month " + month);
            }
            switch (step.kind()) {
                case UNIT -> client.putUnit(step.subject(), step.body());
                case PERSON -> client.putPerson(step.subject(), step.body());
                case PIECE -> act(step);
            }
            done.merge(step.kind() == YearPlan.Kind.PIECE ? step.action()
                    : step.kind().name().toLowerCase() + " put", 1, Integer::sum);
        }
        checkWorkLists("the end");
        System.out.println("acts: " + done);
        System.out.println("work lists: " + listChecks + " checked, " + listPages
                + " pages, each equal to the pieces' own answers");
        if (!retried || !staled) {
            throw new IllegalStateException("the plan had no adoption or no instruction to"
                    + " show the retry and the stale version with");
        }
        return client.assessment(plan.year);
    }

    private void act(YearPlan.Step step) {
        String piece = step.subject();
        if (step.action().equals("submit")) {
            Reply reply = client.submit(step.body(), step.key());
            expect(reply.status() == 201, piece + ": submit answered " + reply.status());
            remember(piece, null, reply);
            return;
        }
        if (!retried && step.action().equals("adoptions")) {
            retried = true;
            retry(step);
            return;
        }
        if (!staled && step.action().equals("instructions")) {
            staled = true;
            stale(step);
            return;
        }
        String tag = client.lastTag(piece);
        Reply reply = client.act(piece, step.action(), step.body(), tag, step.key());
        remember(piece, tag, reply);
    }

    /** The same command, same key, sent twice: one effect, the same answer twice. */
    private void retry(YearPlan.Step step) {
        String piece = step.subject();
        String tag = client.lastTag(piece);
        Reply first = client.act(piece, step.action(), step.body(), tag, step.key());
        Reply again = client.act(piece, step.action(), step.body(), tag, step.key());
        expect(first.etag().equals(again.etag()) && Json.write(first.body())
                        .equals(Json.write(again.body())),
                piece + ": the same Idempotency-Key answered differently the second time");
        int adoptions = Json.array(again.body().get("adoptions"), "adoptions").size();
        System.out.println("retry: " + piece + " " + step.action() + " Idempotency-Key="
                + step.key() + " sent twice on If-Match " + tag + ", both answered "
                + again.etag() + " with " + adoptions + " adoption(s)");
        remember(piece, tag, again);
    }

    /** A command on a version read before the piece's last change: 412, re-read, resent. */
    private void stale(YearPlan.Step step) {
        String piece = step.subject();
        String old = before.get(piece);
        String current = client.lastTag(piece);
        try {
            client.act(piece, step.action(), step.body(), old, step.key());
            throw new IllegalStateException(piece + ": a command on the stale version " + old
                    + " was accepted (the piece is at " + current + ")");
        } catch (SqmyProblem p) {
            expect(p.status() == 412 && p.has("expected_version_stale"),
                    piece + ": a stale If-Match was answered " + p.describe());
            Reply read = client.piece(piece, (String) step.body().get("actor"));
            List<Object> allowed = Json.array(read.body().get("allowed_actions"), "allowed_actions");
            expect(allowed.contains("record_instruction"),
                    piece + ": after re-reading, record_instruction is not allowed: " + allowed);
            String fresh = client.lastTag(piece);
            // the refused attempt wrote nothing, so its key is still unused: send it again
            Reply reply = client.act(piece, step.action(), step.body(), fresh, step.key());
            System.out.println("stale: " + piece + " " + step.action() + " on If-Match " + old
                    + " answered " + p.status() + " " + p.problems().get(0).code()
                    + " (found " + p.problems().get(0).found() + "); re-read " + fresh
                    + ", sent again, answered " + reply.etag());
            remember(piece, fresh, reply);
        }
    }

    /** Keep what the answer says of the piece; its version must be later than before. */
    private void remember(String piece, String sentOn, Reply reply) {
        expect(reply.etag() != null, piece + ": an answer without ETag");
        if (sentOn != null) {
            int was = Integer.parseInt(sentOn.replace("\"", ""));
            expect(reply.version() > was, piece + ": version " + reply.version()
                    + " is not later than " + was);
        }
        expect(reply.version() == ((Number) reply.body().get("version")).intValue(),
                piece + ": ETag " + reply.etag() + " is not the body's version");
        before.put(piece, sentOn);
        status.put(piece, reply.text("status"));
        stage.put(piece, reply.text("stage"));
    }

    /** Each reviewer's "awaiting my review", page by page, against the answers so far. */
    private void checkWorkLists(String when) {
        for (String level : YearPlan.STAGES) {
            String reviewer = "r-" + level;
            TreeSet<String> expected = new TreeSet<>();
            for (Map.Entry<String, String> e : status.entrySet()) {
                if (e.getValue().equals("in_review") && level.equals(stage.get(e.getKey()))) {
                    expected.add(e.getKey());
                }
            }
            int[] pages = new int[1];
            List<String> listed = new ArrayList<>();
            for (Map<String, Object> item : client.awaitingReview(reviewer, 1, pages)) {
                listed.add(Json.string(item.get("piece"), "piece"));
            }
            expect(listed.equals(new ArrayList<>(expected)), "at " + when + ", " + reviewer
                    + " is listed " + listed + " but the answers say " + expected);
            listChecks++;
            listPages += pages[0];
        }
    }

    private static void expect(boolean holds, String failure) {
        if (!holds) {
            throw new IllegalStateException(failure);
        }
    }
}
