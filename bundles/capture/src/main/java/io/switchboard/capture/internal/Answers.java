package io.switchboard.capture.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.interaction.Interaction;

/** What a capture point answers, as JSON text: the created interaction, or the error form of API.md. */
final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    static String created(Interaction i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", i.id());
        n.put("node", i.node());
        return n.toString();
    }

    static String error(RuntimeException e) {
        ObjectNode n = JSON.createObjectNode();
        if (e instanceof SwitchboardException s) {
            n.put("code", s.code());
            n.put("error", s.error());
            n.put("detail", s.detail() == null ? "" : s.detail());
        } else {
            n.put("code", 500);
            n.put("error", "internal error: " + e);
            n.put("detail", "");
        }
        return n.toString();
    }
}
