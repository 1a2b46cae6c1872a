package io.switchboard.bus.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;

/** Lets tests of other packages parse event lines the way the bus does. */
public final class EventParserAccess {

    private final EventParser parser = new EventParser(new ObjectMapper());

    public CanonicalEvent parse(String line) {
        return parser.parse(line).event();
    }
}
