/** The canonical event (EVENTS.md) and the ingest services that accept it. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.switchboard.api.event;
