package io.switchboard.api.capture;

import io.switchboard.api.interaction.Interaction;
import java.util.Map;

/**
 * A REST capture point: the tasks it creates from documents through the Interaction Server Proxy,
 * so that it sees them on every node. Registered with {@value #PATH}, the segment of
 * {@code /api/v1/capture/<path>/tasks}. Refusals are {@link io.switchboard.api.interaction.InteractionException}s:
 * 400 naming the document's field, 404 for an id this capture point did not create.
 */
public interface CaptureTasks {

    /** Service property: the capture point's segment of the URL. */
    String PATH = "capture.path";

    /** A document {@code {"id"?, "queue"?, "priority"?, "data": {...}}} as JSON text, submitted. */
    Interaction submit(String document);

    Interaction get(String id);

    /** Adds or replaces attached data of a task of this capture point. */
    Interaction update(String id, Map<String, String> data);

    Interaction stop(String id, String reason);
}
