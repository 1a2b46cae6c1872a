/** Capture points (API.md "Capture points"): what a REST capture point offers the HTTP API. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.switchboard.api.capture;
