package io.switchboard.recording.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Segment files under one directory (a shared disk array when media servers run on several nodes). */
final class DiskStore implements RecordingStore {

    private final Path root;

    DiskStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    private Path path(String name) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("file name outside the store: " + name);
        }
        return p;
    }

    @Override
    public OutputStream create(String name) throws IOException {
        Path p = path(name);
        Files.createDirectories(p.getParent());
        return Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(path(name));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    @Override
    public String describe() {
        return "disk:" + root;
    }

    Path root() {
        return root;
    }
}
