package io.switchboard.api.interaction;

/**
 * The interaction ids a node generates, {@code <node>-<counter in base 36>}: such an id names the
 * node that holds it, so a proxy asks that node alone and its answer is definite, whichever other
 * node is down and whatever the proxy's cache has forgotten. Client ids of that form for a node
 * of the cluster are refused, or the proof would not hold.
 */
public final class GeneratedIds {

    private GeneratedIds() {
    }

    /** The id {@code node} generates for its {@code counter}-th interaction. */
    public static String id(String node, long counter) {
        return node + "-" + Long.toString(counter, 36);
    }

    /** The node name an id of the generated form names (everything before its last dash), else null. */
    public static String nodeOf(String id) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            return null;
        }
        for (int k = dash + 1; k < id.length(); k++) {
            char c = id.charAt(k);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return null;
            }
        }
        return id.substring(0, dash);
    }
}
