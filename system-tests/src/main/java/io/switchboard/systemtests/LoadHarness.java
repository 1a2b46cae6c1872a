package io.switchboard.systemtests;

/** Placeholder, replaced below. */
public final class LoadHarness {
    public static void main(String[] args) {
    }
}
