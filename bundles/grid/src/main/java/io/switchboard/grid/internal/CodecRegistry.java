package io.switchboard.grid.internal;

import io.switchboard.api.grid.GridCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The codecs registered by bundles, looked up by class when writing and by id when reading. */
public final class CodecRegistry {

    private final Map<Class<?>, GridCodec<?>> byClass = new ConcurrentHashMap<>();
    private final Map<Integer, GridCodec<?>> byId = new ConcurrentHashMap<>();

    public void add(GridCodec<?> codec) {
        GridCodec<?> previous = byId.putIfAbsent(codec.typeId(), codec);
        if (previous != null && previous != codec) {
            throw new IllegalArgumentException("grid codec type id " + codec.typeId() + " of "
                    + codec.type().getName() + " is already used by " + previous.type().getName());
        }
        byClass.put(codec.type(), codec);
    }

    public void remove(GridCodec<?> codec) {
        byId.remove(codec.typeId(), codec);
        byClass.remove(codec.type(), codec);
    }

    GridCodec<?> forClass(Class<?> type) {
        return byClass.get(type);
    }

    GridCodec<?> forId(int id) {
        return byId.get(id);
    }
}
