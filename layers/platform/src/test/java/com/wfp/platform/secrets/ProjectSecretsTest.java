package com.wfp.platform.secrets;

import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.InMemorySecretStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;
import com.wfp.workflow.secrets.SecretStoreKey;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectSecretsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String MARKER = "crm-token-3f9a1c77e2";

    private final InMemorySecretStore store = new InMemorySecretStore();
    private final InMemoryReleaseStore releases = new InMemoryReleaseStore();
    private final SecretSealer sealer = new SecretSealer(key());
    private final ProjectSecrets secrets = new ProjectSecrets(store, sealer, releases, Clock.fixed(T0, ZoneOffset.UTC));

    private static SecretStoreKey key() {
        return SecretStoreKey.fromEnvironment("K", Map.of("K", SecretStoreKey.generate()));
    }

    private Release publish(String user, String project, String workflow, String credentialsJson) {
        String definition = "{\"format\":1,\"id\":\"" + workflow + "\",\"credentials\":" + credentialsJson + "}";
        return releases.createRelease(new NewRelease(new WorkflowRef(user, project, workflow), "v1", "", definition,
                CanonicalJson.sha256Hex(definition), "{}", "alice", T0));
    }

    @Test
    void set_storesTheValueSealedAndListsOnlyNameAndTime() {
        SecretSummary set = secrets.set("alice", "shop", "crm", MARKER);

        assertThat(set).isEqualTo(new SecretSummary("crm", T0));
        assertThat(store.find("alice", "shop", "crm")).hasValueSatisfying(stored -> {
            assertThat(stored.sealed()).doesNotContain(MARKER).startsWith("v1.");
            assertThat(stored.toString()).doesNotContain(MARKER).doesNotContain(stored.sealed());
        });
        assertThat(secrets.list("alice", "shop")).containsExactly(new SecretSummary("crm", T0));
        assertThat(secrets.list("alice", "other")).isEmpty();
    }

    @Test
    void set_sameValueTwice_sealsWithAFreshNonceEachTime() {
        secrets.set("alice", "shop", "crm", MARKER);
        String first = store.find("alice", "shop", "crm").orElseThrow().sealed();
        secrets.set("alice", "shop", "crm", MARKER);

        assertThat(store.find("alice", "shop", "crm").orElseThrow().sealed()).isNotEqualTo(first);
    }

    @Test
    void forRelease_handsOverOnlyTheDeclaredCredentialsOfTheReleasesOwnProject() {
        secrets.set("alice", "shop", "crm", MARKER);
        secrets.set("alice", "shop", "unrelated", "not-declared");
        secrets.set("alice", "other", "mail", "other-project");
        secrets.set("bob", "shop", "mail", "bobs-mail");
        Release release = publish("alice", "shop", "orders",
                "[{\"name\":\"crm\",\"type\":\"bearer\"},{\"name\":\"mail\",\"type\":\"bearer\"}]");

        assertThat(secrets.forRelease(release.id().value())).containsExactly(Map.entry("crm", MARKER));
    }

    @Test
    void forRelease_ofAnotherUserDeclaringTheSameName_getsNothingOfTheFirstUser() {
        secrets.set("alice", "shop", "crm", MARKER);
        Release bobs = publish("bob", "shop", "orders", "[{\"name\":\"crm\",\"type\":\"bearer\"}]");

        assertThat(secrets.forRelease(bobs.id().value())).isEmpty();
        assertThat(secrets.forRelease("draft-123")).isEmpty();
        assertThat(secrets.forRelease("not a release id!")).isEmpty();
    }

    @Test
    void forDefinition_ofADraft_handsOverOnlyItsDeclaredCredentialsFromItsWorkflowsOwnProject() {
        secrets.set("alice", "shop", "crm", MARKER);
        secrets.set("alice", "shop", "unrelated", "not-declared");
        secrets.set("alice", "other", "mail", "other-project");
        secrets.set("bob", "shop", "mail", "bobs-mail");
        String draft = "{\"format\":1,\"id\":\"orders\",\"credentials\":"
                + "[{\"name\":\"crm\",\"type\":\"bearer\"},{\"name\":\"mail\",\"type\":\"bearer\"}]}";

        assertThat(secrets.forDefinition(new com.wfp.platform.release.WorkflowRef("alice", "shop", "orders"), draft))
                .containsExactly(Map.entry("crm", MARKER));
        assertThat(secrets.forDefinition(new com.wfp.platform.release.WorkflowRef("bob", "shop", "orders"), draft))
                .containsExactly(Map.entry("mail", "bobs-mail"));
        assertThat(secrets.forDefinition(new com.wfp.platform.release.WorkflowRef("alice", "shop", "orders"),
                "not json")).isEmpty();
    }

    @Test
    void open_whenASealedValueIsCopiedToAnotherProjectsRow_refusesIt() {
        secrets.set("alice", "shop", "crm", MARKER);
        StoredSecret alices = store.find("alice", "shop", "crm").orElseThrow();
        store.put(new StoredSecret("bob", "shop", "crm", alices.sealed(), T0));
        Release bobs = publish("bob", "shop", "orders", "[{\"name\":\"crm\",\"type\":\"bearer\"}]");

        assertThatThrownBy(() -> secrets.forRelease(bobs.id().value()))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("secrets.unreadable");
                    assertThat(e.getMessage()).doesNotContain(MARKER);
                });
    }

    @Test
    void open_withAnotherKey_failsNamingWhereTheKeyCameFrom() {
        secrets.set("alice", "shop", "crm", MARKER);
        StoredSecret stored = store.find("alice", "shop", "crm").orElseThrow();

        assertThatThrownBy(() -> new SecretSealer(key()).open(stored))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("environment variable K");
                });
        assertThat(sealer.open(stored)).isEqualTo(MARKER);
    }

    @Test
    void set_withABadNameOrValue_isRefusedNamingTheFixAndStoresNothing() {
        assertThatThrownBy(() -> secrets.set("alice", "shop", "../etc", "x"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("secret.invalid-name"));
        assertThatThrownBy(() -> secrets.set("alice", "shop", "bad\nname", "x"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> secrets.set("alice", "shop", "crm", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("secret.empty-value"));
        assertThatThrownBy(() -> secrets.set("alice", "shop", "crm", "x".repeat(ProjectSecrets.MAX_VALUE_LENGTH + 1)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("secret.value-too-long"));
        assertThatThrownBy(() -> secrets.set("Alice!", "shop", "crm", "x")).isInstanceOf(DomainException.class);

        assertThat(store.list("alice", "shop")).isEmpty();
    }

    @Test
    void delete_whenMissing_is404AndOtherwiseRemovesIt() {
        secrets.set("alice", "shop", "crm", MARKER);
        secrets.delete("alice", "shop", "crm");

        assertThat(secrets.list("alice", "shop")).isEmpty();
        assertThatThrownBy(() -> secrets.delete("alice", "shop", "crm"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("secret.not-found");
                });
    }
}
