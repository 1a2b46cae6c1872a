package io.switchboard.recording.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Segment files in an S3-compatible bucket. An S3 object cannot grow, and a media server needs
 * each sealed chunk in the store when its write returns (that is what a failover keeps), so a
 * file is a run of objects {@code <name>/<8-digit part>}: each flush of the file's stream (the
 * header, then every chunk) is one PUT; reading a file lists its parts and reads them in order.
 * Larger chunks (the media server's {@code chunkMillis}) mean fewer requests.
 */
final class S3Store implements RecordingStore {

    private final S3Client s3;

    S3Store(S3Client s3) {
        this.s3 = s3;
    }

    /** Store names as DiskStore takes them: relative, '/'-separated, no "." or ".." segment. */
    static String check(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\\")) {
            throw new IllegalArgumentException("file name outside the store: " + name);
        }
        for (String seg : name.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("file name outside the store: " + name);
            }
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20) {
                throw new IllegalArgumentException("file name outside the store: " + name);
            }
        }
        return name;
    }

    static String part(String name, int index) {
        return name + "/" + String.format("%08d", index);
    }

    @Override
    public OutputStream create(String name) throws IOException {
        check(name);
        if (s3.exists(part(name, 0))) {
            throw new FileAlreadyExistsException(describe() + "/" + name);
        }
        return new PartStream(name);
    }

    @Override
    public InputStream open(String name) throws IOException {
        check(name);
        List<String> parts = new ArrayList<>();
        for (String key : s3.list(name + "/")) {
            if (key.length() == name.length() + 9 && key.substring(name.length() + 1).matches("[0-9]{8}")) {
                parts.add(key);
            }
        }
        if (parts.isEmpty()) {
            throw new NoSuchFileException(describe() + "/" + name);
        }
        Collections.sort(parts);
        Iterator<String> it = parts.iterator();
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return new java.io.ByteArrayInputStream(s3.get(it.next()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        };
    }

    @Override
    public boolean exists(String name) {
        check(name);
        try {
            return s3.exists(part(name, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String describe() {
        return s3.describe();
    }

    /** Bytes written since the last flush become the next part when flushed. */
    private final class PartStream extends OutputStream {
        private final String name;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private int next;
        private boolean closed;

        PartStream(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            open();
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            open();
            pending.write(b, off, len);
        }

        private void open() throws IOException {
            if (closed) {
                throw new IOException("segment file " + name + " is closed");
            }
        }

        @Override
        public void flush() throws IOException {
            open();
            if (pending.size() == 0) {
                return;
            }
            s3.put(part(name, next), pending.toByteArray());
            next++;
            pending.reset();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                flush();
                closed = true;
            }
        }
    }
}
