/** Errors and input limits shared by every Switchboard service. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.switchboard.api;
