package com.wfp.workflow.secrets;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretStoreKeyTest {

    @Test
    void fromText_whenHexOrBase64OfTheSameBytes_givesTheSameKey() {
        byte[] bytes = Base64.getDecoder().decode(SecretStoreKey.generate());

        SecretStoreKey fromHex = SecretStoreKey.fromText(HexFormat.of().formatHex(bytes), "the secret arn:x");
        SecretStoreKey fromBase64 = SecretStoreKey.fromText(Base64.getEncoder().encodeToString(bytes) + "\n", "the secret arn:x");

        assertThat(fromHex.key().getEncoded()).isEqualTo(bytes).isEqualTo(fromBase64.key().getEncoded());
        assertThat(fromHex.toString()).contains("arn:x").doesNotContain(HexFormat.of().formatHex(bytes));
    }

    @Test
    void fromText_whenEmptyOrTheWrongLength_isRefusedNamingTheSource() {
        assertThatThrownBy(() -> SecretStoreKey.fromText(" ", "the secret arn:x"))
                .isInstanceOf(DomainException.class).hasMessageContaining("arn:x");
        assertThatThrownBy(() -> SecretStoreKey.fromText("abcd".repeat(8), "the secret arn:y"))
                .isInstanceOf(DomainException.class).hasMessageContaining("arn:y");
    }
}
