package io.switchboard.eventlog.jms.internal;

import io.switchboard.bus.internal.JournalFeed;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.journal.Journal;
import io.switchboard.jms.BrokerConnections;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's JMS sink in a JVM of its own, for the test that SIGKILLs it: it reports on stdout how
 * many events the broker has taken, slowly enough to be killed part-way.
 * Arguments: journal directory, positions directory, broker URL, destination.
 */
public final class KilledSender {

    private KilledSender() {
    }

    public static void main(String[] args) throws Exception {
        Journal journal = new Journal(Paths.get(args[0]), 1 << 20, true);
        JmsEventLog log = new JmsEventLog(Feed.camel(), BrokerConnections.pool(args[2], "", ""), args[3], "eventlog-jms");
        log.start();
        AtomicLong sent = new AtomicLong();
        JournalFeed.feed(journal, Paths.get(args[1]), "jms", StartPosition.OLDEST, batch -> {
            // in pieces, so a kill can fall between the broker taking some and the position file
            for (int i = 0; i < batch.size(); i += 50) {
                log.write(batch.subList(i, Math.min(batch.size(), i + 50)));
                System.out.println("sent " + sent.addAndGet(Math.min(50, batch.size() - i)));
                System.out.flush();
                Thread.sleep(20);
            }
        });
        Thread.sleep(Long.MAX_VALUE);
    }
}
