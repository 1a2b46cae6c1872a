/**
 * Interaction recording (API.md "Recording"): recordings and their segments, per-tenant rules
 * and profile, media servers, the service that searches and plays recordings back, and (1.1)
 * the crypto service that wraps and unwraps the files' keys.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.switchboard.api.recording;
