package com.wfp.platform.release;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionSuggesterTest {

    @Test
    void suggest_withoutReleases_offersVersionOne() {
        VersionSuggester.Suggestion s = VersionSuggester.suggest(List.of());

        assertThat(s.recommended()).isEqualTo("v1.0.0");
        assertThat(s.minor()).isEqualTo("v1.1.0");
        assertThat(s.major()).isEqualTo("v2.0.0");
    }

    @Test
    void suggest_afterASemverName_bumpsPatchMinorAndMajorKeepingThePrefix() {
        assertThat(VersionSuggester.suggest(List.of("v1.4.2", "v1.4.1")))
                .isEqualTo(new VersionSuggester.Suggestion("v1.4.3", "v1.4.3", "v1.5.0", "v2.0.0"));
        assertThat(VersionSuggester.suggest(List.of("2.0.9")).recommended()).isEqualTo("2.0.10");
        assertThat(VersionSuggester.suggest(List.of("v1.3")).minor()).isEqualTo("v1.4.0");
        assertThat(VersionSuggester.suggest(List.of("v1.0.0-rc1")).recommended()).isEqualTo("v1.0.1");
    }

    @Test
    void suggest_usesTheNewestSemverNameEvenAfterOtherNames() {
        assertThat(VersionSuggester.suggest(List.of("hotfix", "v2.1.0", "v3.0.0")).recommended()).isEqualTo("v2.1.1");
    }

    @Test
    void suggest_neverOffersANameAlreadyTaken() {
        VersionSuggester.Suggestion s = VersionSuggester.suggest(List.of("v1.0.0", "v1.0.1", "v1.1.0", "v2.0.0"));

        assertThat(s.patch()).isEqualTo("v1.0.2");
        assertThat(s.minor()).isEqualTo("v1.2.0");
        assertThat(s.major()).isEqualTo("v3.0.0");
    }

    @Test
    void suggest_whenNoNameLooksLikeSemver_appendsOrIncrementsANumber() {
        assertThat(VersionSuggester.next(List.of("Production-Release-Jan2024"))).isEqualTo("Production-Release-Jan2024-2");
        assertThat(VersionSuggester.next(List.of("release-7", "release-6"))).isEqualTo("release-8");
        assertThat(VersionSuggester.next(List.of("blue-2", "blue-3"))).isEqualTo("blue-4");
    }

    @Test
    void suggest_whenTheNameIsAtTheLengthLimit_staysAValidVersionName() {
        String longest = "a".repeat(64);

        String next = VersionSuggester.next(List.of(longest));

        assertThat(next).hasSize(64).endsWith("-2");
        assertThat(InputRules.versionName(next)).isEqualTo(next);
    }

    @Test
    void suggest_afterAWholeNumberName_offersTheNextWholeNumberNeverADashedOne() {
        VersionSuggester.Suggestion afterV1 = VersionSuggester.suggest(List.of("v1"));
        assertThat(afterV1.recommended()).isEqualTo("v2");
        assertThat(afterV1.minor()).isEqualTo("v1.1");
        assertThat(afterV1.major()).isEqualTo("v2");
        assertThat(VersionSuggester.suggest(List.of("7", "6")).recommended()).isEqualTo("8");
        assertThat(VersionSuggester.suggest(List.of("v1", "v2")).recommended()).isEqualTo("v3");
        assertThat(VersionSuggester.suggest(List.of("1.4.2")).recommended()).isEqualTo("1.4.3");
    }
}
