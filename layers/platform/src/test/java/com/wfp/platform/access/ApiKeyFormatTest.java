package com.wfp.platform.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the key format over random keys, seeded ({@code -Dwfp.seed=N} explores others). */
class ApiKeyFormatTest {

    private static final long SEED = Long.getLong("wfp.seed", 20261205L);
    private static final String ALPHABET = ApiKeyFormat.BASE62 + "_-+/= ";

    static LongStream seeds() {
        return LongStream.range(SEED, SEED + 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anyOneCharacterChange_failsTheChecksum(long seed) {
        Random random = new Random(seed);
        ApiKeyFormat.Environment environment = random.nextBoolean()
                ? ApiKeyFormat.Environment.LIVE : ApiKeyFormat.Environment.TEST;
        String key = ApiKeyFormat.generate(environment);
        assertThat(ApiKeyFormat.wellFormed(key)).isTrue();

        for (int i = 0; i < key.length(); i++) {
            char replacement;
            do {
                replacement = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            } while (replacement == key.charAt(i));
            String typo = key.substring(0, i) + replacement + key.substring(i + 1);
            assertThat(ApiKeyFormat.wellFormed(typo)).as("%s changed at %d", key, i).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void droppedOrAddedCharacter_failsTheShape(long seed) {
        String key = ApiKeyFormat.generate(ApiKeyFormat.Environment.LIVE);
        int at = new Random(seed).nextInt(key.length());

        assertThat(ApiKeyFormat.wellFormed(key.substring(0, at) + key.substring(at + 1))).isFalse();
        assertThat(ApiKeyFormat.wellFormed(key.substring(0, at) + "A" + key.substring(at))).isFalse();
    }

    @Test
    void generate_hasThePrefixEnoughRandomnessAndNoRepeats() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String key = ApiKeyFormat.generate(ApiKeyFormat.Environment.TEST);
            assertThat(key).startsWith("wfp_test_").hasSize(9 + 32 + 6);
            keys.add(key.substring(9, 41));
        }
        assertThat(keys).hasSize(10_000);
        // 32 base62 characters carry 32 * log2(62) bits.
        assertThat(32 * Math.log(62) / Math.log(2)).isGreaterThan(128);
    }

    @Test
    void hash_isHexSha256AndNeverTheKey() {
        String key = ApiKeyFormat.generate(ApiKeyFormat.Environment.LIVE);

        assertThat(ApiKeyFormat.hash(key)).matches("[0-9a-f]{64}").doesNotContain(key.substring(9));
        assertThat(ApiKeyFormat.hint(key)).hasSize(16).endsWith("...");
        assertThat(ApiKeyFormat.wellFormed(null)).isFalse();
        assertThat(ApiKeyFormat.wellFormed("ghp_" + key.substring(4))).isFalse();
    }
}
