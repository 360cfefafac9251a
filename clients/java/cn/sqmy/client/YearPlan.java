package cn.sqmy.client;

import static cn.sqmy.client.Json.obj;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A district CPPCC's year as the list of acts an OA would send, in time order.
 *
 * <p>Seeded: the same seed gives the same year on every machine ({@link Random} is specified
 * to the bit), and nothing reads the clock; every act carries its own {@code now} in the
 * year, in Beijing time.  The plan is written for {@code rulesets/district.toml}: its roles
 * ({@code member}, {@code special_officer}, {@code staff}, the three reviewers and
 * {@code expert}), unit kinds, review decisions and the five checks, dispatch routes and the
 * bodies, levels and ranks it scores.  Every act is one the workflow allows at that point,
 * so a refusal while driving it is a real failure, not noise.
 *
 * <p>What the year holds: seven units (sectors, committees, a liaison office); two staff,
 * a reviewer per level and an expert; twenty-one members (one joins in July, one leaves in
 * October) and three special officers; {@code pieces} pieces by weighted authors, two in
 * five co-authored, some registered by staff for their authors.  Most pass the three
 * levels; some are returned and resubmitted (and start again at the first level), some
 * rejected at a level, a few withdrawn before review, a few escalated to the experts.
 * Approved pieces are dispatched (some late, so the overdue list is not empty), adopted by
 * bodies of every level (and one body the district does not score), instructed by leaders
 * of every level and both ranks, and handled with every outcome.  The last pieces' outcomes
 * fall in January of the next year, which the district attributes to that year.
 */
final class YearPlan {
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    static final List<String> STAGES = List.of("initial", "deputy", "chair");
    static final List<String> CHECKS =
            List.of("political", "policy", "factual", "format", "wording");

    /** What a step acts on. */
    enum Kind { UNIT, PERSON, PIECE }

    /**
     * One act: at {@code at}, on the unit, person or piece {@code subject}; for a piece the
     * {@code action} is {@code submit} or the command's path segment, {@code key} its
     * Idempotency-Key (derived from the piece and the act's place in its life, so the same
     * plan always sends the same keys and a resent act is recognised as the same one).
     */
    record Step(OffsetDateTime at, Kind kind, String subject, String action,
            Map<String, Object> body, String key) {}

    /** A person of the plan; {@code since}/{@code until} null when the term covers the year. */
    record Person(String id, String name, List<String> roles, List<String> units,
            OffsetDateTime since, OffsetDateTime until, int weight) {
        boolean inOffice(OffsetDateTime at) {
            return (since == null || !since.isAfter(at)) && (until == null || until.isAfter(at));
        }

        boolean assessed() {
            return roles.contains("member") || roles.contains("special_officer");
        }
    }

    private static final String[][] UNITS = {
        {"sec-econ", "经济界", "sector"},
        {"sec-edu", "教育界", "sector"},
        {"sec-med", "医药卫生界", "sector"},
        {"sec-agri", "农业和农村界", "sector"},
        {"com-social", "社会和法制委员会", "committee"},
        {"com-culture", "文化文史和学习委员会", "committee"},
        {"lia-north", "北片镇街工委", "liaison"},
    };
    private static final String[] NAMES = {
        "张明远", "李秀英", "王建国", "刘晓燕", "陈志强", "杨丽华", "赵文博", "黄海涛",
        "周雪梅", "吴俊杰", "徐慧敏", "孙立新", "胡晓东", "朱玉兰", "高志伟", "林静怡",
        "何家豪", "郭春燕", "马宏伟", "罗佳琪", "梁思远", "宋美玲", "郑国平", "谢雨婷",
    };
    private static final String[] TOPICS = {
        "老旧小区加装电梯", "农村养老服务", "中小学课后服务", "基层医疗人才", "农产品冷链物流",
        "城市内涝治理", "公共充电桩布局", "预制菜食品安全", "乡村文化礼堂", "社区嵌入式托育",
        "外卖骑手权益保障", "河道长效保洁", "历史街区保护", "中小企业融资", "高标准农田建设",
        "校园周边交通", "独居老人应急呼叫", "非遗传承人培养", "垃圾分类", "夜间经济",
        "电动自行车安全", "县域医共体", "职业教育产教融合", "农村宅基地管理", "智慧停车",
    };
    private static final String[] DEPARTMENTS = {
        "区住建局", "区民政局", "区教育局", "区卫健委", "区农业农村局", "区交通运输局",
        "区市场监管局", "区文广旅体局", "区城管局", "区人社局",
    };

