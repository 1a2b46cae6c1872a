package io.switchboard.rest.internal;

import java.util.List;

/**
 * The event streams this node serves, as the shell and JMX read them. The statistics servlet
 * registers under this interface too, so that readers find it by what they need of it rather than
 * by casting a {@code Servlet} reference.
 */
public interface StreamDirectory {

    /** The live event streams of this node, sorted by peer. */
    List<StreamInfo> streams();
}
