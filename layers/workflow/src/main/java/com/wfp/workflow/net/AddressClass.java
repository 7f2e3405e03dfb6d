package com.wfp.workflow.net;

/**
 * Where an IP address points. Everything but {@link #PUBLIC} is off limits for outbound
 * requests from a production workflow, since it would let a workflow reach the platform's own
 * network (server-side request forgery).
 */
public enum AddressClass {
    PUBLIC("a public address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private-network address"),
    LINK_LOCAL("a link-local address"),
    METADATA("a cloud metadata address"),
    UNSPECIFIED("the unspecified address"),
    MULTICAST("a multicast address"),
    RESERVED("a reserved address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** Plain words for messages: "a loopback address". */
    public String description() {
        return description;
    }

    public boolean isPublic() {
        return this == PUBLIC;
    }
}
