package com.wfp.adapters.local.pod;

/** A pod that never becomes ready: it writes one line to stderr and waits, for the readiness-timeout test. */
public final class SilentPodMain {

    private SilentPodMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.err.println("silent pod: loading something that never finishes");
        System.err.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
