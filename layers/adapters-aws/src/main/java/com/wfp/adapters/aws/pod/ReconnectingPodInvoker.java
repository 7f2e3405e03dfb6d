package com.wfp.adapters.aws.pod;

import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodInvoker;
import com.wfp.workflow.error.DomainException;

import java.net.ConnectException;

/**
 * The route function's way to its pods on AWS: a call goes to the address the
 * {@link PodAddressBook} has for the user; when the connection is refused (the task was replaced
 * since the address was cached), the address is read again and, if it changed, the call is sent
 * once more. Only a refused connection is retried: the pod never saw that request.
 */
public final class ReconnectingPodInvoker implements PodInvoker {

    private final PodClient client;
    private final PodAddressBook addresses;

    public ReconnectingPodInvoker(PodClient client, PodAddressBook addresses) {
        this.client = client;
        this.addresses = addresses;
    }

    @Override
    public PodAnswer invoke(PodCall call) {
        PodEndpoint first = addresses.apply(call.user());
        try {
            return client.run(first, call);
        } catch (DomainException e) {
            if (!connectionRefused(e)) {
                throw e;
            }
            addresses.forget(call.user());
            PodEndpoint again = addresses.apply(call.user());
            if (again.baseUrl().equals(first.baseUrl())) {
                throw e;
            }
            return client.run(again, call);
        }
    }

    private static boolean connectionRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
