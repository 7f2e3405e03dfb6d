package com.wfp.workflow.net.http;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HttpTokenTest {

    /** RFC 9110's tchar, as the specification spells it. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    @Test
    void matches_whenNamesAndMethods_acceptsThemAndRefusesDelimitersSpacesAndControls() {
        for (String good : new String[]{"X-Request-Id", "GET", "content-type", "x_y.z~1", "!#$%&'*+-.^_`|~", "a"}) {
            assertThat(HttpToken.matches(good)).as(good).isTrue();
        }
        for (String bad : new String[]{"", "X Name", "X:Name", "X\r\nEvil", "a\u0000", "\"q\"", "(c)", "a/b", "a=b",
                "a{b}", "a[b]", "a@b", "a,b", "a;b", "a?b", "a\\b", "<a>", "é", "\u0660", "Ｘ", "a\u007f", "\t"}) {
            assertThat(HttpToken.matches(bad)).as(bad).isFalse();
        }
        assertThat(HttpToken.matches(null)).isFalse();
    }

    @Test
    void isTokenChar_forEveryCharBelow256_agreesWithTheSpecification() {
        for (char c = 0; c < 256; c++) {
            assertThat(HttpToken.isTokenChar(c)).as("U+%04X", (int) c).isEqualTo(TOKEN.matcher(String.valueOf(c)).matches());
        }
        assertThat(HttpToken.isTokenChar('\uffff')).isFalse();
    }

    @Test
    void matches_whenRandomStrings_agreesWithTheSpecification() {
        Random random = new Random(11);
        String alphabet = "aZ09-_.!~ :/\"\r\n\t\u0000\u007féÿ\u0100\u2028";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(6); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(HttpToken.matches(text.toString())).as(text.toString()).isEqualTo(TOKEN.matcher(text).matches());
        }
    }
}