    final int year;
    final List<Step> steps = new ArrayList<>();
    final List<String[]> units = new ArrayList<>();
    final List<Person> people = new ArrayList<>();
    int pieces;

    private final Random rng;

    private YearPlan(long seed, int year) {
        this.rng = new Random(seed);
        this.year = year;
    }

    /** The year {@code seed} gives, with {@code pieces} pieces, its steps in time order. */
    static YearPlan build(long seed, int year, int pieces) {
        YearPlan plan = new YearPlan(seed, year);
        plan.registry();
        for (int i = 0; i < pieces; i++) {
            plan.piece(i, pieces);
        }
        plan.pieces = pieces;
        // stable: a piece's acts are strictly later one after another, so they keep their order
        plan.steps.sort(Comparator.comparing(Step::at));
        return plan;
    }

    static String iso(OffsetDateTime at) {
        return ISO.format(at);
    }

    private OffsetDateTime at(int month, int day, int hour) {
        return OffsetDateTime.of(year, month, day, hour, 0, 0, 0, BEIJING);
    }

    // ------------------------------------------------------------------ registry

    /** The office's first staff member: registered when its credential is issued (sqmy person add). */
    static final String FIRST_STAFF = "s1";

    private void registry() {
        OffsetDateTime opening = at(1, 2, 9);
        for (String[] u : UNITS) {
            units.add(u);
            steps.add(new Step(opening, Kind.UNIT, u[0], "put",
                    obj("actor", "s1", "name", u[1], "kind", u[2], "now", iso(opening)), null));
        }
        List<Person> office = List.of(
                person("s1", "钱办公", List.of("staff"), List.of()),
                person("s2", "孙信息", List.of("staff"), List.of()),
                person("r-initial", "社法委审核", List.of("reviewer_initial"), List.of()),
                person("r-deputy", "分管副主席", List.of("reviewer_deputy"), List.of()),
                person("r-chair", "主席", List.of("reviewer_chair"), List.of()),
                person("e01", "联合复核专家", List.of("expert"), List.of()));
        people.addAll(office);
        for (int i = 1; i <= 21; i++) {
            String unit = UNITS[(i - 1) % UNITS.length][0];
            List<String> roles = i == 5 ? List.of("member", "special_officer") : List.of("member");
            // every fourth member also sits on the social and legal affairs committee
            List<String> in = i % 4 == 0 && !unit.equals("com-social")
                    ? List.of(unit, "com-social") : List.of(unit);
            OffsetDateTime since = i == 21 ? at(7, 1, 0) : null;
            people.add(new Person(String.format("p%02d", i), NAMES[i - 1], roles, in, since, null,
                    1 + rng.nextInt(5)));
        }
        for (int i = 1; i <= 3; i++) {
            people.add(new Person(String.format("o%02d", i), NAMES[20 + i], List.of("special_officer"),
                    List.of(i == 1 ? "lia-north" : UNITS[i][0]), null, null, 3 + rng.nextInt(4)));
        }
        for (Person p : people) {
            if (p.id().equals(FIRST_STAFF)) {
                continue; // registered with the office's first credential, before any call
            }
            OffsetDateTime when = p.since() != null ? p.since().minusDays(3).plusHours(9) : opening;
            steps.add(new Step(when, Kind.PERSON, p.id(), "put", personBody(p, null, when), null));
        }
        // an end of term: p20 leaves on 1 October, the record sent again with `until`
        int leaver = people.indexOf(find("p20"));
        Person p20 = people.get(leaver);
        Person left = new Person(p20.id(), p20.name(), p20.roles(), p20.units(), null,
                at(10, 1, 0), p20.weight());
        people.set(leaver, left);
        OffsetDateTime notice = at(9, 30, 17);
        steps.add(new Step(notice, Kind.PERSON, "p20", "put",
                personBody(left, left.until(), notice), null));
    }

    private static Person person(String id, String name, List<String> roles, List<String> units) {
        return new Person(id, name, roles, units, null, null, 0);
    }

