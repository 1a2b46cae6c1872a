package io.switchboard.api.recording;

/**
 * A stretch of a recording made by one media server. A recording whose media server failed
 * has several; {@code gapMillis} is the time before this segment's first frame that no media
 * server recorded (for the first: 0, or the wait when no media server could take the call at
 * once). {@code end} is null while it records; for a segment cut by
 * a failure it is the end of the last frame that reached the store. {@code chunks} is how many
 * sealed chunks the file holds, which lets playback tell a truncated file from a complete one.
 */
public record Segment(int index, String mediaServer, long start, Long end, long gapMillis, String file,
        long bytes, int chunks, boolean complete) {

    public Segment withProgress(long end, long bytes, int chunks) {
        return new Segment(index, mediaServer, start, end, gapMillis, file, bytes, chunks, complete);
    }

    public Segment closed(boolean complete) {
        return new Segment(index, mediaServer, start, end == null ? start : end, gapMillis, file, bytes, chunks,
                complete);
    }
}
