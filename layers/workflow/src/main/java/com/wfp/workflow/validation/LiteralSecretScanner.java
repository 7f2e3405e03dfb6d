package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.model.Node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code security.literal-secret}: walks every key and string value of the whole document and
 * reports what looks like a credential written in clear: well-known token formats, private key
 * blocks, JWTs, passwords in URLs, literal {@code Bearer} tokens, literal values in
 * password-like fields, and high-entropy header values. Secrets belong in the platform's secret
 * store, read with {@code {{ $secret('name') }}}.
 *
 * <p>A finding never repeats the value: it shows at most its first four characters. Each string
 * yields at most one finding (the first detector that matches). Every detector has a cheap
 * substring pre-filter, so a document of ordinary strings costs one pass of {@code indexOf}s.
 */
final class LiteralSecretScanner {

    private record Detector(String what, Predicate<String> prefilter, Pattern pattern) {
    }

    private static final List<Detector> FORMATS = List.of(
            new Detector("a private key block", s -> s.contains("PRIVATE KEY"),
                    Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")),
            new Detector("an AWS access key id", s -> s.contains("AKIA") || s.contains("ASIA"),
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")),
            new Detector("a GitHub token", s -> s.contains("_") && (s.contains("gh") || s.contains("github_pat_")),
                    Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
            new Detector("a Slack token", s -> s.contains("xox"),
                    Pattern.compile("(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}")),
            new Detector("a Stripe secret key", s -> s.contains("_live_") || s.contains("_test_"),
                    Pattern.compile("(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}")),
            new Detector("an API secret key", s -> s.contains("sk-"),
                    Pattern.compile("(?<![A-Za-z0-9_-])sk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}")),
            new Detector("a JSON Web Token", s -> s.contains("eyJ"),
                    Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*")),
            new Detector("a wfp API key or access token", s -> s.contains("wfp_"),
                    Pattern.compile("(?<![A-Za-z0-9_])wfp_(?:live|test|pat)_[0-9A-Za-z]{30,}")),
            new Detector("a password in a URL", s -> s.contains("://") && s.contains("@"),
                    Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@{}]+:([^/\\s@{}]+)@")));

    private static final Pattern AWS_SECRET = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9\\-._~+/]{16,}=*)");
    private static final Pattern TEMPLATE_PART = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);
    private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[\\s,;]+");
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9+/=_-]+");
    private static final Pattern SLUG_WORDS = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)+");

    private static final Set<String> SENSITIVE_KEYS = Set.of("password", "passwd", "pwd", "passphrase", "secret",
            "apikey", "token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "clientsecret",
            "authorization", "proxyauthorization", "privatekey", "secretkey", "accesskey", "accesskeyid",
            "secretaccesskey", "xapikey", "apitoken", "sessiontoken", "cookie", "setcookie");
    private static final List<String> SENSITIVE_SUFFIXES = List.of("password", "passwd", "secret", "token", "apikey",
            "privatekey", "secretkey");

    static final double ENTROPY_THRESHOLD = 3.5;
    static final int ENTROPY_MIN_LENGTH = 20;

    private record Frame(JsonNode value, JsonPath path, String key, boolean inHeaders, String nodeId) {
    }

