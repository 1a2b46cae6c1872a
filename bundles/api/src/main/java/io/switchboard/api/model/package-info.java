/** Monitored objects, stat types and values (STATISTICS.md). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.api.model;
