/** Configuration objects: tenants, agents, places, DNs, queues, groups and media types. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.api.config;
