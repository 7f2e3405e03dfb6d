package com.wfp.platform.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.SecretStore;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secrets of each project: set, listed by name, deleted, and handed to a pod with a release
 * of the same project, only for the credentials the release declares. Values are sealed before
 * they reach the store and opened only on their way to a pod.
 */
public final class ProjectSecrets implements ReleaseSecrets {

    /** The longest value a secret may hold, in characters. */
    public static final int MAX_VALUE_LENGTH = 16_384;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretStore store;
    private final SecretSealer sealer;
    private final ReleaseCatalogue catalogue;
    private final Clock clock;

    public ProjectSecrets(SecretStore store, SecretSealer sealer, ReleaseCatalogue catalogue, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sets the secret's value, replacing any earlier one. Releases that declare it receive it from
     * their next load into a pod (a publish, a rollback to them, a pod restart).
     *
     * @throws DomainException 400 naming the part to fix
     */
    public SecretSummary set(String user, String project, String name, String value) {
        checkProject(user, project);
        checkName(name);
        if (value == null || value.isEmpty()) {
            throw DomainException.badRequest("secret.empty-value", "The secret '" + name + "' has no value",
                    "Pipe the value in: printf '%s' \"$VALUE\" | wfp secrets set " + name + ".");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw DomainException.badRequest("secret.value-too-long", "The secret '" + name + "' is " + value.length()
                    + " characters long; at most " + MAX_VALUE_LENGTH + " are kept", "Store a shorter value.");
        }
        StoredSecret stored = new StoredSecret(user, project, name, sealer.seal(user, project, name, value),
                clock.instant());
        store.put(stored);
        return summary(stored);
    }

    /** The project's secrets by name, never their values. */
    public List<SecretSummary> list(String user, String project) {
        checkProject(user, project);
        return store.list(user, project).stream().map(ProjectSecrets::summary).toList();
    }

    /**
     * Deletes the secret; releases already loaded keep the value until their next load.
     *
     * @throws DomainException 404 {@code secret.not-found}
     */
    public void delete(String user, String project, String name) {
        checkProject(user, project);
        checkName(name);
        if (!store.delete(user, project, name)) {
            throw notFound(user, project, name);
        }
    }

    @Override
    public Map<String, String> forRelease(String releaseId) {
        Optional<Release> release;
        try {
            release = catalogue.release(new ReleaseId(releaseId));
        } catch (DomainException notAReleaseId) {
            return Map.of();
        }
        if (release.isEmpty()) {
            return Map.of();
        }
        var ref = release.get().ref();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : declaredCredentials(release.get())) {
            store.find(ref.user(), ref.project(), name).ifPresent(secret -> values.put(name, sealer.open(secret)));
        }
        return values;
    }

    /**
     * The values a draft of {@code ref} gets when it runs in the debug pod: those of the
     * credentials the definition declares that the workflow's own project has, as a release of
     * it would get them; none for a definition that is not JSON.
     */
    public Map<String, String> forDefinition(com.wfp.platform.release.WorkflowRef ref, String definitionJson) {
        JsonNode credentials;
        try {
            credentials = JSON.readTree(definitionJson).path("credentials");
        } catch (IOException | RuntimeException notJson) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names(credentials)) {
            store.find(ref.user(), ref.project(), name).ifPresent(secret -> values.put(name, sealer.open(secret)));
        }
        return values;
    }

    private static List<String> names(JsonNode credentials) {
        List<String> names = new java.util.ArrayList<>();
        credentials.forEach(c -> {
            if (c.path("name").isTextual()) {
                names.add(c.path("name").textValue());
            }
        });
        return names;
    }

    private static List<String> declaredCredentials(Release release) {
        JsonNode credentials;
        try {
            credentials = JSON.readTree(release.definition()).path("credentials");
        } catch (IOException e) {
            throw new DomainException("store.corrupt", 500, "Release " + release.id() + " has a definition that is"
                    + " not JSON", "Restore the release store from a backup.", e);
        }
        List<String> names = new java.util.ArrayList<>();
        credentials.forEach(c -> {
            if (c.path("name").isTextual()) {
                names.add(c.path("name").textValue());
            }
        });
        return names;
    }

    private static SecretSummary summary(StoredSecret secret) {
        return new SecretSummary(secret.name(), secret.updatedAt());
    }

    private static void checkProject(String user, String project) {
        InputRules.slug("user", user);
        InputRules.slug("project", project);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw DomainException.badRequest("secret.invalid-name", "'" + printable(name) + "' is not a secret name",
                    "Name it as the workflow's credential: letters, digits, '.', '_' or '-', at most 64, starting"
                            + " with a letter or digit.");
        }
    }

    private static DomainException notFound(String user, String project, String name) {
        return DomainException.notFound("secret.not-found", "Project " + user + "/" + project + " has no secret '"
                + name + "'", "List the project's secrets with wfp secrets list --project " + user + "/" + project + ".");
    }

    /** An untrusted name as a message may quote it: short, and nothing but printable ASCII. */
    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        String shown = name.length() <= 64 ? name : name.substring(0, 64) + "...";
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
