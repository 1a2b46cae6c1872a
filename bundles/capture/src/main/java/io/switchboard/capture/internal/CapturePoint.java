package io.switchboard.capture.internal;

import io.switchboard.api.capture.CaptureTasks;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionService;
import io.switchboard.api.interaction.SubmitRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every type of capture point does with a document: an interaction of its tenant and media,
 * in the document's queue or its own, submitted through the proxy (which places it on whichever
 * node takes it and finds it again on any). Each interaction is marked with the capture point's
 * name in its attached data, so that it reads, updates and stops only what it created, on every
 * node and after a restart, without a list of its own to lose.
 */
final class CapturePoint implements CaptureTasks {

    record Settings(String name, String tenant, String media, String queue) {
    }

    private final Settings settings;
    private final InteractionService proxy;

    CapturePoint(Settings settings, InteractionService proxy) {
        this.settings = settings;
        this.proxy = proxy;
    }

    String name() {
        return settings.name();
    }

    @Override
    public Interaction submit(String document) {
        CaptureDocument doc = CaptureDocument.parse(document);
        return proxy.submit(request(doc, doc.id()));
    }

    /**
     * Submits a document that may come again, as a file does when a crash falls between its
     * submission and its move: a document without an id gets {@code idIfNone}, which the caller
     * derives from what makes the document this one, so the second submission finds the first
     * (the proxy refuses an id in use on any node) and answers it instead of creating a twin. The
     * same goes for a document with its own id whose interaction this capture point created from
     * the same data; another document reusing that id is still refused.
     */
    Interaction submitOnce(String document, String idIfNone) {
        CaptureDocument doc = CaptureDocument.parse(document);
        SubmitRequest r = request(doc, doc.id() != null ? doc.id() : idIfNone);
        try {
            return proxy.submit(r);
        } catch (InteractionException e) {
            if (e.status() != 409 || !"id".equals(e.detail())) {
                throw e;
            }
            Interaction earlier;
            try {
                earlier = get(r.id());
            } catch (InteractionException notOurs) {
                throw e;
            }
            if (!earlier.data().equals(r.data())) {
                throw e;
            }
            return earlier;
        }
    }

    private SubmitRequest request(CaptureDocument doc, String id) {
        String queue = doc.queue() != null ? doc.queue() : settings.queue();
        if (queue == null || queue.isEmpty()) {
            throw InteractionException.badRequest("missing field 'queue' (capture point " + settings.name()
                    + " has no queue of its own)", "queue");
        }
        Map<String, String> data = new LinkedHashMap<>(doc.data());
        data.put(CaptureDocument.MARK, settings.name());
        return new SubmitRequest(settings.tenant(), settings.media(), queue, id, doc.priority(), data);
    }

    @Override
    public Interaction get(String id) {
        Interaction i;
        try {
            i = proxy.get(id);
        } catch (InteractionException e) {
            throw e.status() == 404 ? notOurs(id) : e;
        }
        if (!settings.name().equals(i.data().get(CaptureDocument.MARK))) {
            // another capture point's or a client's: as far as this one knows it does not exist
            throw notOurs(id);
        }
        return i;
    }

    private InteractionException notOurs(String id) {
        return new InteractionException(404, 404, "capture point " + settings.name() + " created no interaction '"
                + id + "'", "id");
    }

    @Override
    public Interaction update(String id, Map<String, String> data) {
        get(id);
        if (data.containsKey(CaptureDocument.MARK)) {
            throw InteractionException.badRequest("field 'data." + CaptureDocument.MARK
                    + "' is set by the capture point", "data." + CaptureDocument.MARK);
        }
        return proxy.updateData(id, data);
    }

    @Override
    public Interaction stop(String id, String reason) {
        get(id);
        return proxy.stop(id, reason == null || reason.isEmpty() ? "stopped by capture point " + settings.name()
                : reason);
    }
}
