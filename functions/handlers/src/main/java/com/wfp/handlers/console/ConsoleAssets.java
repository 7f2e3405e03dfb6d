package com.wfp.handlers.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console's static files as every host serves them (the local gateway and the console
 * function on AWS): the page at {@code /}, its scripts and styles under {@value #PREFIX}, the two
 * uPlot files from their webjar, each with the one Content Security Policy that allows scripts,
 * styles and connections to the serving origin only (no inline script or style, no framing) and
 * the same security and caching headers. The files hold no data: they call the control API with
 * the token the person signs in with.
 *
 * <p>A path names a file only when it is {@code /}, {@code /console/NAME} with a script or style
 * name ({@code [a-z0-9-]} then {@code .js} or {@code .css}) that exists in the host's console
 * folder, or one of the two uPlot files; no other path (a traversal, an encoded separator, a
 * nested folder, the rest of the webjar) ever reaches a resource.
 */
public final class ConsoleAssets {

    /** Where the console's scripts and styles live; the page itself is {@code /}. */
    public static final String PREFIX = "/console";

    /** The page's file name in the console folder. */
    public static final String PAGE = "index.html";

    /** The console's policy on every host: this origin only, nothing inline, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * Every answer revalidates: the modules import one another by fixed names (no build step names
     * them by content), so a long-lived or immutable copy would mix old and new modules after an
     * upgrade. The strong {@code ETag} makes the revalidation a 304 without a body.
     */
    public static final String CACHE_CONTROL = "no-cache";

    /** The uPlot webjar's version (the root pom's): the dashboard's charts, served from the package, never a CDN. */
    public static final String UPLOT_VERSION = "1.6.30";

    private static final String UPLOT_FOLDER = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final Map<String, String> UPLOT_FILES = Map.of(
            "uplot/uPlot.esm.js", UPLOT_FOLDER + "uPlot.esm.js",
            "uplot/uPlot.min.css", UPLOT_FOLDER + "uPlot.min.css");

    private static final Pattern OWN_FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(?:js|css)");

    /**
     * The headers the local gateway puts on every answer and the console function repeats, since
     * API Gateway adds none of them: HSTS, no MIME sniffing, no framing, no referrer.
     */
    public static final Map<String, String> SECURITY_HEADERS = orderedMap(
            "Strict-Transport-Security", "max-age=31536000",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    /**
     * One console file.
     *
     * @param name        its name as the console calls it ({@value #PAGE}, {@code app.js}, {@code uplot/uPlot.esm.js})
     * @param bytes       its content
     * @param contentType its media type with the charset
     * @param etag        a strong entity tag: the quoted base64url SHA-256 of the bytes
     */
    public record Asset(String name, byte[] bytes, String contentType, String etag) {
    }

    private final String folder;
    private final Map<String, Optional<Asset>> read = new ConcurrentHashMap<>();

    /**
     * @param folder the classpath folder the host packs the console's own files in, such as
     *               {@code /com/wfp/local/console/}
     * @throws IllegalStateException when the page or the uPlot files are not on the class path
     */
    public ConsoleAssets(String folder) {
        this.folder = folder.endsWith("/") ? folder : folder + "/";
        for (String resource : new String[] {this.folder + PAGE, UPLOT_FILES.get("uplot/uPlot.esm.js")}) {
            if (ConsoleAssets.class.getResource(resource) == null) {
                throw new IllegalStateException("The console file " + resource + " is missing from the package;"
                        + " build it with its module's resources and the uPlot " + UPLOT_VERSION + " webjar");
            }
        }
    }

    /** The console file a request path names, or empty for any other path. */
    public Optional<Asset> forPath(String path) {
        String name = nameOf(path);
        return name == null ? Optional.empty() : read.computeIfAbsent(name, this::read);
    }

    /** The headers of an answer with {@code asset}, 200 or 304 alike. */
    public static Map<String, String> headers(Asset asset) {
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Content-Type", asset.contentType());
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("Cache-Control", CACHE_CONTROL);
        headers.put("ETag", asset.etag());
        return headers;
    }

    /** True when an {@code If-None-Match} header names the asset's current entity tag (or is {@code *}). */
    public static boolean notModified(Asset asset, String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(asset.etag()) || t.equals("W/" + asset.etag())) {
                return true;
            }
        }
        return false;
    }

    private static String nameOf(String path) {
        if (path == null) {
            return null;
        }
        if (path.equals("/")) {
            return PAGE;
        }
        if (!path.startsWith(PREFIX + "/")) {
            return null;
        }
        String name = path.substring(PREFIX.length() + 1);
        if (UPLOT_FILES.containsKey(name)) {
            return name;
        }
        Matcher own = OWN_FILE.matcher(name);
        return own.matches() ? name : null;
    }

    private Optional<Asset> read(String name) {
        String resource = UPLOT_FILES.getOrDefault(name, folder + name);
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(name, bytes, contentType(name), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }

    static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
