package io.switchboard.eventlog.jdbc.internal;

import io.switchboard.bus.internal.JournalFeed;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.journal.Journal;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's JDBC sink in a JVM of its own, for the test that SIGKILLs it: it reports on stdout
 * how many events it has written, slowly enough to be killed part-way.
 */
public final class KilledWriter {

    private KilledWriter() {
    }

    public static void main(String[] args) throws Exception {
        Journal journal = new Journal(Paths.get(args[0]), 1 << 20, true);
        JdbcEventLog log = new JdbcEventLog("jdbc:derby:db;create=true", "EVENTS", Paths.get(args[2]));
        log.open();
        AtomicLong written = new AtomicLong();
        JournalFeed.feed(journal, Paths.get(args[1]), "jdbc", StartPosition.OLDEST, batch -> {
            // written in pieces, so a kill can fall between a commit and the position file
            for (int i = 0; i < batch.size(); i += 100) {
                log.write(batch.subList(i, Math.min(batch.size(), i + 100)));
                System.out.println("written " + written.addAndGet(Math.min(100, batch.size() - i)));
                System.out.flush();
                Thread.sleep(20);
            }
        });
        Thread.sleep(Long.MAX_VALUE);
    }
}
