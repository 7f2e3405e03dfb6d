package com.wfp.adapters.aws.pod;

import com.wfp.platform.port.PodEndpoint;
import com.wfp.workflow.error.DomainException;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where each user's pod listens on AWS: its Fargate service registers in the platform's Cloud Map
 * private DNS namespace under a name made from the user id, so the address follows from the user
 * alone, for instance {@code http://pod-{user}.wfp.internal:8080}. The route function, in the
 * same VPC, resolves it through the VPC's DNS.
 */
public final class CloudMapPodEndpoints implements Function<String, PodEndpoint> {

    /** The placeholder the URL template must contain. */
    public static final String USER_PLACEHOLDER = "{user}";

    private final String template;
    private final PodTokens tokens;
    /** Asked on every production call; the HMAC is worked out once per user, not per call. */
    private final ConcurrentHashMap<String, PodEndpoint> byUser = new ConcurrentHashMap<>();

    /**
     * @param template the pod base URL with {@value #USER_PLACEHOLDER} where the user id goes
     */
    public CloudMapPodEndpoints(String template, PodTokens tokens) {
        if (template == null || !template.contains(USER_PLACEHOLDER)) {
            throw new DomainException("config.invalid-pod-url", 500,
                    "The pod URL template '" + template + "' has no " + USER_PLACEHOLDER + " placeholder",
                    "Set WFP_POD_URL_TEMPLATE to the pods' address with {user} in it, such as "
                            + "http://pod-{user}.wfp.internal:8080.");
        }
        URI sample = URI.create(template.replace(USER_PLACEHOLDER, "sample"));
        if (!"http".equals(sample.getScheme()) && !"https".equals(sample.getScheme()) || sample.getHost() == null) {
            throw new DomainException("config.invalid-pod-url", 500,
                    "The pod URL template '" + template + "' is not an http(s) URL with a host",
                    "Set WFP_POD_URL_TEMPLATE to something like http://pod-{user}.wfp.internal:8080.");
        }
        this.template = template;
        this.tokens = tokens;
    }

    @Override
    public PodEndpoint apply(String user) {
        // User ids are lower-case letters, digits and hyphens (InputRules), so they are valid DNS labels as they are.
        return byUser.computeIfAbsent(user, u -> new PodEndpoint(URI.create(template.replace(USER_PLACEHOLDER, u)),
                tokens.tokenOf(u)));
    }
}
