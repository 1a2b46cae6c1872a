/**
 * The canonical JSON line of an event (EVENTS.md), exported so that event-logger sinks write
 * exactly what the journal holds and the parser reads.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.bus.json;
