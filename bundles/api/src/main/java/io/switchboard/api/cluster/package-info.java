/** The cluster's solution (API.md, "Cluster"): its members and what each owns. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.switchboard.api.cluster;
