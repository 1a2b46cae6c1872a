package io.switchboard.eventlog.jms.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventRules;
import io.switchboard.api.event.EventType;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/** A generated run of valid events and a Camel context for the JMS sink (the journal and dispatcher: the bus's JournalFeed). */
final class Feed {

    private Feed() {
    }

    /**
     * {@code perSource} events of calls queued, answered and released on each of {@code sources}
     * sources, interleaved. Every one passes the bus's rules: the dispatcher drops a journal line its
     * parser refuses, so an invalid test event (a CallEstablished without its dn) would never reach
     * the sink and look like a lost message.
     */
    static List<CanonicalEvent> run(int sources, int perSource) {
        List<CanonicalEvent> all = new ArrayList<>();
        EventType[] cycle = {EventType.CallQueued, EventType.CallEstablished, EventType.CallReleased};
        for (int i = 0; i < perSource; i++) {
            for (int s = 1; s <= sources; s++) {
                CanonicalEvent.Builder b = CanonicalEvent.builder(cycle[i % 3]).ts(1_772_442_000_000L + i)
                        .source("node" + s).seq(i + 1).tenant("t").call("c" + s + "-" + i / 3).queue("q1");
                if (i % 3 != 0) {
                    b.dn("d" + s).agent("a" + s);
                }
                CanonicalEvent e = b.build();
                String error = EventRules.check(e);
                if (error != null) {
                    throw new IllegalStateException("generated an event the bus refuses: " + error);
                }
                all.add(e);
            }
        }
        return all;
    }

    static CamelContext camel() {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        return camel;
    }
}
