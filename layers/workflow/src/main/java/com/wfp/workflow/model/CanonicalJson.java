package com.wfp.workflow.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, numbers as Jackson writes
 * them. Two documents that differ only in key order or formatting have the same canonical form
 * and therefore the same sha256, which is the release fingerprint.
 */
public final class CanonicalJson {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .nodeFactory(new com.fasterxml.jackson.databind.node.JsonNodeFactory(true))
            .build();

    private CanonicalJson() {
    }

    /** The canonical text of a JSON tree. */
    public static String of(JsonNode tree) {
        try {
            Object sorted = CANONICAL.treeToValue(tree, Object.class);
            return CANONICAL.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written back as JSON", e);
        }
    }

    /** Lower-case hex sha256 of the canonical UTF-8 text. */
    public static String sha256(JsonNode tree) {
        return sha256Hex(of(tree));
    }

    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
