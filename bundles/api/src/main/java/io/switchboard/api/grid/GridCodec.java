package io.switchboard.api.grid;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads one class of objects that live in (or travel through) the grid. Bundles
 * register codecs as OSGi services; the grid bundle's serializer delegates to them, so state
 * classes stay free of Hazelcast and the wire form is explicit and versionable.
 *
 * @param <T> the class handled
 */
public interface GridCodec<T> {

    /** Unique over all codecs of the installation; written before each value. */
    int typeId();

    Class<T> type();

    void write(DataOutput out, T value) throws IOException;

    T read(DataInput in) throws IOException;
}
