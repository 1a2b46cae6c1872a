/** Event-logger sinks (API.md "Event-logger sinks"): the service a sink bundle registers for the bus to feed. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.switchboard.api.eventlog;
