package io.switchboard.recording.internal.command;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

final class Format {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String instant(Long ms) {
        return ms == null ? "-" : INSTANT.format(Instant.ofEpochMilli(ms));
    }

    static String or(String s) {
        return s == null ? "-" : s;
    }
}
