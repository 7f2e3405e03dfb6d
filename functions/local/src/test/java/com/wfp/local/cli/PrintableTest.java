package com.wfp.local.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTest {

    private static final String NEWLINE = String.valueOf((char) 10);
    private static final String ESCAPE = String.valueOf((char) 27);
    private static final String RETURN = String.valueOf((char) 13);
    private static final String RIGHT_TO_LEFT = String.valueOf((char) 0x202e);

    @Test
    void escape_whenTextCarriesControlCharacters_showsThemInsteadOfObeyingThem() {
        String forged = "oops" + NEWLINE + "3  2026-12-05  admin  approved" + ESCAPE + "[2K" + RETURN + RIGHT_TO_LEFT;

        String shown = Printable.escape(forged);

        assertThat(shown).doesNotContain(NEWLINE, ESCAPE, RETURN, RIGHT_TO_LEFT);
        assertThat(shown).isEqualTo("oops\\n3  2026-12-05  admin  approved\\u001b[2K\\r\\u202e");
        assertThat(Printable.escape("plain text, é")).isEqualTo("plain text, é");
    }
}
