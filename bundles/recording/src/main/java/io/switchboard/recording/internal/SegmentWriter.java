package io.switchboard.recording.internal;

import java.io.IOException;

/** Where a media server puts one segment: sealed chunks, then a final chunk on a clean stop. */
interface SegmentWriter {

    /** Seals and writes one chunk; when it returns the chunk is in the store. */
    void write(byte[] plain) throws IOException;

    /** Writes the final chunk: the file is complete. */
    void close() throws IOException;

    /** Drops the file handle without a final chunk (what a dying media server leaves). */
    void abort();

    /** Bytes written so far, header included. */
    long bytes();
}
