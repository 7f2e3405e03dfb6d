package com.wfp.handlers.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readable API documentation's static files as every host serves them (the local gateway and
 * the console function on AWS): the page at {@value #PREFIX}{@code /} that asks for the admin
 * token, fetches an OpenAPI document with it and shows it with Swagger UI (from its webjar, never
 * a CDN), and the callers' guide. Only this fixed list is served, none of which holds data: the
 * documents themselves stay behind the admin token. Every file goes out with
 * {@link ConsoleAssets#headers} (the same policy: this origin only, nothing inline, no framing).
 *
 * <p>The page names its files and the API relative to where it was loaded, so it works at
 * {@code /docs/} locally and below a stage such as {@code /prod/docs/} on AWS.
 */
public final class DocsAssets {

    /** Where the page lives. */
    public static final String PREFIX = "/docs";

    /**
     * Where {@value #PREFIX} without its slash is sent: relative, so that it stays below whatever
     * prefix (an API Gateway stage) the request came through.
     */
    public static final String REDIRECT_LOCATION = "docs/";

    /** The swagger-ui webjar's version (the root pom's). */
    public static final String SWAGGER_UI_VERSION = "5.35.0";

    private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION + "/";

    /** Each served name below {@value #PREFIX}{@code /}, with its file: a bare name is in the host's docs folder. */
    private static final Map<String, String> FILES = Map.of(
            "", "index.html",
            "docs.js", "docs.js",
            "docs.css", "docs.css",
            "calling-a-workflow.md", "calling-a-workflow.md",
            "swagger-ui/swagger-ui.css", SWAGGER_UI + "swagger-ui.css",
            "swagger-ui/swagger-ui-bundle.js", SWAGGER_UI + "swagger-ui-bundle.js");

    private final String folder;
    private final Map<String, ConsoleAssets.Asset> read = new ConcurrentHashMap<>();

    /**
     * @param folder the classpath folder the host packs the page's own files in, such as
     *               {@code /com/wfp/local/docs/}
     * @throws IllegalStateException when one of the files is not on the class path
     */
    public DocsAssets(String folder) {
        this.folder = folder.endsWith("/") ? folder : folder + "/";
        for (String name : FILES.keySet()) {
            if (DocsAssets.class.getResource(resource(name)) == null) {
                throw new IllegalStateException("The docs page's file " + resource(name) + " is missing from the package;"
                        + " build it with its module's resources and the swagger-ui " + SWAGGER_UI_VERSION + " webjar");
            }
        }
    }

    /** Every path this catalogue serves, such as {@code /docs/} and {@code /docs/docs.js}. */
    public static java.util.Set<String> paths() {
        java.util.Set<String> paths = new java.util.TreeSet<>();
        FILES.keySet().forEach(name -> paths.add(PREFIX + "/" + name));
        return paths;
    }

    /** True when the path is the page's folder without its trailing slash, which is redirected to {@link #REDIRECT_LOCATION}. */
    public static boolean isFolderWithoutSlash(String path) {
        return PREFIX.equals(path);
    }

    /** The file a request path names, or empty for any other path. */
    public Optional<ConsoleAssets.Asset> forPath(String path) {
        if (path == null || !path.startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        String name = path.substring(PREFIX.length() + 1);
        if (!FILES.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of(read.computeIfAbsent(name, this::read));
    }

    private String resource(String name) {
        String file = FILES.get(name);
        return file.startsWith("/") ? file : folder + file;
    }

    private ConsoleAssets.Asset read(String name) {
        String resource = resource(name);
        try (InputStream in = DocsAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The docs page's file " + resource + " is missing from the package");
            }
            byte[] bytes = in.readAllBytes();
            String file = FILES.get(name);
            return new ConsoleAssets.Asset(name.isEmpty() ? file : name, bytes, contentType(file), ConsoleAssets.etag(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".md")) {
            return "text/markdown; charset=utf-8";
        }
        return ConsoleAssets.contentType(file);
    }
}
