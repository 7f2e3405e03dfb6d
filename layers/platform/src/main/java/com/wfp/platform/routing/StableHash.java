package com.wfp.platform.routing;

/**
 * 64-bit hashing that gives the same value on every JVM, platform and run, unlike
 * {@link String#hashCode()} mixes it well enough for routing. FNV-1a over the UTF-16 units,
 * then the MurmurHash3 finalizer, which spreads every input bit over every output bit.
 */
final class StableHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StableHash() {
    }

    /** The hash of {@code text} under {@code seed}; allocation-free. */
    static long of(CharSequence text, long seed) {
        long h = FNV_OFFSET ^ seed;
        for (int i = 0, n = text.length(); i < n; i++) {
            h ^= text.charAt(i);
            h *= FNV_PRIME;
        }
        return mix(h ^ text.length());
    }

    /** MurmurHash3's fmix64: a bijection on 64-bit values with full avalanche. */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    /** {@code bits} mapped uniformly onto {@code [0, bound)}, by the high half of the 128-bit product. */
    static int below(long bits, int bound) {
        return (int) Math.unsignedMultiplyHigh(bits, bound);
    }
}
