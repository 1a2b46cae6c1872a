/** How bundles make their objects storable in the grid without Java serialization. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.api.grid;
