package io.switchboard.adapter.queuelog.internal;

import java.nio.file.Path;

/** What a queue_log reader is doing: where it is in which file, how fast, what it sent. */
public record QueueLogProgress(String source, Path file, QueueLogFileReader.Mode mode, String state, long generation,
        long line, long position, long size, double linesPerSecond, long sent, QueueLogMapper.Stats stats) {

    /** How much of the file (as it is now) was read. */
    public int percent() {
        return size <= 0 ? 100 : (int) Math.min(100, position * 100 / size);
    }
}
