/** The statistics service that clients (HTTP, shell, JMX) use. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.switchboard.api.stats;
