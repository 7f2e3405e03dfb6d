package com.wfp.local.gateway;

import com.wfp.adapters.pod.BoundedBodyReader;
import com.wfp.workflow.error.DomainException;

/** The gateway's bound on request bodies: the shared bounded reader with the gateway's refusal. */
final class RequestBodyLimit {

    private RequestBodyLimit() {
    }

    /** A reader refusing (413) any body over {@code maxBytes}, after reading it to its end. */
    static BoundedBodyReader reader(int maxBytes) {
        return new BoundedBodyReader(maxBytes, declared -> {
            String size = declared >= 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
            return new DomainException("request.too-large", 413,
                    "The request body is " + size + "; the gateway accepts at most " + maxBytes + " bytes",
                    "Send a smaller document; a workflow may be at most 1 MiB.");
        });
    }
}
