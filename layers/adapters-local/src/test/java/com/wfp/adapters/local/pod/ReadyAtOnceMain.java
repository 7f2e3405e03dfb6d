package com.wfp.adapters.local.pod;

/** The cheapest process that satisfies the ready contract: the baseline of pod start benchmarks. */
public final class ReadyAtOnceMain {

    private ReadyAtOnceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("{\"event\":\"pod.ready\",\"port\":1}");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