    void scan(ValidationContext ctx) {
        JsonNode document = ctx.workflow().document();
        if (document == null) {
            return;
        }
        List<Node> nodes = ctx.nodes();
        Map<String, Boolean> sensitiveKeys = new java.util.HashMap<>();
        Deque<Frame> todo = new ArrayDeque<>();
        todo.push(new Frame(document, JsonPath.ROOT, null, false, null));
        while (!todo.isEmpty()) {
            Frame f = todo.pop();
            JsonNode v = f.value();
            if (v.isTextual()) {
                scanValue(ctx, f, v.textValue(), sensitiveKeys);
            } else if (v.isArray()) {
                boolean nodeList = "nodes".equals(f.key()) && f.path().parent() == JsonPath.ROOT;
                for (int i = 0; i < v.size(); i++) {
                    String nodeId = nodeList && i < nodes.size() ? nodes.get(i).id() : f.nodeId();
                    todo.push(new Frame(v.get(i), f.path().index(i), f.key(), false, nodeId));
                }
            } else if (v.isObject()) {
                boolean headers = "headers".equals(f.key());
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    JsonPath p = f.path().key(e.getKey());
                    scanKey(ctx, f.nodeId(), p, e.getKey());
                    todo.push(new Frame(e.getValue(), p, e.getKey(), headers, f.nodeId()));
                }
            }
        }
    }

    private static void scanKey(ValidationContext ctx, String nodeId, JsonPath path, String key) {
        for (Detector d : FORMATS) {
            if (d.prefilter().test(key)) {
                Matcher m = d.pattern().matcher(key);
                if (m.find()) {
                    report(ctx, nodeId, path, d.what() + " in a field name", m.group());
                    return;
                }
            }
        }
    }

    private static void scanValue(ValidationContext ctx, Frame f, String s, Map<String, Boolean> sensitiveKeys) {
        for (Detector d : FORMATS) {
            if (d.prefilter().test(s)) {
                Matcher m = d.pattern().matcher(s);
                if (m.find()) {
                    report(ctx, f.nodeId(), f.path(), d.what(), m.groupCount() > 0 ? m.group(1) : m.group());
                    return;
                }
            }
        }
        if (mentionsAwsSecret(f.key(), s)) {
            Matcher m = AWS_SECRET.matcher(s);
            while (m.find()) {
                if (mixedCharacters(m.group())) {
                    report(ctx, f.nodeId(), f.path(), "an AWS secret access key", m.group());
                    return;
                }
            }
        }
        if (containsIgnoreCase(s, "bearer")) {
            Matcher m = BEARER.matcher(s);
            while (m.find()) {
                if (m.group(1).chars().anyMatch(Character::isDigit)) {
                    report(ctx, f.nodeId(), f.path(), "a literal Bearer token", m.group(1));
                    return;
                }
            }
        }
        if (f.key() != null && sensitiveKeys.computeIfAbsent(f.key(), LiteralSecretScanner::isSensitiveKey)
                && isLiteralValue(s)) {
            report(ctx, f.nodeId(), f.path(), "a literal value in the field \"" + f.key() + "\"", s);
            return;
        }
        if (f.inHeaders()) {
            String literal = TEMPLATE_PART.matcher(s).replaceAll(" ");
            for (String token : TOKEN_SEPARATORS.split(literal)) {
                if (looksRandom(token)) {
                    report(ctx, f.nodeId(), f.path(),
                            "a random-looking key or token in the header \"" + f.key() + "\"", token);
                    return;
                }
            }
        }
    }

    private static void report(ValidationContext ctx, String nodeId, JsonPath path, String what, String secret) {
        ctx.findings().error("security.literal-secret", nodeId, path,
                "The document contains " + what + ", written in clear (" + mask(secret) + ")",
                "Remove the value and rotate it: it is exposed. Declare a credential in \"credentials\" and read it"
                        + " at run time with {{ $secret('name') }}.");
    }

    /** At most the first four characters, so the finding identifies the value without leaking it. */
    static String mask(String secret) {
        int shown = secret.length() >= 12 ? 4 : Math.min(1, secret.length());
        return secret.substring(0, shown) + "…";
    }

    static boolean isSensitiveKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
        if (SENSITIVE_KEYS.contains(k)) {
            return true;
        }
        for (String suffix : SENSITIVE_SUFFIXES) {
            if (k.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** A value written in clear: not a template, not empty, not an obvious placeholder like "&lt;token&gt;". */
    static boolean isLiteralValue(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.contains("{{")) {
            return false;
        }
        if (t.startsWith("<") && t.endsWith(">")) {
            return false;
        }
        return !t.chars().allMatch(c -> c == '*' || c == 'x' || c == 'X' || c == '.' || c == '-' || c == '_');
    }

    private static boolean mentionsAwsSecret(String key, String s) {
        if (s.length() < 40) {
            return false;
        }
        return key != null && (containsIgnoreCase(key, "aws") || containsIgnoreCase(key, "secret"))
                || containsIgnoreCase(s, "aws") || containsIgnoreCase(s, "secret");
    }

    /** Case-insensitive substring test without allocating a lower-case copy of every string scanned. */
    static boolean containsIgnoreCase(String s, String lowerCaseNeedle) {
        int n = lowerCaseNeedle.length();
        char first = lowerCaseNeedle.charAt(0);
        for (int i = 0, last = s.length() - n; i <= last; i++) {
            char c = s.charAt(i);
            if ((c == first || Character.toLowerCase(c) == first) && s.regionMatches(true, i, lowerCaseNeedle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mixedCharacters(String s) {
        return s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                && s.chars().anyMatch(Character::isDigit);
    }

    static boolean looksRandom(String token) {
        if (token.length() < ENTROPY_MIN_LENGTH || !TOKEN_CHARS.matcher(token).matches()
                || SLUG_WORDS.matcher(token).matches()) {
            return false;
        }
        boolean digit = token.chars().anyMatch(Character::isDigit);
        boolean letter = token.chars().anyMatch(Character::isLetter);
        return digit && letter && shannonEntropy(token) > ENTROPY_THRESHOLD;
    }

    /** Bits per character of the string's own character distribution. */
    static double shannonEntropy(String s) {
        Map<Integer, Integer> counts = new java.util.HashMap<>();
        s.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
        double entropy = 0;
        for (int count : counts.values()) {
            double p = (double) count / s.length();
            entropy -= p * (Math.log(p) / Math.log(2));
        }
        return entropy;
    }
}
