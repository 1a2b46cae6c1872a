package io.switchboard.recording.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Where segment files go (disk by default). Names are relative paths with '/' separators. */
interface RecordingStore {

    /** A new file; it must not exist yet. */
    OutputStream create(String name) throws IOException;

    InputStream open(String name) throws IOException;

    boolean exists(String name);

    /** For logs and the shell: {@code disk:/path} and the like. */
    String describe();
}