    private static Map<String, Object> personBody(Person p, OffsetDateTime until,
            OffsetDateTime now) {
        Map<String, Object> body = obj("actor", "s1", "name", p.name(), "roles", p.roles(),
                "units", p.units(), "now", iso(now));
        if (p.since() != null) {
            body.put("since", iso(p.since()));
        }
        if (until != null) {
            body.put("until", iso(until));
        }
        return body;
    }

    Person find(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ pieces

    /** The ``i``-th piece's life, from submission to its last outcome. */
    private void piece(int i, int total) {
        String id = String.format("%d-%03d", year, i + 1);
        OffsetDateTime t = at(1, 1, 9).plusDays(6 + (i * 330L) / total + rng.nextInt(4))
                .plusHours(rng.nextInt(8));
        Life life = new Life(id, t);

        // authors: the first in office well beyond this piece's review; co-authors in office
        Person first = pickAuthor(t, List.of(), t.plusDays(90));
        List<String> authors = new ArrayList<>(List.of(first.id()));
        int extra = roll(0.30, 0.10); // 60 % alone, 30 % two authors, 10 % three
        while (authors.size() < 1 + extra) {
            Person other = pickAuthor(t, authors, t);
            authors.add(other.id());
        }
        double u = rng.nextDouble();
        String unit = u < 0.85 ? first.units().get(0)
                : u < 0.95 ? (rng.nextBoolean() ? "com-social" : "com-culture") : null;
        String title = "关于" + TOPICS[rng.nextInt(TOPICS.length)] + "的建议";
        String submitter = rng.nextDouble() < 0.15 ? "s1" : first.id();
        Map<String, Object> submit = obj("id", id, "actor", submitter, "title", title,
                "authors", authors);
        if (unit != null) {
            submit.put("unit", unit);
        }
        life.act("submit", submit);

        if (rng.nextDouble() < 0.06) { // withdrawn before any review decision
            life.later(20, 48).act("withdraw", obj("actor", first.id(), "note", "作者撤回，另行完善"));
            return;
        }
        boolean returned = false;
        boolean escalated = false;
        int stage = 0;
        while (stage < STAGES.size()) {
            life.later(20, 24 * 6);
            String reviewer = "r-" + STAGES.get(stage);
            if (stage == 0 && !escalated && rng.nextDouble() < 0.08) {
                escalated = true;
                life.act("review", review(reviewer, "escalate", List.of()));
                life.later(24, 24 * 4).act("expert-opinion",
                        obj("actor", "e01", "opinion", "数据来源可靠，建议经核实后报送"));
                continue;
            }
            double x = rng.nextDouble();
            if (!returned && x < 0.12) {
                returned = true;
                life.act("review", review(reviewer, "return", List.of()));
                Map<String, Object> again = obj("actor", first.id());
                if (rng.nextBoolean()) {
                    again.put("title", title + "（修改稿）");
                }
                life.later(24, 24 * 5).act("resubmit", again);
                stage = 0; // the district's return_to = "first"
                continue;
            }
            if (x > 0.95) {
                life.act("review", review(reviewer, "reject", List.of()));
                return;
            }
            String route = pick(new String[] {"direct", "reference", "transfer", "bulletin"},
                    new int[] {50, 25, 15, 10});
            life.act("review", review(reviewer, "pass",
                    stage == STAGES.size() - 1 ? List.of(route) : List.of()));
            life.route = route;
            stage++;
        }
        outcomes(life);
    }

    /** Dispatch, adoptions, instructions and handling of an approved piece. */
    private void outcomes(Life life) {
        int deadline = switch (life.route) {
            case "direct" -> 2;
            case "reference" -> 5;
            case "transfer" -> 14;
            default -> 10;
        };
        boolean late = !life.route.equals("bulletin") && rng.nextDouble() < 0.15;
        if (late) {
            life.later(deadline * 24 + 6, deadline * 24 + 72);
        } else {
            life.later(2, deadline * 24 - 2);
        }
        life.act("dispatch", obj("actor", staff(), "route", life.route, "to", to(life.route)));
        if (rng.nextDouble() < 0.15) {
            String second = life.route.equals("direct") ? "reference" : "direct";
            life.later(24, 24 * 5).act("dispatch", obj("actor", staff(), "route", second,
                    "to", to(second)));
        }
        boolean adopted = rng.nextDouble() < 0.65;
        if (adopted) {
            int n = rng.nextDouble() < 0.75 ? 1 : 2;
            for (int k = 0; k < n; k++) {
                String body = pick(new String[] {"cppcc-county", "cppcc-city", "cppcc-province",
                    "cppcc-national", "party-city"}, new int[] {40, 30, 14, 6, 10});
                life.later(24 * 5, 24 * 30).act("adoptions", obj("actor", staff(), "body", body));
            }
        }
        boolean instructed = rng.nextDouble() < (adopted ? 0.45 : 0.15);
        if (instructed) {
            int n = 1 + roll(0.30, 0.10);
            for (int k = 0; k < n; k++) {
                String level = pick(new String[] {"county", "city", "province", "national"},
                        new int[] {45, 35, 15, 5});
                String rank = rng.nextDouble() < 0.35 ? "principal" : "deputy";
                life.later(24 * 3, 24 * 20).act("instructions",
                        obj("actor", staff(), "level", level, "rank", rank));
            }
        }
        if (rng.nextDouble() < (instructed ? 0.6 : 0.2)) {
            String department = DEPARTMENTS[rng.nextInt(DEPARTMENTS.length)];
            String outcome = pick(new String[] {"implemented", "under_study", "declined"},
                    new int[] {60, 25, 15});
            life.later(24 * 10, 24 * 40).act("handling",
                    obj("actor", staff(), "outcome", outcome, "department", department));
            if (outcome.equals("under_study") && rng.nextBoolean()) {
                life.later(24 * 15, 24 * 45).act("handling", obj("actor", staff(),
                        "outcome", "implemented", "department", department,
                        "note", "研究后已落实并书面反馈"));
            }
        }
    }

    private Map<String, Object> review(String reviewer, String decision, List<String> routes) {
        Map<String, Object> body = obj("actor", reviewer, "decision", decision, "checks",
                decision.equals("pass") ? CHECKS : CHECKS.subList(0, 2 + rng.nextInt(3)));
        if (!routes.isEmpty()) {
            body.put("routes", routes);
        }
        if (decision.equals("return")) {
            body.put("note", "数据需补充来源，请修改后重新提交");
        } else if (decision.equals("reject")) {
            body.put("note", "与近期已报信息重复");
        }
        return body;
    }

    private String to(String route) {
        return switch (route) {
            case "direct" -> rng.nextDouble() < 0.7 ? "cppcc-city" : "cppcc-province";
            case "reference" -> "区委办公室";
            case "transfer" -> DEPARTMENTS[rng.nextInt(DEPARTMENTS.length)];
            default -> "《社情民意》";
        };
    }

    private String staff() {
        return rng.nextDouble() < 0.6 ? "s1" : "s2";
    }

    /** A weighted author in office from {@code at} until {@code through}, not yet chosen. */
    private Person pickAuthor(OffsetDateTime at, List<String> chosen, OffsetDateTime through) {
        List<Person> pool = new ArrayList<>();
        int sum = 0;
        for (Person p : people) {
            if (p.assessed() && !chosen.contains(p.id()) && p.inOffice(at)
                    && p.inOffice(through)) {
                pool.add(p);
                sum += p.weight();
            }
        }
        int r = rng.nextInt(sum);
        for (Person p : pool) {
            r -= p.weight();
            if (r < 0) {
                return p;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** 0, 1 or 2: with probability 1 − a − b, a, b. */
    private int roll(double a, double b) {
        double x = rng.nextDouble();
        return x < 1 - a - b ? 0 : x < 1 - b ? 1 : 2;
    }

    private String pick(String[] values, int[] weights) {
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int r = rng.nextInt(sum);
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** One piece's acts as they are planned: a clock that only moves forward. */
    private final class Life {
        final String piece;
        OffsetDateTime t;
        String route;
        int acts;

        Life(String piece, OffsetDateTime start) {
            this.piece = piece;
            this.t = start;
        }

        /** Move this piece's clock on by between {@code min} and {@code max} hours. */
        Life later(int min, int max) {
            t = t.plusHours(min + rng.nextInt(Math.max(1, max - min + 1)))
                    .plusMinutes(rng.nextInt(60));
            return this;
        }

        void act(String action, Map<String, Object> body) {
            body.put("now", iso(t));
            acts++;
            steps.add(new Step(t, Kind.PIECE, piece, action, body,
                    "plan-" + piece + "-" + acts + "-" + action));
        }
    }
}
