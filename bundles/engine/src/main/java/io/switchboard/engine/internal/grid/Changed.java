package io.switchboard.engine.internal.grid;

import io.switchboard.engine.internal.stats.Changes;
import java.util.List;

/**
 * What one grid operation changed in its object's histories (the last element of an apply
 * operation's results): see {@link Changes}.
 */
record Changed(List<String> names) {
}
