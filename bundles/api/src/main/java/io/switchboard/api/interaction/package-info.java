/**
 * Interactions (API.md "Interactions"): the Interaction Server node and proxy services, their
 * model, and the proxy error codes 2000–2006.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.switchboard.api.interaction;
