package com.wfp.platform.release;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputRulesTest {

    @Test
    void workflowRef_acceptsSlugsAndRejectsOthersWithAHint() {
        assertThat(new WorkflowRef("alice", "shop-2", "order-intake").path()).isEqualTo("alice/shop-2/order-intake");
        for (String bad : new String[]{"", "Alice", "-lead", "a_b", "a".repeat(65), "a/b"}) {
            assertThatThrownBy(() -> new WorkflowRef("alice", "shop", bad))
                    .as(bad)
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("input.invalid-slug");
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.hint()).contains("lower-case");
                    });
        }
        assertThatThrownBy(() -> new WorkflowRef(null, "shop", "x"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("input.missing"));
    }

    @Test
    void versionName_acceptsTheDocumentedShapes() {
        for (String good : new String[]{"v1.0.0", "Production-Release-Jan2024", "2024_01.rc-1", "x", "a".repeat(64)}) {
            assertThat(InputRules.versionName(good)).isEqualTo(good);
        }
        for (String bad : new String[]{"", "v 1", "a".repeat(65), "v1/0", "é"}) {
            assertThatThrownBy(() -> InputRules.versionName(bad)).as(bad)
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("input.invalid-version-name"));
        }
    }

    @Test
    void notes_acceptUpToTenThousandCharacters() {
        assertThat(InputRules.notes(null)).isEmpty();
        assertThat(InputRules.notes("n".repeat(10_000))).hasSize(10_000);
        assertThatThrownBy(() -> InputRules.notes("n".repeat(10_001)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("input.notes-too-long");
                    assertThat(e.getMessage()).contains("10001");
                });
    }

    @Test
    void newRelease_computesTheFingerprintAndRejectsAWrongOne() {
        WorkflowRef ref = new WorkflowRef("alice", "shop", "orders");
        NewRelease ok = NewRelease.of(ref, "v1.0.0", null, "{\"a\":1}", "{}", "alice", Instant.EPOCH);

        assertThat(ok.sha256()).hasSize(64);
        assertThat(ok.notes()).isEmpty();
        assertThatThrownBy(() -> new NewRelease(ref, "v1.0.0", "", "{\"a\":2}", ok.sha256(), "{}", "alice", Instant.EPOCH))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("input.sha256-mismatch"));
        assertThatThrownBy(() -> ok.toRelease(ReleaseId.newId(), 0)).isInstanceOf(DomainException.class);
    }

    @Test
    void ids_areRandomAndUrlSafe() {
        ReleaseId a = ReleaseId.newId();

        assertThat(a.value()).matches("rel-[0-9a-f]{24}");
        assertThat(a).isNotEqualTo(ReleaseId.newId());
        assertThatThrownBy(() -> new ReleaseId("../etc")).isInstanceOf(DomainException.class);
    }

    @Test
    void versionName_ofOnlyDots_isRefusedSayingAPinnedUrlCannotCarryIt() {
        for (String dots : List.of(".", "..", "...")) {
            assertThatThrownBy(() -> InputRules.versionName(dots))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("input.invalid-version-name");
                        assertThat(e.getMessage()).contains("only dots");
                    });
        }
        assertThat(InputRules.versionName("v.1")).isEqualTo("v.1");
    }

    @Test
    void scans_whenGivenRandomStrings_agreeWithTheDocumentedPatterns() {
        Pattern slug = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
        Pattern versionName = Pattern.compile("[A-Za-z0-9._-]{1,64}");
        Pattern releaseId = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");
        String alphabet = "aZz09-_. /\u00e9\u0660Ａ\n";
        Random random = new Random(42);
        int slugs = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(90);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = value.toString();
            slugs += slug.matcher(candidate).matches() ? 1 : 0;
            assertThat(InputRules.isSlug(candidate)).as(candidate).isEqualTo(slug.matcher(candidate).matches());
            assertThat(InputRules.isVersionName(candidate)).as(candidate)
                    .isEqualTo(versionName.matcher(candidate).matches());
            assertThat(accepted(() -> new ReleaseId(candidate))).as(candidate)
                    .isEqualTo(releaseId.matcher(candidate).matches());
        }
        assertThat(slugs).as("valid slugs among the candidates").isGreaterThan(100);
    }

    private static boolean accepted(Runnable construct) {
        try {
            construct.run();
            return true;
        } catch (DomainException e) {
            return false;
        }
    }
}
